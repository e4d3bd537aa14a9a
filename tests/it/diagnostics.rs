//! Every bad input in `tests/bad/` gives its exact diagnostic and exit code 2;
//! every input in `tests/warn/` passes with its exact warnings. Inputs are
//! RON CVs and JSON Resume files (`.json`).

use crate::common::*;

fn run_corpus(dir: &str, want_code: i32) {
    let dir = root().join("tests").join(dir);
    let mut failures = Vec::new();
    let mut inputs = files_with(&dir, "ron");
    inputs.extend(files_with(&dir, "json"));
    assert!(!inputs.is_empty());
    for input in &inputs {
        let rel = input.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let out = vita(&["check", &rel]);
        if out.status.code() != Some(want_code) {
            failures.push(format!(
                "{rel}: exit code {:?}, expected {want_code}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        if let Err(e) = compare(&input.with_extension("stderr"), &out.stderr) {
            failures.push(e);
        }
    }
    // A stale expected file (its input is gone) fails.
    for expected in files_with(&dir, "stderr") {
        if !expected.with_extension("ron").exists() && !expected.with_extension("json").exists() {
            failures.push(format!("{}: no input uses this expected file", expected.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_inputs_give_their_exact_diagnostics() {
    run_corpus("bad", 2);
}

#[test]
fn suspicious_inputs_give_warnings_and_pass() {
    run_corpus("warn", 0);
}
