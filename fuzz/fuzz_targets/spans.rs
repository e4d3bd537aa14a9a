//! The span scanner: any text gives a (partial) index, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let index = vita_model::SpanIndex::scan(src);
    for (path, _) in index.entries() {
        let _ = index.find(path);
    }
});
