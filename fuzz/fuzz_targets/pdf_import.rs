//! Europass PDF import: any bytes, read as a PDF that may carry a Candidate
//! XML, give the XML or a refusal within vita's budgets, never a panic, a
//! stack overflow or memory out of proportion.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(xml) = vita_europass::import::from_pdf(bytes.to_vec()) {
        let _ = vita_europass::import::load(&xml);
    }
});
