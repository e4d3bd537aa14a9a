//! Following docs/adding-a-backend.md from a clean copy of the project gives
//! a working backend: `scripts/new-backend rst` (which writes the one
//! registration line), its golden files blessed, and then the whole test
//! suite passes with the new format in it. Builds in its own target folder
//! (`target/scaffold`), so the first run takes a while; without the Typst
//! engine (`--no-default-features`), which the guide does not touch, so the
//! copy's suite is also the suite of vita built without Typst.

use std::path::Path;
use std::process::Command;

use crate::common::*;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if [".git", "target", ".tools", "out", "artifacts", "coverage"].iter().any(|s| name == *s) {
            continue;
        }
        // The built page and its npm packages (made again by scripts/build-web).
        if from.ends_with("web") && (name == "dist" || name == "node_modules") {
            continue;
        }
        // The fuzzers' corpus, not the importers' (`tests/corpus`).
        if name == "corpus" && from.ends_with("fuzz") {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&name));
        if e.file_type().unwrap().is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/scaffold"))
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_guide_yields_a_working_backend() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("vita");
    copy_tree(&root(), &copy);
    // What the copy's tests read beside it: the reference files and the tools.
    #[cfg(unix)]
    {
        if root().join("../shared").exists() {
            std::os::unix::fs::symlink(std::fs::canonicalize(root().join("../shared")).unwrap(), tmp.path().join("shared")).unwrap();
        }
        if root().join(".tools").exists() {
            std::os::unix::fs::symlink(root().join(".tools"), copy.join(".tools")).unwrap();
        }
    }

    let said = run(&copy, "bash", &["scripts/new-backend", "rst"]);
    assert!(said.contains("    &vita_rst::Rst,\n"), "{said}");
    let registry = std::fs::read_to_string(copy.join("crates/vita-engine/src/registry.rs")).unwrap();
    assert!(registry.contains("    &vita_docx::Docx,\n    &vita_rst::Rst,\n    // new backends: one line above\n"), "{registry}");

    let formats = run(&copy, "cargo", &["run", "--offline", "-q", "--no-default-features", "--", "formats"]);
    assert!(formats.lines().any(|l| l.starts_with("rst ")), "{formats}");
    let built = run(
        &copy,
        "cargo",
        &["run", "--offline", "-q", "--no-default-features", "--", "build", "examples/minimal.ron", "--format", "rst", "-o", "-"],
    );
    assert!(built.starts_with("Ada Lovelace\n") && built.contains("Analytical Engine Project"), "{built}");
    // The guide's step 5: bless the new format's golden files, then the
    // whole suite passes (all but this test, which would run itself).
    let bless = Command::new("cargo")
        .args(["test", "--offline", "-q", "--no-default-features", "--test", "it", "golden::"])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", root().join("target/scaffold"))
        .env("VITA_BLESS", "1")
        .output()
        .unwrap();
    assert!(bless.status.success(), "{}", String::from_utf8_lossy(&bless.stderr));
    assert!(copy.join("tests/golden/seojin-park/cv.rst").exists());
    run(
        &copy,
        "cargo",
        &[
            "test",
            "--offline",
            "-q",
            "--no-default-features",
            "--workspace",
            "--exclude",
            "vita-typst",
            "--exclude",
            "vita-web",
            "--",
            "--skip",
            "the_guide_yields_a_working_backend",
        ],
    );
    // A second scaffold of the same name refuses.
    let again = Command::new("bash").args(["scripts/new-backend", "rst"]).current_dir(&copy).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}
