//! Rendering: every valid document renders in every format, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vita_backend::{Backend, Options};

const BACKENDS: &[&dyn Backend] = &[
    &vita_text::Text,
    &vita_html::Html,
    &vita_latex::Latex,
    &vita_jsonresume::JsonResume,
    &vita_europass::Europass,
    &vita_markdown::Markdown,
];

fuzz_target!(|src: &str| {
    if let Some(doc) = vita_model::load(src).document {
        for b in BACKENDS {
            if let Err(e) = b.render(&doc, &Options::default()) {
                panic!("{} failed on a valid CV: {e:#}", b.name());
            }
        }
    }
});
