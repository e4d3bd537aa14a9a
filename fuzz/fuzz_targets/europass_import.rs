//! Europass import: any text, read as Candidate, v3.4.1 or first-format XML
//! and as v3 JSON, gives a refusal or a CV `vita check` accepts, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../holds.rs"]
mod holds;

fuzz_target!(|src: &str| {
    holds::holds(vita_europass::import::load(src));
    holds::holds(vita_europass_v3::import::load(src));
    holds::holds(vita_europass_v3::import::load_json(src));
    let _ = vita_europass::import::html_to_rich(src);
});
