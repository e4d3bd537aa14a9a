//! LinkedIn export import: any text, cut at NUL bytes into the export's
//! files (Profile.csv first), gives a refusal or a CV `vita check`
//! accepts, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../holds.rs"]
mod holds;

const NAMES: &[&str] = &["Profile.csv", "Positions.csv", "Education.csv", "Publications.csv", "Languages.csv", "Honors.csv", "Certifications.csv"];

fuzz_target!(|src: &str| {
    let files: Vec<(String, String)> = src.split('\0').zip(NAMES).map(|(text, name)| (name.to_string(), text.to_string())).collect();
    holds::holds(vita_linkedin::load(&files));
});
