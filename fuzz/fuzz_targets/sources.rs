//! Publication files: any text read as BibTeX, CSL-JSON or ORCID, then
//! merged into a section, gives entries or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    for source in vita::registry::SOURCES {
        let read = (source.read)(src);
        let mut list = vita_model::PublicationList { title: "P".into(), from: Some("f.bib".into()), ..Default::default() };
        vita_model::source::merge(&mut list, "sections[0]", "f.bib", &read.entries);
    }
});
