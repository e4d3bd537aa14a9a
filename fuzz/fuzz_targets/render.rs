//! Rendering: every valid document renders in every format, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vita::registry::BACKENDS;
use vita_backend::Options;

fuzz_target!(|src: &str| {
    if let Some(doc) = vita_model::load(src).document {
        for b in BACKENDS {
            if let Err(e) = b.render(&doc, &Options::default()) {
                panic!("{} failed on a valid CV: {e:#}", b.name());
            }
        }
    }
});
