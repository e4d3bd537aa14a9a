//! vita's canonical layout (`vita_model::layout::layout`, the language
//! server's formatting): every example CV is in it already, so laying one
//! out changes nothing; one whose indentation is lost gets it back, byte for
//! byte, comments and blank lines in place; and what it lays out reads as
//! the same CV.

use crate::common::*;

#[test]
fn the_examples_are_in_the_canonical_layout_and_a_flattened_one_comes_back() {
    let mut files = files_with(&root().join("examples"), "ron");
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let mut differ = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let laid = vita_model::layout::layout(&text).unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
        if laid != text && blessing() {
            std::fs::write(f, &laid).unwrap();
            continue;
        }
        if laid != text {
            let line = laid.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
            differ.push(format!(
                "{}:{}:\n  laid out: {:?}\n  written:  {:?}",
                f.display(),
                line + 1,
                laid.lines().nth(line),
                text.lines().nth(line)
            ));
            continue;
        }
        // Without its indentation, and with spaces where there were none.
        let flat: String = text.lines().map(|l| format!("{}\n", l.trim_start())).collect();
        assert_eq!(vita_model::layout::layout(&flat).unwrap(), text, "{}", f.display());
        if let (Ok(a), Ok(b)) = (vita_model::parse(&text), vita_model::parse(&laid)) {
            assert!(a == b, "{}", f.display());
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
