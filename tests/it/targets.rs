//! Targets: one command builds every target into its folder; numbering,
//! cross-references and count lines follow the target; one target can fail
//! without stopping the others; targets can live in a file next to the CV,
//! and presets next to it too.

use std::path::Path;

use crate::common::*;

const CV: &str = r#"#![enable(implicit_some)]
(
  person: (name: "Ada Lovelace"),
  settings: (TARGETS_FILE),
  sections: [
    Research(title: "Research", areas: ["engines"], projects: [(name: "Engine notes", publications: ["a", "b", "c"])]),
    Publications(title: "Papers", count_line: true, entries: [
      (id: "a", title: "Paper A", authors: ["Ada Lovelace"], venue: (short: "X", name: "Conf X"), date: "1840", selected: true, peer_reviewed: true),
      (id: "b", title: "Paper B", authors: ["Ada Lovelace"], venue: (short: "Y", name: "Conf Y"), date: "1841", tags: ["looms"], peer_reviewed: true),
      (id: "c", title: "Paper C", authors: ["Ada Lovelace"], venue: (short: "X", name: "Conf X"), date: "1843", selected: true, peer_reviewed: true),
    ]),
    Awards(title: "Awards", entries: [(name: "Prize for B", date: "1842", publication: "b")]),
  ],
  targets: [TARGETS],
)
"#;

fn cv(dir: &Path, targets: &str, file: Option<&str>) -> String {
    let settings = file.map(|f| format!("targets: \"{f}\"")).unwrap_or_default();
    let text = CV.replace("TARGETS_FILE", &settings).replace("TARGETS", targets);
    let path = dir.join("cv.ron");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn numbers_references_and_counts_follow_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let file = cv(
        dir.path(),
        r#"(name: "kept", formats: ["text"], selected_only: ["publications"]),
           (name: "renumbered", formats: ["text"], selected_only: ["papers"], renumber: true),
           (name: "all", formats: ["text"], selected_only: ["papers"], count_all: true)"#,
        None,
    );
    let out = dir.path().join("out");
    let run = vita(&["build", &file, "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let kept = read(&out.join("kept/cv.txt"));
    // Paper B is left out; A and C keep the full list's numbers, and the
    // cross-references and the award still name B's number.
    assert!(kept.contains("[1] Paper A") && kept.contains("[3] Paper C") && !kept.contains("Paper B"), "{kept}");
    assert!(kept.contains("Engine notes: [1] [2] [3]"), "{kept}");
    assert!(kept.contains("For publication [2]"), "{kept}");
    assert!(kept.contains("Published 2 peer-reviewed publications: 2 X."), "{kept}");
    let renumbered = read(&out.join("renumbered/cv.txt"));
    assert!(renumbered.contains("[1] Paper A") && renumbered.contains("[2] Paper C"), "{renumbered}");
    assert!(renumbered.contains("Engine notes: [1] [2]\n"), "{renumbered}");
    assert!(!renumbered.contains("For publication"), "a hidden paper has no number when renumbered: {renumbered}");
    let all = read(&out.join("all/cv.txt"));
    assert!(all.contains("Published 3 peer-reviewed publications: 2 X and 1 Y."), "{all}");
}

#[test]
fn tags_years_limits_sections_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let file = cv(
        dir.path(),
        r#"(name: "t", formats: ["text"], exclude_tags: ["looms"], since: 1841, sections: ["awards", "papers"], dates: "long"),
           (name: "m", formats: ["text"], max_items: 1, limits: {"awards": 0})"#,
        None,
    );
    let out = dir.path().join("out");
    let run = vita(&["build", &file, "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let t = read(&out.join("t/cv.txt"));
    assert!(t.find("AWARDS").unwrap() < t.find("PAPERS").unwrap(), "sections in the target's order: {t}");
    assert!(!t.contains("RESEARCH") && !t.contains("Paper A") && !t.contains("Paper B") && t.contains("[3] Paper C"), "{t}");
    let m = read(&out.join("m/cv.txt"));
    assert!(m.contains("[1] Paper A") && !m.contains("Paper B") && !m.contains("AWARDS"), "{m}");
}

#[test]
fn one_failing_target_leaves_the_others_written() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("broken");
    std::fs::create_dir(&theme).unwrap();
    std::fs::write(theme.join("cv.html.hbs"), "{{#each sections}}unclosed").unwrap();
    let file = cv(dir.path(), r#"(name: "site", formats: ["html"], templates: "broken"), (name: "text", formats: ["text"])"#, None);
    let out = dir.path().join("out");
    let run = vita(&["build", &file, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error: target `site`: "), "{stderr}");
    assert!(stderr.ends_with("error: 1 of 2 targets failed: site\n"), "{stderr}");
    assert!(out.join("text/cv.txt").exists());
    assert!(!out.join("site").exists(), "the failed target wrote nothing");
}

#[test]
fn one_target_by_name_and_the_targets_listing() {
    let dir = tempfile::tempdir().unwrap();
    let file = cv(dir.path(), r#"(name: "jobs", preset: "jsonresume"), (name: "portal", preset: "portal-text", output: "ada")"#, None);
    let out = dir.path().join("out");
    let run = vita(&["build", &file, "--target", "portal", "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.join("portal/ada-papers.txt").exists() && !out.join("jobs").exists());
    let bad = vita(&["build", &file, "--target", "portl"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&bad.stderr), "error: no target named `portl` (did you mean `portal`?)\n");
    let list = vita(&["targets", &file]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "jobs           jsonresume             out/jobs/: cv.json  (preset jsonresume)\n\
         portal         text                   out/portal/: ada-research.txt ada-papers.txt ada-awards.txt  (preset portal-text)\n"
    );
}

#[test]
fn the_seed_lists_its_seven_targets() {
    let list = vita(&["targets", "examples/seojin-park.ron"]);
    let text = String::from_utf8_lossy(&list.stdout);
    let names: Vec<&str> = text.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(names, ["faculty", "fellowship", "portal", "eu", "jobs", "website", "recruiter"]);
    let fellowship = if cfg!(feature = "typst") {
        "fellowship     typst                  out/fellowship/: cv.typ cv.pdf  (preset short-cv)"
    } else {
        "fellowship     latex, pdf             out/fellowship/: cv.tex cv.pdf  (preset short-cv)"
    };
    assert!(text.contains(fellowship), "{text}");
}

#[test]
fn the_fellowship_cv_keeps_the_seed_numbers_and_counts_all() {
    let golden = read(&root().join("tests/golden/seojin-park/targets/fellowship/cv.typ"));
    let numbers: Vec<&str> = golden.lines().filter_map(|l| l.strip_prefix("#cvpub([\\[")).map(|l| l.split('\\').next().unwrap()).collect();
    assert_eq!(numbers, ["3", "5", "7", "11", "13"]);
    // Typst markup escapes `-`: the count line as cv.typ holds it.
    assert!(golden.contains("Published 12 peer\\-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS."));
    // Employment, with the standard word an ATS look would print instead.
    assert!(
        golden.contains("\n= #cvname[Employment][Experience]\n") && !golden.contains("\n= Research\n") && !golden.contains("\n= Service\n")
    );
    assert!(golden.contains("[2023 – present]"), "years only");
}

#[test]
fn targets_in_a_file_and_presets_next_to_the_cv() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("presets")).unwrap();
    std::fs::write(dir.path().join("presets/my-text.ron"), "(formats: [\"text\"], width: 40)").unwrap();
    std::fs::write(
        dir.path().join("targets.ron"),
        "[\n  (name: \"mine\", preset: \"my-text\"),\n  (name: \"bad\", sections: [\"paper\"]),\n]\n",
    )
    .unwrap();
    let file = cv(dir.path(), "", Some("targets.ron"));
    let check = vita(&["check", &file]);
    assert_eq!(check.status.code(), Some(2));
    let targets_file = dir.path().join("targets.ron");
    assert_eq!(
        String::from_utf8_lossy(&check.stderr),
        format!(
            "{0}:3:28: [1].sections[0]: no section has the id or kind `paper` (did you mean `papers`?)\n  |\n3 |   (name: \"bad\", sections: [\"paper\"]),\n  |                            ^\n{0}: 1 error found\n",
            targets_file.display()
        )
    );
    std::fs::write(&targets_file, "[(name: \"mine\", preset: \"my-text\")]\n").unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", &file, "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = read(&out.join("mine/cv.txt"));
    assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
}

#[test]
fn a_target_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.ron");
    std::fs::write(
        &cv,
        r#"#![enable(implicit_some)]
(
  person: (name: "Ada Lovelace"),
  sections: [
    Positions(title: "Stellen", entries: [(org: "Analytical Engine", title: "Programmiererin", unit: "Labor", start: "1842-09", end: "present")]),
    Publications(title: "Publikationen", count_line: true, entries: [
      (id: "a", title: "Notes", authors: ["Ada Lovelace", "Charles Babbage", "L. F. Menabrea"], venue: (short: "SM", name: "Scientific Memoirs"), date: "1843-05-12", acceptance: (accepted: 61, submitted: 331, cycle: "Frühjahr"), peer_reviewed: true),
      (id: "b", title: "Sketch", authors: ["Ada Lovelace"], status: ToAppear),
    ]),
  ],
  targets: [(name: "de", formats: ["text", "html"], lang: "de", dates: "long")],
)
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", cv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = read(&out.join("de/cv.txt"));
    for german in [
        "Analytical Engine (September 1842 – heute)",
        "Programmiererin bei Labor",
        "2 begutachtete Publikationen: 1 SM.",
        "Ada Lovelace, Charles Babbage und L. F. Menabrea",
        "Scientific Memoirs (SM'43), Mai 1843",
        "Annahmequote für Frühjahr: 18,4\u{a0}%, 61 von 331.",
        "Im Erscheinen",
    ] {
        assert!(text.contains(german), "{german:?} missing from\n{text}");
    }
    let html = read(&out.join("de/cv.html"));
    assert!(html.contains("<html lang=\"de\">") && html.contains("<title>Ada Lovelace – Lebenslauf</title>"), "{html}");
}

#[test]
fn every_format_follows_the_targets_language() {
    let dir = tempfile::tempdir().unwrap();
    let src = r#"#![enable(implicit_some)]
(
  person: (name: "Ada Lovelace"),
  updated: "1843-09",
  sections: [
    Positions(title: "Experience", entries: [(org: "Engines", start: "1842-05", advisor: "C. Babbage")]),
    Research(title: "Research", vision: "Engines that weave."),
    Publications(title: "Papers", entries: [
      (id: "a", title: "Paper A", authors: [(name: "Ada Lovelace", equal: true), (name: "C. Babbage", equal: true)], date: "1843"),
    ]),
  ],
  targets: [(name: "de", formats: ["europass", "jsonresume", "text"], lang: "de", dates: "long")],
)
"#;
    std::fs::write(dir.path().join("cv.ron"), src).unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", dir.path().join("cv.ron").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let xml = read(&out.join("de/cv.europass.xml"));
    assert!(xml.contains("languageCode=\"de\""), "{xml}");
    assert!(xml.contains("Betreuung: C. Babbage"), "{xml}");
    let json = read(&out.join("de/cv.json"));
    assert!(json.contains("Betreuung: C. Babbage"), "{json}");
    assert!(json.contains("(*gleichberechtigte Erstautorschaft)"), "{json}");
    let text = read(&out.join("de/cv.txt"));
    assert!(text.contains("Engines (Mai 1842)\n    Betreuung: C. Babbage"), "{text}");
}
