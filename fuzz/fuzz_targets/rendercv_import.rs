//! RenderCV import: any text read as YAML gives a refusal or a CV `vita
//! check` accepts, never a panic (nor an alias bomb's memory).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../holds.rs"]
mod holds;

fuzz_target!(|src: &str| {
    holds::holds(vita_rendercv::load(src));
});
