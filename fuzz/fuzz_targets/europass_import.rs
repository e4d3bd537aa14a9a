//! Europass import: any text gives a CV or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let _ = vita_europass::import::load(src);
    let _ = vita_europass::import::html_to_rich(src);
});
