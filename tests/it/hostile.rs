//! The hostile corpus: one case per class of attack or breakage that
//! docs/security.md guards against, each asserting the exact behaviour (the
//! diagnostic, the literal text in the output, the file left alone).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const BASE: &str = include_str!("../hostile/base.ron");

/// A CV made from the base by one replacement, written into `dir` as `cv.ron`.
fn cv(dir: &Path, from: &str, to: &str) -> PathBuf {
    assert!(BASE.contains(from), "the base has no {from:?}");
    let p = dir.join("cv.ron");
    std::fs::write(&p, BASE.replacen(from, to, 1)).unwrap();
    p
}

/// Runs vita in `dir` (relative paths from there).
fn vita_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vita")).args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The first line of standard error, and the exit code.
fn first_line(o: &Output) -> (Option<i32>, String) {
    (o.status.code(), stderr(o).lines().next().unwrap_or("").to_string())
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

#[test]
fn language_tags_cannot_carry_markup_from_the_cv_a_targets_file_or_a_preset() {
    let d = tempfile::tempdir().unwrap();
    let evil = r#"de-\"><script>alert(1)</script>"#;
    cv(d.path(), "  sections: [", &format!("  targets: [(name: \"web\", formats: [\"html\"], lang: \"{evil}\")],\n  sections: ["));
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "cv.ron:6:52: targets[0].lang: `de-\"><script>alert(1)</script>` is not a language tag (write a BCP 47 tag such as `en` or `de-AT`)".into())
    );
    // A targets file.
    std::fs::write(d.path().join("targets.ron"), format!("[(name: \"web\", lang: \"{evil}\")]")).unwrap();
    cv(d.path(), "  sections: [", "  settings: (targets: \"targets.ron\"),\n  sections: [");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "targets.ron:1:22: [0].lang: `de-\"><script>alert(1)</script>` is not a language tag (write a BCP 47 tag such as `en` or `de-AT`)".into())
    );
    // A preset next to the CV is checked like a target.
    std::fs::create_dir(d.path().join("presets")).unwrap();
    std::fs::write(d.path().join("presets/evil.ron"), format!("(formats: [\"html\"], lang: \"{evil}\")")).unwrap();
    cv(d.path(), "  sections: [", "  targets: [(name: \"web\", preset: \"evil\")],\n  sections: [");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.starts_with("cv.ron:6:35: targets[0].preset: the preset `evil` is not valid (see presets/evil.ron)\n"), "{err}");
    assert!(err.contains("\npresets/evil.ron:1:27: lang: `de-\"><script>alert(1)</script>` is not a language tag"), "{err}");
    assert!(!d.path().join("out").exists());
}

#[test]
fn a_kept_json_resume_field_cannot_carry_a_script_address() {
    let d = tempfile::tempdir().unwrap();
    cv(
        d.path(),
        "  ],\n)",
        "    Custom(id: \"jsonresume-extra\", title: \"Other JSON Resume fields\", entries: [\n      (title: \"/basics/x-homepage\", description: \"\\\"javascript:alert(1)\\\"\"),\n      (title: \"/basics/x-ok\", description: \"\\\"https://example.org\\\"\"),\n    ]),\n  ],\n)",
    );
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "jsonresume", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = String::from_utf8(o.stdout.clone()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value.pointer("/basics/x-homepage"), None, "{json}");
    assert!(json.contains("\"x-ok\": \"https://example.org\""), "{json}");
    assert!(
        stderr(&o).contains("jsonresume: jsonresume-extra `/basics/x-homepage`: the scheme `javascript:` is not allowed; left out"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn names_that_become_paths_are_one_plain_component() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "Publications(title", "Publications(id: \"../../evil\", title");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "cv.ron:10:22: sections[1].id: `../../evil` cannot be a section id (use ASCII letters, digits, `-` and `_`, starting with a letter, such as `selected-talks`)".into())
    );
    for (field, value, message) in [
        ("output", "../../evil", "`../../evil` cannot name output files (use letters, digits, `-`, `_` and `.`, not starting with `.`)"),
        ("output", "a\\nb", "`a\nb` cannot name output files (use letters, digits, `-`, `_` and `.`, not starting with `.`)"),
        ("name", &"n".repeat(300), &format!("`{}` cannot name an output folder (at most 100 characters)", "n".repeat(300))),
    ] {
        let target = if field == "name" { format!("(name: \"{value}\")") } else { format!("(name: \"t\", {field}: \"{value}\")") };
        cv(d.path(), "  sections: [", &format!("  targets: [{target}],\n  sections: ["));
        let o = vita_in(d.path(), &["check", "cv.ron"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        // The diagnostic's first line (up to the drawn source; a message may hold a newline).
        let err = stderr(&o);
        let header = err.split("\n  |\n").next().unwrap();
        assert!(header.starts_with("cv.ron:6:") && header.ends_with(&format!(": targets[0].{field}: {message}")), "{}", err);
    }
    // -o '' is bad input.
    let o = vita_in(d.path(), &["build", "cv.ron", "-o", ""]);
    assert_eq!(first_line(&o), (Some(2), "error: -o needs a folder (or `-` for standard output)".into()));
}

#[cfg(unix)]
#[test]
fn links_in_the_output_folder_are_replaced_never_followed() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "  sections: [", "  targets: [(name: \"web\", formats: [\"html\"])],\n  sections: [");
    // A link planted where an output goes, to a setuid file elsewhere.
    let victim = d.path().join("victim");
    std::fs::write(&victim, "secret").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o4755)).unwrap();
    std::fs::create_dir_all(d.path().join("out/web")).unwrap();
    symlink(&victim, d.path().join("out/web/cv.html")).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret");
    let out = std::fs::symlink_metadata(d.path().join("out/web/cv.html")).unwrap();
    assert!(out.is_file());
    assert_eq!(out.permissions().mode() & 0o7777, 0o644 & !umask());
    // A link planted as the target's folder is refused.
    let elsewhere = d.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::remove_dir_all(d.path().join("out/web")).unwrap();
    symlink(&elsewhere, d.path().join("out/web")).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: target `web`: out/web is not a folder (a link or a file); vita does not write through it\n"),
        "{}",
        stderr(&o)
    );
    assert!(names_in(&elsewhere).is_empty());
    // New files honour the umask.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("umask 077 && exec {} build cv.ron -o private", env!("CARGO_BIN_EXE_vita")))
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = std::fs::metadata(d.path().join("private/web/cv.html")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // `templates export` does not write through a dangling link.
    let theme = d.path().join("theme");
    std::fs::create_dir(&theme).unwrap();
    symlink(d.path().join("planted"), theme.join("style.css")).unwrap();
    let o = vita_in(d.path(), &["templates", "export", "html", "theme"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!d.path().join("planted").exists());
}

/// The process's umask, read the portable way (a file made with 0666).
#[cfg(unix)]
fn umask() -> u32 {
    let o = Command::new("sh").arg("-c").arg("umask").output().unwrap();
    u32::from_str_radix(String::from_utf8_lossy(&o.stdout).trim(), 8).unwrap()
}

#[cfg(unix)]
#[test]
fn referenced_files_are_regular_bounded_and_never_echoed() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "  sections: [", "  settings: (targets: \"/etc/passwd\"),\n  sections: [");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (
            Some(2),
            "cv.ron:6:23: settings.targets: the targets file `/etc/passwd` is not a `.ron` file (name a RON file such as \"targets.ron\")"
                .into()
        )
    );
    assert!(!stderr(&o).contains("root:"));
    // A device or a FIFO named like a targets file is refused before it is opened.
    std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.ron")).unwrap();
    assert!(Command::new("mkfifo").arg(d.path().join("fifo.ron")).status().unwrap().success());
    for name in ["zero.ron", "fifo.ron"] {
        cv(d.path(), "  sections: [", &format!("  settings: (targets: \"{name}\"),\n  sections: ["));
        let started = Instant::now();
        let o = vita_in(d.path(), &["check", "cv.ron"]);
        assert!(started.elapsed() < Duration::from_secs(10));
        let why = if name == "zero.ron" { "it is a link to a file outside the CV's folder" } else { "it is not a regular file" };
        assert_eq!(
            first_line(&o),
            (
                Some(2),
                format!("cv.ron:6:23: settings.targets: cannot read the targets file {name}: {why} (the path is relative to the CV file)")
            )
        );
    }
    // A template folder that does not exist fails `check`, as it fails `build`.
    cv(d.path(), "  sections: [", "  settings: (templates: \"no-such-theme\"),\n  sections: [");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "error: the template folder no-such-theme does not exist (`vita templates export FORMAT DIR` makes one)".into())
    );
}

#[test]
fn text_never_becomes_markdown_structure() {
    let d = tempfile::tempdir().unwrap();
    let src = BASE
        .replace("email: \"ada@example.org\"", "email: \"ada@example.org\", label: \"    ---\", summary: \"1. not a list\"")
        .replace("title: \"Programmer\"", "title: \"===\", highlights: [\"+ not a list\", \"- nor this\"]");
    std::fs::write(d.path().join("cv.ron"), src).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "markdown", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = String::from_utf8(o.stdout).unwrap();
    use pulldown_cmark::{Event, Parser, Tag};
    let mut headings = 0;
    let mut text = String::new();
    for e in Parser::new(&md) {
        match e {
            Event::Rule | Event::Start(Tag::CodeBlock(_)) => panic!("text became structure: {e:?}\n{md}"),
            Event::Start(Tag::List(Some(_))) => panic!("text became an ordered list\n{md}"),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    // The name, and the two sections: nothing else is a heading.
    assert_eq!(headings, 3, "{md}");
    for literal in ["    ---", "1. not a list", "===", "+ not a list", "- nor this"] {
        assert!(text.contains(literal), "{literal:?} is not in the text of\n{md}");
    }
}

#[test]
fn control_characters_are_never_printed_raw() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "name: \"Ada Lovelace\"", "name: \"Ada \u{1b}]0;owned\u{7}Lovelace\"");
    let name = "cv\u{1b}[31m.ron";
    std::fs::rename(d.path().join("cv.ron"), d.path().join(name)).unwrap();
    let o = vita_in(d.path(), &["check", name]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.starts_with("cv\\u{1b}[31m.ron:4:18: person.name: contains the control character U+001B"), "{err}");
    assert!(err.contains("4 |   person: (name: \"Ada \\u{1b}]0;owned\\u{7}Lovelace\""), "{err}");
}

#[test]
fn input_that_would_crash_is_refused_with_a_reason() {
    let d = tempfile::tempdir().unwrap();
    // A time limit past any clock.
    cv(d.path(), "x", "x");
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "latex", "--pdf", "-O", "latex.timeout=18446744073709551615"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "error: bad option `latex.timeout=18446744073709551615` (a whole number of seconds from 1 to 86400)".into())
    );
    // Numbering near the end of u32.
    cv(d.path(), "Publications(title", "Publications(number_from: 4294967295, title");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "cv.ron:10:31: sections[1].number_from: numbering starts at 1000000 at the latest (publication numbers are small whole numbers)".into())
    );
    // Emphasis nested thousands deep.
    let deep = format!("{}x{}", "**".repeat(3000), "**".repeat(3000));
    cv(d.path(), "email: \"ada@example.org\"", &format!("email: \"ada@example.org\", summary: \"{deep}\""));
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "cv.ron:4:69: person.summary: emphasis, strong text and links nest more than 16 deep (simplify the markup)".into())
    );
    // One text of 2 MiB.
    cv(d.path(), "email: \"ada@example.org\"", &format!("email: \"ada@example.org\", summary: \"{}\"", "a".repeat(2 << 20)));
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (
            Some(2),
            "cv.ron:4:69: person.summary: the text has 2097152 bytes, over the limit of 1048576 (a CV field holds at most 1 MiB of text)"
                .into()
        )
    );
    // Templates that include each other.
    cv(d.path(), "x", "x");
    std::fs::create_dir(d.path().join("theme")).unwrap();
    std::fs::write(d.path().join("theme/body.hbs"), "{{> section.txt}}").unwrap();
    std::fs::write(d.path().join("theme/section.txt.hbs"), "{{> body}}").unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "text", "--templates", "theme", "-o", "-"]);
    assert_eq!(
        first_line(&o),
        (Some(1), "error: the text backend failed: the templates include each other in a cycle: body → section.txt → body".into())
    );
    std::fs::write(d.path().join("theme/body.hbs"), "{{embed \"body\"}}").unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "text", "--templates", "theme", "-o", "-"]);
    assert_eq!(
        first_line(&o),
        (Some(1), "error: the text backend failed: the templates include each other in a cycle: body → body".into())
    );
    // A minified JSON Resume file with twenty thousand errors: a bounded report.
    let work = vec![r#"{"position":"x"}"#; 20_000].join(",");
    std::fs::write(d.path().join("many.json"), format!(r#"{{"basics":{{"name":"A"}},"work":[{work}]}}"#)).unwrap();
    let o = vita_in(d.path(), &["check", "many.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.len() < 40_000, "{} bytes of diagnostics", err.len());
    assert!(err.ends_with("many.json: 19950 more not shown\nmany.json: 20000 errors found\n"), "{}", &err[err.len() - 200..]);
}

#[test]
fn a_target_is_written_all_or_nothing() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "  sections: [", "  targets: [(name: \"web\", formats: [\"html\", \"text\", \"markdown\"])],\n  sections: [");
    assert!(vita_in(d.path(), &["build", "cv.ron"]).status.success());
    let before: Vec<Vec<u8>> = ["cv.html", "cv.txt"].iter().map(|n| std::fs::read(d.path().join("out/web").join(n)).unwrap()).collect();
    // A folder where the Markdown file goes: the build fails, and nothing changes.
    std::fs::remove_file(d.path().join("out/web/cv.md")).unwrap();
    std::fs::create_dir(d.path().join("out/web/cv.md")).unwrap();
    let text = std::fs::read_to_string(d.path().join("cv.ron")).unwrap();
    std::fs::write(d.path().join("cv.ron"), text.replace("Notes on the Engine", "Notes on the Engine, revised")).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(
            "error: target `web`: out/web/cv.md is a folder or a special file; vita writes a file there (nothing was changed)\n"
        ),
        "{}",
        stderr(&o)
    );
    let after: Vec<Vec<u8>> = ["cv.html", "cv.txt"].iter().map(|n| std::fs::read(d.path().join("out/web").join(n)).unwrap()).collect();
    assert_eq!(before, after);
    assert_eq!(names_in(&d.path().join("out/web")), [".vita-manifest", "cv.html", "cv.md", "cv.txt"]);
}

#[test]
fn valid_input_gives_valid_output_or_is_refused() {
    let d = tempfile::tempdir().unwrap();
    // U+0008 and U+000C are caught like every other control character.
    for (c, code) in [('\u{8}', "0008"), ('\u{c}', "000C")] {
        cv(d.path(), "Notes on the Engine", &format!("Notes{c}on the Engine"));
        let o = vita_in(d.path(), &["check", "cv.ron"]);
        assert_eq!(
            first_line(&o),
            (Some(2), format!("cv.ron:11:28: sections[1].entries[0].title: contains the control character U+{code} (remove it; XML and most formats cannot carry it)"))
        );
    }
    // An email that would add a recipient to a mailto link.
    cv(d.path(), "ada@example.org", "ada@example.org?bcc=eve@example.org");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (
            Some(2),
            "cv.ron:4:41: person.email: `ada@example.org?bcc=eve@example.org` is not an email address (write it as name@example.org)"
                .into()
        )
    );
    // Section ids that would collide as HTML anchors.
    for (id, message) in [
        ("pub-1", "`pub-1` cannot be a section id (`pub-N` names publication N's anchor; choose another id)"),
        ("a b", "`a b` cannot be a section id (use ASCII letters, digits, `-` and `_`, starting with a letter, such as `selected-talks`)"),
    ] {
        cv(d.path(), "Publications(title", &format!("Publications(id: \"{id}\", title"));
        let o = vita_in(d.path(), &["check", "cv.ron"]);
        assert_eq!(first_line(&o), (Some(2), format!("cv.ron:10:22: sections[1].id: {message}")));
    }
    cv(d.path(), "Publications(title: \"Publications\"", "Publications(title: \"Experience h\", id: \"experience-h\"");
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(
        first_line(&o),
        (Some(2), "cv.ron:10:25: sections[1].title: the section id `experience-h` is the heading anchor of the section at sections[0] (give one of them another `id`)".into())
    );
    // A section id with `_` and a Greek title give LaTeX labels of ASCII only.
    cv(d.path(), "Publications(title: \"Publications\"", "Publications(id: \"my_papers\", title: \"Publications\"), Positions(title: \"Δημοσιεύσεις\", entries: [(org: \"Πανεπιστήμιο\", start: \"1842\")]), Publications(title: \"Talks\"");
    let text = std::fs::read_to_string(d.path().join("cv.ron")).unwrap();
    std::fs::write(d.path().join("cv.ron"), text.replacen("entries: [\n      (id: \"notes\"", "entries: [(id: \"n0\", title: \"x\", authors: [\"Ada Lovelace\"])]), Publications(title: \"More\", entries: [\n      (id: \"notes\"", 1)).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "latex", "-f", "html", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tex = std::fs::read_to_string(d.path().join("out/cv.tex")).unwrap();
    assert!(
        tex.contains("\\label{my.5f.papers}") && tex.contains("\\label{.3b4..3b7..3bc..3bf..3c3..3b9..3b5..3cd..3c3..3b5..3b9..3c2.}"),
        "{tex}"
    );
    let html = std::fs::read_to_string(d.path().join("out/cv.html")).unwrap();
    assert!(html.contains("<section id=\"my_papers\"") && html.contains("<section id=\"δημοσιεύσεις\""), "{html}");
    if tex_ready() {
        let o = vita_in(d.path(), &["build", "cv.ron", "-f", "latex", "--pdf", "-o", "pdf"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn diagnostics_are_the_same_every_run_and_a_byte_order_mark_is_accepted() {
    let d = tempfile::tempdir().unwrap();
    // Two candidates equally close to the typo: the hint names the same one every time.
    cv(d.path(), "  ],\n)", "    Research(title: \"Research\", projects: [(name: \"p\", publications: [\"engine-b\"])]),\n    Publications(title: \"More\", entries: [(id: \"engine-c\", title: \"A\", authors: [\"Ada Lovelace\"]), (id: \"engine-a\", title: \"C\", authors: [\"Ada Lovelace\"])]),\n  ],\n)");
    let runs: Vec<String> = (0..8).map(|_| stderr(&vita_in(d.path(), &["check", "cv.ron"]))).collect();
    assert!(runs.iter().all(|r| *r == runs[0]), "{runs:#?}");
    assert!(runs[0].contains("unknown publication id `engine-b` (did you mean `engine-a`?)"), "{}", runs[0]);
    // A UTF-8 byte-order mark, as Windows editors write it.
    std::fs::write(d.path().join("bom.ron"), format!("\u{feff}{BASE}")).unwrap();
    let o = vita_in(d.path(), &["check", "bom.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn files_that_are_not_there_or_not_text_are_bad_input() {
    let d = tempfile::tempdir().unwrap();
    let o = vita_in(d.path(), &["check", "missing.ron"]);
    assert_eq!(first_line(&o), (Some(2), "missing.ron: no such file (check the name and the folder)".into()));
    let mut bytes = BASE.as_bytes().to_vec();
    let at = BASE.find("Lovelace").unwrap();
    bytes[at] = 0xff;
    std::fs::write(d.path().join("latin1.ron"), bytes).unwrap();
    let o = vita_in(d.path(), &["check", "latin1.ron"]);
    assert_eq!(first_line(&o), (Some(2), format!("latin1.ron:4:23: the byte 0xFF at offset {at} is not UTF-8 (save the file as UTF-8)")));
    // A folder where a CV goes (`build` takes a folder as a batch of its CVs).
    let o = vita_in(d.path(), &["check", d.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(first_line(&o).1.ends_with(": it is a folder (give a regular file)"), "{}", stderr(&o));
}

#[test]
fn a_publication_without_authors_builds_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "authors: [\"Ada Lovelace\"], ", "");
    let o = vita_in(d.path(), &["build", "cv.ron", "--format", "all", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.path().join("out/cv.txt")).unwrap();
    assert!(text.contains("[1] Notes on the Engine\n    1843\n"), "{text}");
    let html = std::fs::read_to_string(d.path().join("out/cv.html")).unwrap();
    assert!(!html.contains("<div class=\"authors\"></div>"));
    let tex = std::fs::read_to_string(d.path().join("out/cv.tex")).unwrap();
    assert!(tex.contains("\\textit{Notes on the Engine}\n\\newline 1843"), "{tex}");
    let md = std::fs::read_to_string(d.path().join("out/cv.md")).unwrap();
    assert!(md.contains("*Notes on the Engine*\\\n  1843"), "{md}");
    if !tex_ready() {
        return;
    }
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "latex", "--pdf", "-o", "pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn tex_ready() -> bool {
    let found = Command::new("sh").arg("-c").arg("command -v pdflatex").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    if !found {
        missing("pdflatex", "apt-get install -y texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk");
    }
    found
}

#[test]
fn a_json_resume_job_without_an_end_is_current() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("r.json"),
        r#"{"basics": {"name": "Ada Lovelace"}, "work": [{"name": "Engines Ltd", "position": "Programmer", "startDate": "2020-02"}]}"#,
    )
    .unwrap();
    let o = vita_in(d.path(), &["build", "r.json", "-f", "text", "-f", "europass", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.path().join("out/cv.txt")).unwrap();
    assert!(text.contains("02/2020 – present"), "{text}");
    let xml = std::fs::read_to_string(d.path().join("out/cv.europass.xml")).unwrap();
    assert!(xml.contains("<hr:CurrentIndicator>true</hr:CurrentIndicator>"), "{xml}");
}

#[test]
fn files_vita_no_longer_makes_are_removed() {
    let d = tempfile::tempdir().unwrap();
    cv(
        d.path(),
        "  sections: [",
        "  targets: [(name: \"portal\", formats: [\"text\"], options: {\"text.split\": \"sections\"})],\n  sections: [",
    );
    assert!(vita_in(d.path(), &["build", "cv.ron"]).status.success());
    assert_eq!(names_in(&d.path().join("out/portal")), [".vita-manifest", "cv-experience.txt", "cv-publications.txt"]);
    // A file of the user's own is never touched.
    std::fs::write(d.path().join("out/portal/notes.txt"), "mine").unwrap();
    // Rename a section: its old file goes.
    let text = std::fs::read_to_string(d.path().join("cv.ron")).unwrap();
    std::fs::write(d.path().join("cv.ron"), text.replace("title: \"Experience\"", "title: \"Employment\"")).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("removed out/portal/cv-experience.txt (this build no longer makes it)\n"), "{}", stderr(&o));
    assert_eq!(names_in(&d.path().join("out/portal")), [".vita-manifest", "cv-employment.txt", "cv-publications.txt", "notes.txt"]);
    // Without TeX, a target's earlier PDF does not stay beside the new source.
    cv(d.path(), "  sections: [", "  targets: [(name: \"paper\", formats: [\"latex\"], pdf: true)],\n  sections: [");
    std::fs::create_dir_all(d.path().join("out/paper")).unwrap();
    // As vita wrote it: the manifest gives each file's size and SHA-256.
    std::fs::write(d.path().join("out/paper/.vita-manifest"), format!("pdf\t8\t{}\tcv.pdf\n", sha256(b"%PDF old"))).unwrap();
    std::fs::write(d.path().join("out/paper/cv.pdf"), "%PDF old").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["build", "cv.ron"])
        .current_dir(d.path())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("removed out/paper/cv.pdf (this build no longer makes it)"), "{}", stderr(&o));
    assert_eq!(names_in(&d.path().join("out/paper")), [".vita-manifest", "cv.tex"]);
}

#[test]
fn check_reports_what_build_would() {
    let d = tempfile::tempdir().unwrap();
    cv(
        d.path(),
        "  sections: [",
        "  targets: [(name: \"portal\", formats: [\"text\"], options: {\"text.limit\": \"10\"})],\n  sections: [",
    );
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("cv.ron: warning: target portal: text: cv.txt: "), "{}", stderr(&o));
    assert!(stderr(&o).contains(" over the limit of 10"), "{}", stderr(&o));
    // Errors of the CV and of its targets come in one pass.
    cv(d.path(), "  sections: [", "  targets: [(name: \"a\", preset: \"nope\", formats: [\"htm\"])],\n  sections: [");
    let text = std::fs::read_to_string(d.path().join("cv.ron")).unwrap();
    std::fs::write(d.path().join("cv.ron"), text.replace("end: \"1843\"", "end: \"1841\"")).unwrap();
    let o = vita_in(d.path(), &["check", "cv.ron"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("cv.ron:")).collect();
    // The `jobs` preset makes its PDF with Typst: only a build with Typst
    // has it; `recruiter` is there in both (without Typst, the Word file alone).
    let presets = if cfg!(feature = "typst") { ", jobs, recruiter" } else { ", recruiter" };
    assert_eq!(
        lines,
        [
            format!("cv.ron:6:33: targets[0].preset: no preset named `nope` (presets: academic-cv, short-cv, academic-cv-latex, short-cv-latex, portal-text, europass, jsonresume, website{presets})").as_str(),
            "cv.ron:6:51: targets[0].formats[0]: unknown format `htm` (did you mean `html`?)",
            "cv.ron:9:83: sections[0].entries[0].end: ends (1841) before it starts (1842) (swap the dates, or fix the year)",
            "cv.ron: 3 errors found",
        ]
    );
}

/// A CV of `n` entries (half positions, half publications) with three
/// targets; `mark` changes every entry, so two marks give two different
/// versions of every output file.
fn large_cv(n: usize, mark: &str) -> String {
    let mut s = String::from("#![enable(implicit_some)]\n(\n  person: (name: \"Ada Lovelace\"),\n  updated: \"1843-09\",\n");
    s.push_str("  targets: [\n    (name: \"one\", formats: [\"text\", \"html\"]),\n    (name: \"two\", formats: [\"jsonresume\", \"markdown\"]),\n    (name: \"three\", formats: [\"europass\", \"text\"], options: {\"text.split\": \"sections\"}),\n  ],\n");
    s.push_str("  sections: [\n    Positions(title: \"Positions\", entries: [\n");
    for i in 0..n / 2 {
        s.push_str(&format!("      (org: \"Institute {i} {mark}\", title: \"Researcher\", start: \"{}\"),\n", 1900 + i % 100));
    }
    s.push_str("    ]),\n    Publications(title: \"Publications\", entries: [\n");
    for i in 0..n - n / 2 {
        s.push_str(&format!(
            "      (id: \"p{i}\", title: \"Paper {i} {mark}\", authors: [\"Ada Lovelace\", \"C. Babbage\"], date: \"{}\"),\n",
            1900 + i % 100
        ));
    }
    s.push_str("    ]),\n  ],\n)\n");
    s
}

/// Every file of each target folder, by path relative to the output folder.
fn snapshot(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    for target in ["one", "two", "three"] {
        let dir = out.join(target);
        for name in names_in(&dir) {
            files.insert(format!("{target}/{name}"), std::fs::read(dir.join(&name)).unwrap());
        }
    }
    files
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_complete_files() {
    let n: usize = std::env::var("VITA_KILL_ENTRIES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let d = tempfile::tempdir().unwrap();
    let build = |cv: &str, out: &str| vita_in(d.path(), &["build", cv, "-o", out]);
    std::fs::write(d.path().join("a.ron"), large_cv(n, "a")).unwrap();
    std::fs::write(d.path().join("b.ron"), large_cv(n, "b")).unwrap();
    assert!(build("a.ron", "ref-a").status.success());
    assert!(build("b.ron", "ref-b").status.success());
    let (a, b) = (snapshot(&d.path().join("ref-a")), snapshot(&d.path().join("ref-b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(build("a.ron", "out").status.success());
    // How long a whole build takes here, to spread the kills over it.
    let started = Instant::now();
    assert!(build("b.ron", "timing").status.success());
    let whole = started.elapsed().as_millis() as u64;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..12 {
        let cv = if round % 2 == 0 { "b.ron" } else { "a.ron" };
        let signal = if round % 3 == 2 { "TERM" } else { "KILL" };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = seed % (whole + 1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_vita"))
            .args(["build", cv, "-o", "out"])
            .current_dir(d.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = Command::new("kill").args(["-s", signal, &child.id().to_string()]).status();
        child.wait().unwrap();
        for (path, bytes) in snapshot(&d.path().join("out")) {
            if path.ends_with(".vita-manifest") || path.contains("/.vita-tmp-") {
                continue;
            }
            assert!(
                a.get(&path) == Some(&bytes) || b.get(&path) == Some(&bytes),
                "round {round} ({signal} after {delay} ms): {path} is torn"
            );
        }
        if signal == "TERM" {
            // Its own temporary files (a SIGKILLed run before it may have left
            // some, which the next build that writes removes: checked below).
            let own = format!(".vita-tmp-{}-", child.id());
            let temps: Vec<String> = snapshot(&d.path().join("out")).into_keys().filter(|p| p.contains(&own)).collect();
            assert!(temps.is_empty(), "round {round}: SIGTERM left {temps:?}");
        }
    }
    // The next build removes what killed runs left, and writes the whole set.
    assert!(build("a.ron", "out").status.success());
    let after = snapshot(&d.path().join("out"));
    assert!(after.keys().all(|p| !p.contains(".vita-tmp-")), "{:?}", after.keys().collect::<Vec<_>>());
    assert_eq!(after, a);
}

/// Every input a fuzz target once crashed on, through the same code as the target.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = root().join("tests/fuzz-regressions");
    assert!(dir.join("README.md").exists());
    let mut ran = 0;
    for target in ["load", "jsonresume_import", "spans", "render", "pdf_import", "labels", "templates"] {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            if target == "pdf_import" {
                let run = std::panic::catch_unwind(|| drop(vita_europass::import::from_pdf(bytes.clone())));
                assert!(run.is_ok(), "{} crashes again", path.display());
                ran += 1;
                continue;
            }
            let Ok(src) = std::str::from_utf8(&bytes) else { continue };
            let run = std::panic::catch_unwind(|| match target {
                "load" => drop(vita_model::load(src)),
                "jsonresume_import" => drop(vita_jsonresume::import::load(src)),
                "spans" => drop(vita_model::SpanIndex::scan(src)),
                "labels" => drop(vita_view::labels::Labels::english().over(src)),
                "templates" => {
                    let doc = vita_model::load(include_str!("../../examples/minimal.ron")).document.unwrap();
                    let text = vita::registry::backend("text").unwrap();
                    let mut options = vita_backend::Options::default();
                    options.templates.insert("cv.txt.hbs".into(), src.to_string());
                    drop(text.render(&doc, &options))
                }
                _ => {
                    if let Some(doc) = vita_model::load(src).document {
                        for b in vita::registry::BACKENDS {
                            b.render(&doc, &vita_backend::Options::default()).unwrap();
                        }
                    }
                }
            });
            assert!(run.is_ok(), "{} crashes again", path.display());
            ran += 1;
        }
    }
    eprintln!("replayed {ran} fuzz regression inputs");
}

/// A labels file is input like the CV: every field of the type (read from
/// the type, so a new field is covered), set alone to text that is markup
/// in some format, comes out as text in every format, and `vita check`
/// refuses control characters, over-long words and a repeated slot at the
/// field's line and column.
#[test]
fn every_label_is_text_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    std::fs::write(d.path().join("cv.ron"), seed.replacen("settings: (", "settings: (\n    lang: \"en\",", 1)).unwrap();
    std::fs::create_dir(d.path().join("labels")).unwrap();
    let english = serde_json::to_value(vita_view::labels::Labels::english()).unwrap();
    let payload = |i: usize| format!("<i>X{i}</i> #strong[X] \\input /etc/hostname ");
    let mut formats = vec!["text", "html", "markdown", "latex", "jsonresume", "europass", "europass-v3", "bibtex"];
    if cfg!(feature = "typst") {
        formats.push("typst");
    }
    let mut args = vec!["build", "cv.ron", "-o", "out"];
    for f in &formats {
        args.extend(["-f", f]);
    }
    let mut fields = 0;
    for (field, value) in english.as_object().unwrap() {
        let hostile = match value {
            serde_json::Value::String(_) => serde_json::json!(payload(0)),
            serde_json::Value::Array(a) => serde_json::json!((0..a.len()).map(payload).collect::<Vec<_>>()),
            _ => continue,
        };
        fields += 1;
        std::fs::write(d.path().join("labels/en.ron"), format!("({field}: {})\n", ron::to_string(&hostile).unwrap())).unwrap();
        let o = vita_in(d.path(), &args);
        if field == "plural" {
            // Not words but a rule's name: anything else is refused.
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            assert!(stderr(&o).contains("labels/en.ron: plural: unknown plural rule"), "{}", stderr(&o));
            continue;
        }
        assert_eq!(o.status.code(), Some(0), "{field}: {}", stderr(&o));
        let read = |name: &str| std::fs::read_to_string(d.path().join("out").join(name)).unwrap_or_default();
        // (Plain text, JSON and BibTeX carry the words as text, as they are.)
        for name in ["cv.html", "cv.md", "cv.europass.xml", "cv.europass-v3.xml"] {
            assert!(!read(name).contains("<i>X"), "{field}: raw markup in {name}");
        }
        assert!(!read("cv.tex").contains("\\input /etc"), "{field}: a TeX command in cv.tex");
        let typ = read("cv.typ");
        assert!(typ.match_indices("#strong[X]").all(|(i, _)| typ[..i].ends_with('\\')), "{field}: Typst code in cv.typ");
    }
    assert!(fields >= 40, "only {fields} fields");

    // What `vita check` refuses in a labels file, at the field.
    let shown = "labels/en.ron";
    let long = format!("(\n  cv: \"{}\",\n)\n", "x".repeat(2000));
    for (text, at, message) in [
        ("(\n  present: \"now\\u{1b}[2J\",\n)\n", "2:3: present", "`present` holds the control character U+001B; write text only"),
        (long.as_str(), "2:3: cv", "`cv` is 2000 bytes long, over the limit of 1024"),
        (
            "(\n  title_at: \"{title} {title} at {unit}\",\n)\n",
            "2:3: title_at",
            "`title_at` uses the slot `{title}` twice; a slot may stand once in a pattern",
        ),
    ] {
        std::fs::write(d.path().join("labels/en.ron"), text).unwrap();
        let o = vita_in(d.path(), &["check", "cv.ron"]);
        assert_eq!(first_line(&o), (Some(2), format!("{shown}:{at}: {message}")), "{}", stderr(&o));
        assert!(!stderr(&o).contains('\u{1b}'));
    }
}

/// A shared CV folder may hold links: every file a CV names (its targets
/// file, a preset, a labels file, a template, a publication file) and every
/// CV of a batch folder is read only when it stays inside the folder. A link
/// out is refused by name, and no byte of what it reaches is printed or
/// written.
#[test]
fn links_out_of_the_cv_folder_are_never_read() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().unwrap();
    let secret = d.path().join("secret.txt");
    std::fs::write(&secret, "SECRET {{person.name}}\n").unwrap();
    let dir = d.path().join("cv");
    for sub in ["presets", "labels", "templates", "batch"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for name in ["targets.ron", "presets/mine.ron", "labels/en.ron", "templates/cv.txt.hbs", "papers.bib", "batch/a.ron"] {
        symlink(&secret, dir.join(name)).unwrap();
    }
    let outside = "it is a link to a file outside the CV's folder";
    let inside_only = "(vita reads only files inside the CV's folder; copy the file there)";
    let cases: [(&str, &[&str], Vec<String>); 5] = [
        (
            "  settings: (targets: \"targets.ron\"),\n  sections: [",
            &["check", "cv.ron"],
            vec![format!("cv.ron:6:23: settings.targets: cannot read the targets file targets.ron: {outside} (the path is relative to the CV file)")],
        ),
        (
            "  targets: [(name: \"t\", preset: \"mine\")],\n  sections: [",
            &["check", "cv.ron"],
            vec![
                "cv.ron:6:33: targets[0].preset: the preset `mine` is not valid (see presets/mine.ron)".into(),
                format!("presets/mine.ron: {outside} {inside_only}"),
            ],
        ),
        ("  settings: (lang: \"en\"),\n  sections: [", &["check", "cv.ron"], vec![format!("labels/en.ron: {outside} {inside_only}")]),
        (
            "  settings: (templates: \"templates\"),\n  sections: [",
            &["build", "cv.ron", "-f", "text"],
            vec!["templates/cv.txt.hbs: it is a link to a file outside the template folder (vita reads only files inside the template folder; copy the file there)".into()],
        ),
        (
            "  sections: [\n    Publications(title: \"Read\", from: \"papers.bib\"),",
            &["check", "cv.ron"],
            vec![format!("cv.ron:7:39: sections[0].from: cannot read papers.bib: {outside} {inside_only}")],
        ),
    ];
    for (to, args, lines) in cases {
        cv(&dir, "  sections: [", to);
        let o = vita_in(&dir, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        for line in lines {
            assert!(err.lines().any(|l| l == line), "no line {line:?} in:\n{err}");
        }
        assert!(!err.contains("SECRET"), "{err}");
    }
    // A batch folder's member that is a link out.
    let o = vita_in(&dir, &["build", "batch"]);
    assert_eq!(
        first_line(&o),
        (
            Some(2),
            "error: batch/a.ron: it is a link to a file outside the folder (vita reads only files inside the folder; copy the file there)"
                .into()
        )
    );
    // Nothing was written that holds it.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_symlink() {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&dir, &mut files);
    for f in files {
        assert!(!std::fs::read(&f).unwrap().windows(6).any(|w| w == b"SECRET"), "{}", f.display());
    }
    // A link that stays inside the folder is followed.
    std::fs::remove_file(dir.join("labels/en.ron")).unwrap();
    std::fs::write(dir.join("my-words.ron"), "(present: \"now\")\n").unwrap();
    symlink("../my-words.ron", dir.join("labels/en.ron")).unwrap();
    cv(&dir, "  sections: [", "  settings: (lang: \"en\"),\n  sections: [");
    let o = vita_in(&dir, &["check", "cv.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The manifest proves what vita wrote: a file is removed only when its
/// bytes are those the manifest recorded, never when the build reads it,
/// and a manifest that does not read is ignored with a warning.
#[test]
fn a_planted_or_broken_manifest_removes_nothing_of_the_users() {
    let d = tempfile::tempdir().unwrap();
    let cv_path = cv(d.path(), "  sections: [", "  sections: [");
    let cv_bytes = std::fs::read(&cv_path).unwrap();
    std::fs::write(d.path().join("notes.txt"), "mine").unwrap();
    // Planted in a folder someone shares: it lists the CV (with its true
    // hash) and a file of the user's (with another's), as made by `html`.
    let planted = format!("html\t{}\t{}\tcv.ron\nhtml\t4\t{}\tnotes.txt\n", cv_bytes.len(), sha256(&cv_bytes), sha256(b"else"));
    std::fs::write(d.path().join(".vita-manifest"), planted).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-o", ".", "-f", "text", "-f", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&cv_path).unwrap(), cv_bytes);
    assert_eq!(std::fs::read_to_string(d.path().join("notes.txt")).unwrap(), "mine");
    let err = stderr(&o);
    assert!(err.contains("warning: ./cv.ron is listed in the manifest but this build reads it; it is kept\n"), "{err}");
    assert!(err.contains("warning: ./notes.txt is no longer made, but it is not as vita wrote it; it is kept\n"), "{err}");
    // The new manifest lists only what this build wrote.
    let manifest = std::fs::read_to_string(d.path().join(".vita-manifest")).unwrap();
    let names: Vec<&str> = manifest.lines().map(|l| l.rsplit('\t').next().unwrap()).collect();
    assert_eq!(names, ["cv.html", "cv.txt"]);

    // A manifest that does not read: ignored, with a warning, and nothing removed.
    std::fs::write(d.path().join(".vita-manifest"), "text\tnot a size\tcv.ron\n").unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-o", ".", "-f", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("warning: ./.vita-manifest: line 1 of the manifest does not read; it is ignored, so no earlier output is removed\n"),
        "{}",
        stderr(&o)
    );
    assert!(cv_path.exists() && d.path().join("cv.html").exists());

    // An output the user edited is kept when vita no longer makes it.
    let t = tempfile::tempdir().unwrap();
    cv(
        t.path(),
        "  sections: [",
        "  targets: [(name: \"portal\", formats: [\"text\"], options: {\"text.split\": \"sections\"})],\n  sections: [",
    );
    assert!(vita_in(t.path(), &["build", "cv.ron"]).status.success());
    std::fs::write(t.path().join("out/portal/cv-experience.txt"), "edited by hand").unwrap();
    let text = std::fs::read_to_string(t.path().join("cv.ron")).unwrap();
    std::fs::write(t.path().join("cv.ron"), text.replace("title: \"Experience\"", "title: \"Employment\"")).unwrap();
    let o = vita_in(t.path(), &["build", "cv.ron"]);
    assert!(
        stderr(&o).contains("warning: out/portal/cv-experience.txt is no longer made, but it is not as vita wrote it; it is kept\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(t.path().join("out/portal/cv-experience.txt")).unwrap(), "edited by hand");
}

/// A panic is a bug of vita's, and its message may quote the input: the
/// hook prints a fixed message and where, never the message, and the exit
/// code is 1.
#[test]
fn a_panic_prints_where_never_what() {
    let o = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["check", "cv.ron"])
        .env("VITA_TEST_PANIC", "\u{1b}]0;owned\u{7} the user's bytes")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("vita: internal error at src/main.rs:"), "{err}");
    assert!(err.ends_with("; no output was changed (please report it with the input that caused it)\n"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains("bytes"), "{err}");
}

/// Diagnostics stay in proportion: `-q` leaves warnings out of `check` too,
/// and a folder named as the templates that holds none is one warning,
/// its entries never listed.
#[test]
fn quiet_checks_and_foreign_template_folders_say_little() {
    let o = vita(&["check", "-q", "tests/warn/owner-not-an-author.ron"]);
    assert_eq!((o.status.code(), stderr(&o)), (Some(0), String::new()));
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "  sections: [", "  settings: (templates: \"/etc\"),\n  sections: [");
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let warned: Vec<String> = stderr(&o).lines().filter(|l| l.contains("warning")).map(str::to_string).collect();
    assert_eq!(warned, ["/etc: warning: the folder holds no template of any format; it is ignored"]);
    assert!(!stderr(&o).contains("passwd"));
}

/// A template of the user's past a budget (blocks nested past 32) is bad
/// input: exit 2 and the template named.
#[test]
fn a_template_past_its_budget_is_bad_input() {
    let d = tempfile::tempdir().unwrap();
    cv(d.path(), "  sections: [", "  sections: [");
    std::fs::create_dir(d.path().join("theme")).unwrap();
    std::fs::write(d.path().join("theme/cv.txt.hbs"), format!("{}x{}", "{{#if person}}".repeat(10_000), "{{/if}}".repeat(10_000))).unwrap();
    let o = vita_in(d.path(), &["build", "cv.ron", "-f", "text", "--templates", "theme"]);
    assert_eq!(
        first_line(&o),
        (
            Some(2),
            "error: the text backend failed: in the template `cv.txt.hbs`: blocks and sub-expressions nest 10000 deep, over the limit of 32".into()
        )
    );
    assert!(!d.path().join("out").exists());
}
