//! Publication files: any text read as BibTeX, CSL-JSON or ORCID gives
//! entries or an error; the entries, settled as `vita import` settles them,
//! make a section `vita check` accepts; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    for source in vita::registry::SOURCES {
        let mut read = (source.read)(src);
        if read.diagnostics.iter().any(vita_model::Diagnostic::is_error) {
            continue;
        }
        vita_model::source::settle(&mut read);
        let mut list = vita_model::PublicationList { title: "P".into(), ..Default::default() };
        vita_model::source::merge(&mut list, "sections[0]", "f.bib", &read.entries);
        let cv = vita_model::Cv {
            person: vita_model::Person { name: "A".into(), ..Default::default() },
            sections: vec![vita_model::Section::Publications(list)],
            ..Default::default()
        };
        let ron = vita_model::to_ron(&cv).expect("RON");
        let again = vita_model::load(&ron);
        assert!(again.document.is_some(), "a settled section fails the check: {:?}\n{ron}", again.diagnostics);
    }
});
