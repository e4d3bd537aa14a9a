//! JSON Resume import: any text gives a document or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let _ = vita_jsonresume::import::load(src);
});
