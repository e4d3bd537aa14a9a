//! Golden files: for each example, the expected output of every format under
//! `tests/golden/<example>/`, and of every target under
//! `tests/golden/<example>/targets/<target>/`, compared byte for byte (PDFs
//! and their stamps aside: they depend on the TeX installation).
//! `VITA_BLESS=1` rewrites them; an expected file that no build produces fails.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Every built-in format, as `vita formats` lists them: a new backend gets
/// golden files without touching this test.
fn formats() -> Vec<String> {
    let out = vita(&["formats"]);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.contains("(external"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

/// Files under a folder, relative, sorted; PDFs and stamps left out.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if !name.ends_with(".pdf") && !name.ends_with(".stamp") {
                    out.push(p.strip_prefix(dir).unwrap().to_path_buf());
                }
            }
        }
    }
    out.sort();
    out
}

fn compare_tree(built: &Path, golden: &Path, skip: Option<&str>, failures: &mut Vec<String>) {
    let produced = files_under(built);
    for rel in &produced {
        if let Err(e) = compare(&golden.join(rel), &std::fs::read(built.join(rel)).unwrap()) {
            failures.push(e);
        }
    }
    for rel in files_under(golden) {
        if skip.is_some_and(|s| rel.starts_with(s)) {
            continue;
        }
        if !produced.contains(&rel) {
            failures.push(format!("{}: stale, no build produces it", golden.join(rel).display()));
        }
    }
}

#[test]
fn every_example_matches_its_golden_outputs() {
    let mut failures = Vec::new();
    let golden = root().join("tests/golden");
    let examples = files_with(&root().join("examples"), "ron");
    for ex in &examples {
        let stem = ex.file_stem().unwrap().to_str().unwrap();
        let rel = format!("examples/{stem}.ron");
        let out = tempfile::tempdir().unwrap();
        let all = out.path().join("all");
        let formats = formats();
        let mut args = vec!["build", rel.as_str(), "-o", all.to_str().unwrap()];
        for f in &formats {
            args.extend(["--format", f.as_str()]);
        }
        let run = vita(&args);
        assert!(run.status.success(), "{rel}: {}", String::from_utf8_lossy(&run.stderr));
        compare_tree(&all, &golden.join(stem), Some("targets"), &mut failures);

        let text = std::fs::read_to_string(ex).unwrap();
        let targets = golden.join(stem).join("targets");
        if text.contains("targets:") {
            let built = out.path().join("targets");
            let run = vita(&["build", &rel, "-o", built.to_str().unwrap()]);
            assert!(run.status.success(), "{rel}: {}", String::from_utf8_lossy(&run.stderr));
            compare_tree(&built, &targets, None, &mut failures);
        } else if targets.exists() {
            failures.push(format!("{}: stale, {rel} defines no targets", targets.display()));
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
