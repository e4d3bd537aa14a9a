//! JSON Resume import: any text gives a refusal (an error) or a CV that
//! `vita check` accepts, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../holds.rs"]
mod holds;

fuzz_target!(|src: &str| {
    holds::holds(vita_jsonresume::import::load(src));
});
