//! Golden files: for each example, the expected output of every format under
//! `tests/golden/<example>/`, and of every target under
//! `tests/golden/<example>/targets/<target>/`, compared byte for byte (PDFs
//! and their stamps aside: they depend on the TeX installation).
//! `VITA_BLESS=1` rewrites them; an expected file that no build produces fails.

use std::path::{Path, PathBuf};

use crate::common::*;

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
                // PDFs and their stamps depend on TeX; the manifest lists them.
                if !name.ends_with(".pdf") && !name.ends_with(".stamp") && name != ".vita-manifest" {
                    out.push(p.strip_prefix(dir).unwrap().to_path_buf());
                }
            }
        }
    }
    out.sort();
    out
}

/// The golden file of a built file and what it holds: for a Word file,
/// `NAME.docx.document.xml`, its `word/document.xml` (the CV's content; the
/// other parts are the look and the package); any other file whole.
fn golden_form(rel: &Path, bytes: Vec<u8>) -> (PathBuf, Vec<u8>) {
    if rel.extension().is_some_and(|e| e == "docx") {
        let parts = vita_docx::unzip(&bytes).unwrap();
        let doc = parts.into_iter().find(|(n, _)| n == "word/document.xml").unwrap().1;
        (PathBuf::from(format!("{}.document.xml", rel.display())), doc.into_bytes())
    } else {
        (rel.to_path_buf(), bytes)
    }
}

fn compare_tree(built: &Path, golden: &Path, skip: Option<&str>, failures: &mut Vec<String>) {
    let mut produced = Vec::new();
    for rel in files_under(built) {
        let (g, bytes) = golden_form(&rel, std::fs::read(built.join(&rel)).unwrap());
        if let Err(e) = compare(&golden.join(&g), &bytes) {
            failures.push(e);
        }
        produced.push(g);
    }
    for rel in files_under(golden) {
        if skip.is_some_and(|s| rel.starts_with(s)) {
            continue;
        }
        // A build without Typst makes no `.typ`.
        if !produced.contains(&rel) && (cfg!(feature = "typst") || rel.extension().is_none_or(|e| e != "typ")) {
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
        if !cfg!(feature = "typst") {
            // Without Typst the PDF presets make LaTeX: the golden targets
            // are the default build's, checked there.
            continue;
        }
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
fn builds_are_byte_identical_across_folders_time_zones_locales_and_time() {
    // Every format and every target of the seed, with its PDFs when TeX is there.
    let tex = std::process::Command::new("pdflatex").arg("--version").output().is_ok();
    if !tex {
        missing("pdflatex", "apt-get install -y texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk");
    }
    let run = |cwd: &Path, out: &Path, tz: &str, locale: &str| {
        let cv = root().join("examples/seojin-park.ron");
        let mut args = vec!["build".to_string(), cv.to_str().unwrap().to_string(), "-o".into(), out.to_str().unwrap().to_string()];
        if !tex {
            // Every format this vita has (Typst only when built with it).
            args.extend(formats().into_iter().flat_map(|f| ["-f".to_string(), f]));
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_vita"))
            .args(&args)
            .current_dir(cwd)
            .env("TZ", tz)
            .env("LC_ALL", locale)
            .env("LANG", locale)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run(a.path(), &a.path().join("out"), "UTC", "C");
    // A second later, elsewhere, in another zone and locale.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::create_dir(b.path().join("deep")).unwrap();
    run(&b.path().join("deep"), &b.path().join("elsewhere"), "Pacific/Chatham", "de_DE.UTF-8");
    let all = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = files_under(d);
        for t in std::fs::read_dir(d).unwrap() {
            let t = t.unwrap().path();
            for name in ["cv.pdf", ".cv.pdf.stamp", ".vita-manifest"] {
                if t.join(name).exists() {
                    v.push(t.join(name).strip_prefix(d).unwrap().to_path_buf());
                }
            }
        }
        v.sort();
        v
    };
    let files = all(&a.path().join("out"));
    assert_eq!(files, all(&b.path().join("elsewhere")));
    if tex {
        assert!(files.iter().any(|f| f.ends_with("faculty/cv.pdf")), "{files:?}");
    }
    for rel in &files {
        let (x, y) = (std::fs::read(a.path().join("out").join(rel)).unwrap(), std::fs::read(b.path().join("elsewhere").join(rel)).unwrap());
        assert!(x == y, "{} differs between the two builds", rel.display());
    }
}
