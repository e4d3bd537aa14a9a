//! Golden files: for each example, the expected output of each backend under
//! `tests/golden/<example>/`, compared byte for byte. `VITA_BLESS=1` rewrites
//! them; an expected file that no build produces fails.

mod common;

use common::*;

#[test]
fn every_example_matches_its_golden_outputs() {
    let mut failures = Vec::new();
    let golden = root().join("tests/golden");
    let examples = files_with(&root().join("examples"), "ron");
    for ex in &examples {
        let stem = ex.file_stem().unwrap().to_str().unwrap();
        let out = tempfile::tempdir().unwrap();
        let rel = format!("examples/{stem}.ron");
        let run = vita(&["build", &rel, "-o", out.path().to_str().unwrap()]);
        assert!(run.status.success(), "{rel}: {}", String::from_utf8_lossy(&run.stderr));
        let dir = golden.join(stem);
        let mut produced = Vec::new();
        for f in std::fs::read_dir(out.path()).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_owned();
            if let Err(e) = compare(&dir.join(&name), &std::fs::read(&f).unwrap()) {
                failures.push(e);
            }
            produced.push(name);
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries {
                let name = e.unwrap().file_name();
                if !produced.contains(&name) {
                    failures.push(format!("tests/golden/{stem}/{}: stale, no build produces it", name.to_string_lossy()));
                }
            }
        }
    }
    for e in std::fs::read_dir(&golden).into_iter().flatten() {
        let name = e.unwrap().file_name();
        if !examples.iter().any(|x| x.file_stem() == Some(&name)) {
            failures.push(format!("tests/golden/{}: stale, no example has this name", name.to_string_lossy()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn builds_are_byte_identical() {
    let a = vita(&["build", "examples/seojin-park.ron", "--format", "html", "-o", "-"]);
    let b = vita(&["build", "examples/seojin-park.ron", "--format", "html", "-o", "-"]);
    assert!(a.status.success());
    assert!(String::from_utf8_lossy(&a.stdout).contains("Efficient Strong Scaling Through Burst Parallel Training"));
    assert_eq!(a.stdout, b.stdout);
}
