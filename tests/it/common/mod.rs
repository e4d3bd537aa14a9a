//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (tests run with relative paths from here).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `vita` binary from the project root.
pub fn vita(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vita")).args(args).current_dir(root()).env_remove("SOURCE_DATE_EPOCH").output().expect("run vita")
}

/// True when expected files are to be rewritten (`VITA_BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("VITA_BLESS").is_some_and(|v| v != "0")
}

/// Compares `actual` with the expected file, or rewrites it when blessing.
/// Returns a description of the difference.
pub fn compare(expected: &Path, actual: &[u8]) -> Result<(), String> {
    if blessing() {
        if let Some(p) = expected.parent() {
            std::fs::create_dir_all(p).unwrap();
        }
        std::fs::write(expected, actual).unwrap();
        return Ok(());
    }
    let want = std::fs::read(expected).map_err(|e| format!("{}: {e} (run with VITA_BLESS=1 to create it)", expected.display()))?;
    if want == actual {
        return Ok(());
    }
    let (w, a) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(actual));
    let line = w.lines().zip(a.lines()).position(|(x, y)| x != y).unwrap_or_else(|| w.lines().count().min(a.lines().count()));
    Err(format!(
        "{} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n(run with VITA_BLESS=1 to accept the new output)",
        expected.display(),
        line + 1,
        w.lines().nth(line).unwrap_or("<end of file>"),
        a.lines().nth(line).unwrap_or("<end of file>")
    ))
}

/// Files in a folder with an extension, sorted.
pub fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// Whether CI requires every external tool to be present.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reports a missing tool: fails under CI, otherwise says what is skipped
/// and why. The line goes straight to the process's standard error, past
/// the test harness's capture, so it shows in `cargo test`'s own output
/// next to the test results.
pub fn missing(what: &str, install: &str) {
    if in_ci() {
        panic!("{what} is missing and CI=true: {install}");
    }
    use std::io::Write;
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {what} is missing ({install})");
}

/// The files a build of every registered format writes for the base name `cv`, sorted.
pub fn every_format_file() -> Vec<String> {
    let mut v: Vec<String> = vita::registry::BACKENDS.iter().flat_map(|b| b.file_names("cv")).collect();
    v.sort();
    v
}

/// Headless Chromium, at `VITA_CHROMIUM` or `/usr/bin/chromium`, if there.
pub fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("VITA_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    p.exists().then_some(p)
}

/// Python with `.tools/python` (where `.ci/run` installs PyPI packages:
/// pybtex, openresume-parser) on its path.
pub fn python() -> std::process::Command {
    let mut path = std::ffi::OsString::from(root().join(".tools").join("python"));
    if let Some(p) = std::env::var_os("PYTHONPATH") {
        path.push(":");
        path.push(p);
    }
    let mut c = std::process::Command::new("python3");
    c.env("PYTHONPATH", path);
    c
}

/// Copies a folder's files and folders (for a test that edits a copy of `examples/`).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().unwrap().is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}
