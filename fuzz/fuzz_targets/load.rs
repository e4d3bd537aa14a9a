//! RON loading and validation: any text gives a document or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let checked = vita_model::load(src);
    for d in &checked.diagnostics {
        let _ = d.display("cv.ron").to_string();
    }
});
