//! Templates: any text as the user's override of the text format's page
//! template renders the minimal CV or fails with a message, within the
//! nesting, step and output budgets, never a panic or a stack overflow.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vita_backend::{Backend, Options};

fuzz_target!(|src: &str| {
    static DOC: OnceLock<vita_model::Document> = OnceLock::new();
    let doc = DOC.get_or_init(|| {
        vita_model::load(include_str!("../../examples/minimal.ron")).document.expect("the minimal CV is valid")
    });
    let backend = vita::registry::backend("text").expect("the text format");
    for (name, _) in backend.default_templates() {
        let mut options = Options::default();
        options.templates.insert(name.to_string(), src.to_string());
        let _ = backend.render(doc, &options);
    }
});
