//! Templates: any text as a template of the user's compiles and renders
//! with a CV-shaped context, or fails with a message, within the nesting,
//! step and output budgets, never a panic or a stack overflow. (One
//! template compiled per input: a whole format's set would make each run
//! ten times slower.)
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vita_view::engine;

fuzz_target!(|src: &str| {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    let data = DATA.get_or_init(|| {
        serde_json::json!({
            "person": {"name": "Ada é 😀", "email": "a@b.c", "profiles": [{"label": "x", "url": "y"}]},
            "sections": [
                {"title": "P", "is_group": false, "entries": [{"title": "T", "date": "2020"}, {"title": "U"}],
                 "publications": [{"number": 1, "title": "T", "authors": [{"name": "A", "owner": true, "sep": ""}]}]},
                {"title": "G", "is_group": true, "sections": [{"title": "In", "entries": []}]}
            ],
            "labels": {"colon": ":", "areas": "Areas"}
        })
    });
    if let Ok(hb) = engine::compile(&[("main.hbs", src)], &BTreeMap::new(), engine::verbatim) {
        let _ = engine::render(&hb, "main", data);
    }
});
