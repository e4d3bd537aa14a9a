//! Publications from files (`from: "papers.bib"`), `vita import` of them,
//! and the `bibtex` format: import goldens for BibTeX in the styles DBLP,
//! Google Scholar and Zotero write, CSL-JSON and an ORCID works record; exact
//! diagnostics for bad files and overlays; the seed rebuilt from a `.bib`
//! plus an overlay gives the seed's outputs; `cv.bib` read by pybtex (an
//! independent parser) gives the fields it was made from.

use std::path::{Path, PathBuf};

use crate::common::*;

fn sources() -> PathBuf {
    root().join("tests").join("sources")
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap().to_str().unwrap().to_string()
}

/// The publication files of `tests/sources/` (not the bad ones).
fn source_files() -> Vec<PathBuf> {
    let mut v = files_with(&sources(), "bib");
    v.extend(files_with(&sources(), "json"));
    v.sort();
    v
}

#[test]
fn imports_give_their_golden_ron_which_checks_in_a_cv() {
    let mut failures = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    for file in source_files() {
        let name = file.file_name().unwrap().to_str().unwrap().to_string();
        let out = vita(&["import", &rel(&file)]);
        if out.status.code() != Some(0) {
            failures.push(format!("{name}: exit {:?}\n{}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        let expected = sources().join("expected").join(&name);
        for (ext, bytes) in [("ron", &out.stdout), ("stderr", &out.stderr)] {
            if let Err(e) = compare(&PathBuf::from(format!("{}.{ext}", expected.display())), bytes) {
                failures.push(e);
            }
        }
        // What import prints is ready to paste into a CV's `sections`.
        let section = String::from_utf8(out.stdout).unwrap();
        let cv = tmp.path().join(format!("{name}.ron"));
        std::fs::write(&cv, format!("(\n  person: (name: \"Seo Jin Park\"),\n  sections: [\n{section}  ],\n)\n")).unwrap();
        let check = vita(&["check", cv.to_str().unwrap()]);
        if check.status.code() != Some(0) {
            failures.push(format!("{name}: the imported section does not check:\n{}", String::from_utf8_lossy(&check.stderr)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_sources_and_overlays_give_their_exact_diagnostics() {
    let dir = sources().join("bad");
    let mut failures = Vec::new();
    // `vita check` of a CV that reads a bad file, or has a bad overlay.
    for cv in files_with(&dir, "ron") {
        let out = vita(&["check", &rel(&cv)]);
        if out.status.code() != Some(2) {
            failures.push(format!("{}: exit {:?}, expected 2\n{}", rel(&cv), out.status.code(), String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        if let Err(e) = compare(&cv.with_extension("stderr"), &out.stderr) {
            failures.push(e);
        }
    }
    // `vita import` of the bad files themselves: the same diagnostics of the file.
    let mut files = files_with(&dir, "bib");
    files.extend(files_with(&dir, "json"));
    // (overlay.bib is a good file; json-neither.json a JSON Resume, which import takes.)
    for file in files.iter().filter(|f| !f.ends_with("overlay.bib") && !f.ends_with("json-neither.json")) {
        let out = vita(&["import", &rel(file)]);
        if out.status.code() != Some(2) || !out.stdout.is_empty() {
            failures.push(format!("{}: import exit {:?}, expected 2 and no output", rel(file), out.status.code()));
            continue;
        }
        if let Err(e) = compare(&PathBuf::from(format!("{}.import.stderr", file.display())), &out.stderr) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn same_trees(a: &Path, b: &Path) {
    let (ta, tb) = (files_under(a), files_under(b));
    assert_eq!(ta, tb, "the two builds wrote different files");
    for f in &ta {
        assert!(std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(), "{} differs", f.display());
    }
}

#[test]
fn the_seed_from_a_bib_file_and_an_overlay_builds_the_seeds_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("seed"), tmp.path().join("from-bib"));
    // Every format, then every target (with its PDFs), byte for byte.
    let mut args: Vec<&str> = Vec::new();
    let formats: Vec<String> = vita::registry::BACKENDS.iter().map(|b| b.name().to_string()).collect();
    for f in &formats {
        args.extend(["-f", f.as_str()]);
    }
    for (cv, out) in [("examples/seojin-park.ron", &a), ("examples/from-bibtex/seojin-park.ron", &b)] {
        let o = out.join("formats");
        let mut full = vec!["build", cv, "-o", o.to_str().unwrap()];
        full.extend(&args);
        let r = vita(&full);
        assert_eq!(r.status.code(), Some(0), "{cv}: {}", String::from_utf8_lossy(&r.stderr));
        let t = out.join("targets");
        let r = vita(&["build", cv, "-o", t.to_str().unwrap()]);
        assert_eq!(r.status.code(), Some(0), "{cv}: {}", String::from_utf8_lossy(&r.stderr));
    }
    same_trees(&a, &b);
    // The owner's name is marked and the co-first marks come from the overlay.
    let txt = std::fs::read_to_string(b.join("formats").join("cv.md")).unwrap();
    assert!(txt.contains("Yilong Li\\*, **Seo Jin Park**\\*"), "{txt}");
}

/// `python3` with pybtex, or why not.
fn pybtex() -> Option<()> {
    python_has("pybtex, latexcodec", "pybtex==0.26.1").then_some(())
}

fn bibfields(args: &[&str]) -> std::process::Output {
    python().arg(root().join("tests").join("tools").join("bibfields.py")).args(args).output().unwrap()
}

/// Builds `cv.bib` of a CV whose publications come from `bib`, into `dir`.
fn cv_bib_from(bib: &Path, dir: &Path) -> PathBuf {
    let cv = dir.join("cv.ron");
    // A CV reads files in its own folder: the file goes beside it.
    let from = format!("source-{}", bib.file_name().unwrap().to_str().unwrap());
    std::fs::copy(bib, dir.join(&from)).unwrap();
    std::fs::write(
        &cv,
        format!("(person: (name: \"Seo Jin Park\"), sections: [Publications(title: \"Publications\", from: \"{from}\")])\n"),
    )
    .unwrap();
    let out = dir.join("out");
    let r = vita(&["build", cv.to_str().unwrap(), "-f", "bibtex", "-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    out.join("cv.bib")
}

#[test]
fn cv_bib_read_by_pybtex_has_every_field_it_was_made_from() {
    if pybtex().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let original = sources().join("roundtrip.bib");
    let written = cv_bib_from(&original, tmp.path());
    let r = bibfields(&[original.to_str().unwrap(), written.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success() && said.trim_end().ends_with("7 entries compared, 0 differences"),
        "{said}{}",
        String::from_utf8_lossy(&r.stderr)
    );
    // Read by vita again and written again: the same file.
    let again = tmp.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let twice = cv_bib_from(&written, &again);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), std::fs::read_to_string(&twice).unwrap());
}

#[test]
fn cv_bib_of_hostile_text_reads_back_as_that_text() {
    if pybtex().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let r = vita(&["build", "examples/hostile.ron", "-f", "bibtex", "-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    let dump = bibfields(&["--dump", out.join("cv.bib").to_str().unwrap()]);
    assert!(dump.status.success(), "{}", String::from_utf8_lossy(&dump.stderr));
    let read: serde_json::Value = serde_json::from_slice(&dump.stdout).unwrap();
    let src = std::fs::read_to_string(root().join("examples/hostile.ron")).unwrap();
    let doc = vita_model::load(&src).document.unwrap();
    let mut seen = 0;
    for p in doc.cv.publications() {
        let e = &read[p.id.as_str()];
        assert_eq!(e["title"], p.title.as_str(), "{}", p.id);
        let authors: Vec<&str> = p.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(e["author"], serde_json::json!(authors), "{}", p.id);
        if let Some(v) = &p.venue {
            assert_eq!(e["booktitle"].as_str().map(|b| b.ends_with(v.name.as_str())), Some(true), "{}: {}", p.id, e["booktitle"]);
        }
        if let Some(d) = &p.links.doi {
            assert_eq!(e["doi"], d.as_str());
        }
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn the_seeds_cv_bib_is_read_by_pybtex() {
    if pybtex().is_none() {
        return;
    }
    let dump = bibfields(&["--dump", root().join("tests/golden/seojin-park/cv.bib").to_str().unwrap()]);
    assert!(dump.status.success(), "{}", String::from_utf8_lossy(&dump.stderr));
    let read: serde_json::Value = serde_json::from_slice(&dump.stdout).unwrap();
    let e = &read["millisort"];
    assert_eq!(e["title"], "MilliSort and MilliQuery: Large-Scale Data-Intensive Computing in Milliseconds");
    assert_eq!(e["author"], serde_json::json!(["Yilong Li", "Seo Jin Park", "John Ousterhout"]));
    assert_eq!(e["booktitle"], "18th USENIX Symposium on Networked Systems Design and Implementation");
    assert_eq!((e["year"].as_str(), e["month"].as_str()), (Some("2021"), Some("April")));
    assert_eq!(read.as_object().unwrap().len(), 12);
}

#[test]
fn a_publication_file_is_read_only_when_it_is_a_regular_file_of_bounded_size() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("folder.bib")).unwrap();
    let cv = tmp.path().join("cv.ron");
    std::fs::write(&cv, "(person: (name: \"A\"), sections: [Publications(title: \"P\", from: \"folder.bib\")])\n").unwrap();
    let r = vita(&["check", cv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("sections[0].from: cannot read") && err.contains("folder.bib: it is a folder (give a regular file)"), "{err}");
}
