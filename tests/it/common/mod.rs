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

/// Every file under a folder, by its path inside it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
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

/// Whether poppler's `pdftotext` and `pdfinfo` are installed (else says so).
pub fn poppler() -> bool {
    if std::process::Command::new("pdftotext").arg("-v").output().is_err() {
        missing("pdftotext and pdfinfo", "apt-get install -y poppler-utils");
        return false;
    }
    true
}

/// The PDF's text as laid out (a date beside its entry's first line),
/// whitespace collapsed.
pub fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace collapsed to single spaces.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the seed's PDF (and Word file) must say in any theme, each fact whole (a theme may
/// place the dates before or after their entry, so they are facts of their own).
pub fn seed_facts() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    let doc = vita_model::load(&src).document.unwrap();
    let mut facts: Vec<String> = Vec::new();
    for p in doc.cv.publications() {
        facts.push(format!("[{}]", doc.number(&p.id).unwrap()));
        facts.push(p.title.clone());
        facts.extend(vita_view::view::venue_line(p));
        facts.extend(p.awards.iter().cloned());
    }
    facts.extend(
        [
            "Seo Jin Park",
            "seojinpark.net",
            "University of Southern California, Los Angeles, CA",
            "Assistant Professor in Computer Science",
            "Aug 2023 –",
            "Google, Sunnyvale, CA",
            // The ats look prints a job title and its unit on lines of their own.
            "Systems Research Engineer",
            "Systems Research Group",
            "Stanford University, Stanford, CA",
            "Ph.D. in Computer Science",
            "Sep 2013 –",
            "Advisor: Prof. John Ousterhout",
            "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS.",
            "Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
            "Acceptance rate: 20.6%, 51 out of 247.",
            "(*co-first author)",
            "Ruan, Seo Jin Park, Marcos K. Aguilera",
            "Zhenyuan Ruan, MIT PhD",
            "Distributed Systems (CS 244b) TA, Stanford University",
            "Samsung Scholarship, grants $250,000 over five years of graduate study",
            "Last updated: Nov 2022",
        ]
        .map(String::from),
    );
    facts
}

/// LibreOffice's `soffice` (at `VITA_SOFFICE`, else on the path), if it
/// runs; else says what to install.
pub fn soffice() -> Option<PathBuf> {
    let p = std::env::var_os("VITA_SOFFICE").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("soffice"));
    if Command::new(&p).arg("--version").output().is_ok_and(|o| o.status.success()) {
        Some(p)
    } else {
        missing("LibreOffice (soffice)", "apt-get install -y libreoffice-writer-nogui");
        None
    }
}

/// Word files made PDFs by LibreOffice, headless, in one run, as a portal
/// that converts uploads would: each `(name, file)` to `out/<name>.pdf`.
/// Each call has a profile of its own, so tests can convert at once.
pub fn word_to_pdf(soffice: &Path, files: &[(String, PathBuf)], out: &Path) -> Vec<PathBuf> {
    let work = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for (name, file) in files {
        let copy = work.path().join(format!("{name}.docx"));
        std::fs::copy(file, &copy).unwrap();
        inputs.push(copy);
    }
    let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
    let run = Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", out.to_str().unwrap()])
        .args(&inputs)
        .output()
        .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "LibreOffice failed: {said}");
    files
        .iter()
        .map(|(name, _)| {
            let pdf = out.join(format!("{name}.pdf"));
            assert!(pdf.metadata().is_ok_and(|m| m.len() > 0), "LibreOffice made no {name}.pdf: {said}");
            pdf
        })
        .collect()
}

/// `pdfinfo` fields (`Pages`, `Title`, ...).
pub fn pdf_info(pdf: &Path, meta: bool) -> String {
    let mut cmd = std::process::Command::new("pdfinfo");
    if meta {
        cmd.arg("-meta");
    }
    let out = cmd.arg(pdf).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A field of `pdfinfo`'s output.
pub fn field<'a>(info: &'a str, name: &str) -> &'a str {
    info.lines().find_map(|l| l.strip_prefix(&format!("{name}:"))).map(str::trim).unwrap_or_else(|| panic!("no {name} in {info}"))
}

/// Whether `python3` (with `.tools/python`) imports `modules`; else says
/// which PyPI package to install (`pybtex==0.26.1`), as `missing` does.
pub fn python_has(modules: &str, package: &str) -> bool {
    let have = python().args(["-c", &format!("import {modules}")]).output().is_ok_and(|o| o.status.success());
    if !have {
        missing(
            &format!("python3 with {}", package.split("==").next().unwrap_or(package)),
            &format!("python3 -m pip install --target .tools/python {package}"),
        );
    }
    have
}
