//! Europass import: any text, read as Candidate or v3.4.1 XML, gives a CV or
//! diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let _ = vita_europass::import::load(src);
    let _ = vita_europass_v3::import::load(src);
    let _ = vita_europass::import::html_to_rich(src);
});
