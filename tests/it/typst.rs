//! The typst format: `cv.typ` and a PDF made in-process, checked with
//! poppler's `pdftotext` and `pdfinfo` as a reader of the PDF would.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// Builds with the typst format into `dir`; stderr.
fn build(example: &str, dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", example, "-f", "typst", "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = vita(&args);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{example}: {stderr}");
    stderr
}

#[test]
fn the_seed_pdf_holds_every_fact_and_its_metadata() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("examples/seojin-park.ron", dir.path(), &[]);
    let pdf = dir.path().join("cv.pdf");
    let text = pdf_text(&pdf);
    let src = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    let doc = vita_model::load(&src).document.unwrap();
    // Every publication: number, title, authors, venue line, acceptance line, awards.
    let mut facts: Vec<String> = Vec::new();
    for p in doc.cv.publications() {
        let number = doc.number(&p.id).expect("every seed publication has a number");
        facts.push(format!("[{number}] {}", p.title));
        facts.extend(vita_view::view::venue_line(p));
        facts.extend(p.awards.iter().cloned());
    }
    assert_eq!(facts.iter().filter(|f| f.starts_with('[')).count(), 12);
    facts.extend(
        [
            "Seo Jin Park",
            "seojinpark.net",
            "University of Southern California, Los Angeles, CA Aug 2023 – present Assistant Professor in Computer Science",
            "Google, Sunnyvale, CA Aug 2022 – present Systems Research Engineer at Systems Research Group",
            "Postdoctoral associate at Computer Science and Artificial Intelligence Laboratory (CSAIL) Advisor: Prof. Mohammad Alizadeh",
            "Stanford University, Stanford, CA Sep 2013 – Oct 2019 Ph.D. in Computer Science Advisor: Prof. John Ousterhout",
            "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS.",
            "Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
            "Acceptance rate: 20.6%, 51 out of 247.",
            "low-latency consensus: [11] [8] [10]",
            "(*co-first author)",
            "Ruan, Seo Jin Park, Marcos K. Aguilera",
            "Emma Dauterman, Stanford Undergrad'18 Spring 2018",
            "Zhenyuan Ruan, MIT PhD Jan 2021 – present",
            "Distributed Systems (CS 244b) TA, Stanford University Fall 2017",
            "Program Committee & Session Chair, 13th ACM Symposium on Cloud Computing (SoCC'22) 2022",
            "APNet'19 Best Paper Award 2019",
            "Samsung Scholarship, grants $250,000 over five years of graduate study 2013 – 2018",
            "Last updated: Nov 2022",
        ]
        .map(String::from),
    );
    let missing: Vec<&String> = facts.iter().filter(|f| !text.contains(&squash(f))).collect();
    assert!(missing.is_empty(), "the PDF lacks {missing:#?}\n{text}");

    let info = pdf_info(&pdf, false);
    assert_eq!(field(&info, "Title"), "Seo Jin Park — Curriculum Vitae");
    assert_eq!(field(&info, "Author"), "Seo Jin Park");
    assert_eq!(field(&info, "Keywords"), "distributed systems, systems for machine learning, low-latency systems");
    assert_eq!(field(&info, "Tagged"), "yes");
    assert_eq!(field(&info, "Pages"), "3");
    assert_eq!(field(&info, "Page size"), "595.276 x 841.89 pts (A4)");
    // Dated from the CV's `updated` (2022-11).
    assert_eq!(field(&info, "CreationDate"), "Tue Nov  1 00:00:00 2022 UTC");
}

#[test]
fn every_theme_prints_every_fact_rebuilds_the_same_and_makes_pdf_ua() {
    if !poppler() {
        return;
    }
    let facts = seed_facts();
    for theme in ["classic", "modern", "margin", "compact", "ats"] {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        build("examples/seojin-park.ron", a.path(), &["--theme", theme]);
        build("examples/seojin-park.ron", b.path(), &["--theme", theme]);
        let pdf = |d: &Path| std::fs::read(d.join("cv.pdf")).unwrap();
        assert!(pdf(a.path()) == pdf(b.path()), "{theme}: two builds gave different PDFs");
        let said = pdf_text(&a.path().join("cv.pdf"));
        let missing: Vec<&String> = facts.iter().filter(|f| !said.contains(&squash(f))).collect();
        assert!(missing.is_empty(), "{theme}: the PDF lacks {missing:#?}\n{said}");
        // PDF/UA-1 export succeeds, and the hostile example prints literally.
        let ua = tempfile::tempdir().unwrap();
        build("examples/every-kind.ron", ua.path(), &["--theme", theme, "-O", "typst.standard=ua-1"]);
        let c = tempfile::tempdir().unwrap();
        build("examples/hostile.ron", c.path(), &["--theme", theme]);
        let hostile = pdf_text(&c.path().join("cv.pdf"));
        for literal in [r"\write18{rm -rf /} \def\x{y}", "μs-scale $math$ _under_ ^caret^ ~tilde~ #hash"] {
            assert!(hostile.contains(&squash(literal)), "{theme}: the PDF lacks {literal:?}:\n{hostile}");
        }
    }
}

#[test]
fn rebuilds_are_byte_identical_and_dated_from_source_date_epoch() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build("examples/every-kind.ron", a.path(), &[]);
    build("examples/every-kind.ron", b.path(), &[]);
    let pdf = |d: &Path| std::fs::read(d.join("cv.pdf")).unwrap();
    assert_eq!(pdf(a.path()), pdf(b.path()), "two builds of one source gave different PDFs");
    let dated = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["build", "examples/every-kind.ron", "-f", "typst", "-o", b.path().to_str().unwrap()])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(dated.status.success());
    assert_ne!(pdf(a.path()), pdf(b.path()));
    if poppler() {
        assert_eq!(field(&pdf_info(&b.path().join("cv.pdf"), false), "CreationDate"), "Tue Nov 14 22:13:20 2023 UTC");
    }
}

#[test]
fn hostile_text_prints_literally() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let stderr = build("examples/hostile.ron", dir.path(), &[]);
    // Chinese prints in the bundled CJK face; an emoji no bundled face has is named.
    assert!(!stderr.contains("no font has `中`"), "{stderr}");
    assert!(stderr.contains(
        "examples/hostile.ron: warning: typst: sections[2].entries[1].description: no font has `😀` (U+1F600); the PDF shows an empty box for it (add a font that has it with -O typst.font-path=DIR -O typst.font=NAME)\n"
    ), "{stderr}");
    let text = pdf_text(&dir.path().join("cv.pdf"));
    for literal in [
        r#"Zoë <script>alert(1)</script> O'Brien & "Co" {x} 100% $5 #1 a_b ~c ^d \input{/etc/passwd}"#,
        r"\write18{rm -rf /} \def\x{y}",
        "A & B: <i>Not italic</i> {C} 100% \\emph{no}",
        "μs-scale $math$ _under_ ^caret^ ~tilde~ #hash",
        "]]> <![CDATA[ & < \\ backslash \\ {braces} %comment",
        "\\input{x} \\write18{y} \\def\\z{}",
        "Łódź Dvořák Ærøskøbing Şişli Țară Ğ “x” ‘y’ „z“ «g» … — – € № ™ ≤ ≥ −1 ∞ Ωμ -- ,, << >> !` ?`",
        "Αθήνα — “quoted” – ‘x’",
        "Acceptance rate for \"fall\" & <spring>: 33.3%, 1 out of 3.",
        "Best <Paper> & \"Award\"",
    ] {
        assert!(text.contains(&squash(literal)), "the PDF lacks {literal:?}:\n{text}");
    }
}

#[test]
fn typst_markup_in_any_field_prints_as_text() {
    if !poppler() {
        return;
    }
    // Each string would be Typst markup or code if it were not escaped; at
    // the start of a line too, where headings, lists and enumerations begin.
    let hostile = [
        "#set page(width: 1cm)",
        "#let x = 1",
        "= Not a heading",
        "== Nor this",
        "- not a list",
        "+ not an enum",
        "1. not numbered",
        "2) nor this",
        "/ Term: not a term",
        "// not a comment",
        "/* not a comment */",
        "*not strong* _not emph_",
        "`not raw`",
        "$x^2$ not math",
        "@not-a-ref <not-a-label>",
        "[brackets] \\ backslash ~ tilde",
        "https://example.org/not-a-link",
        "ellipsis... dashes -- --- -1 -? 'single' \"double\"",
        "{braces}; #{1 + 1}",
        "\\u{41} not an escape",
    ];
    let entries: Vec<String> =
        hostile.iter().map(|h| format!("(title: {}, subtitle: {})", ron::to_string(h).unwrap(), ron::to_string(h).unwrap())).collect();
    let cv = format!(
        "(person: (name: {}, label: {}), sections: [Custom(title: {}, entries: [{}])])",
        ron::to_string("= Ada // Lovelace").unwrap(),
        ron::to_string("#strong[label]").unwrap(),
        ron::to_string("- Other #section").unwrap(),
        entries.join(", ")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cv.ron");
    std::fs::write(&file, cv).unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", file.to_str().unwrap(), "-f", "typst", "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = pdf_text(&out.join("cv.pdf"));
    for literal in hostile.iter().chain(&["= Ada // Lovelace", "#strong[label]", "- Other #section"]) {
        assert!(text.contains(&squash(literal)), "the PDF lacks {literal:?}:\n{text}");
    }
    // Twice per entry (title and subtitle): nothing was swallowed.
    assert_eq!(text.matches("not numbered").count(), 2, "{text}");
}

#[test]
fn page_size_and_pdf_standards_are_options() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("examples/minimal.ron", dir.path(), &["--page", "letter"]);
    assert_eq!(field(&pdf_info(&dir.path().join("cv.pdf"), false), "Page size"), "612 x 792 pts (letter)");
    build("examples/seojin-park.ron", dir.path(), &["-O", "typst.standard=ua-1"]);
    let meta = pdf_info(&dir.path().join("cv.pdf"), true);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    build("examples/seojin-park.ron", dir.path(), &["-O", "typst.standard=a-2b"]);
    let meta = pdf_info(&dir.path().join("cv.pdf"), true);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>") && meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{meta}");
    let bad = vita(&["build", "examples/minimal.ron", "-f", "typst", "-O", "typst.standard=a-9", "-o", "-"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: bad option `typst.standard=a-9` (`a-9` is not a PDF standard vita knows (use ua-1, a-2b, a-2u, a-3b, or a list such as a-2b,ua-1))\n"
    );
}

#[test]
fn fonts_from_a_folder_and_from_the_system() {
    if !poppler() {
        return;
    }
    let droid = Path::new("/usr/share/fonts/truetype/droid");
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !droid.join("DroidSansFallbackFull.ttf").exists() || !dejavu.exists() {
        return missing("the Droid Sans Fallback and DejaVu fonts", "apt-get install -y fonts-droid-fallback fonts-dejavu-core");
    }
    // A folder with a CJK font: the characters the bundled fonts lack print.
    let dir = tempfile::tempdir().unwrap();
    let stderr = build("examples/hostile.ron", dir.path(), &["-O", &format!("typst.font-path={}", droid.display())]);
    assert!(!stderr.contains("`中`") && stderr.contains("no font has `😀`"), "{stderr}");
    assert!(pdf_text(&dir.path().join("cv.pdf")).contains("中文"));
    // A system font by name, found without a folder.
    build("examples/minimal.ron", dir.path(), &["-O", "typst.font=DejaVu Sans"]);
    let fonts = Command::new("pdffonts").arg(dir.path().join("cv.pdf")).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    // A font found nowhere is bad input.
    let bad = vita(&["build", "examples/minimal.ron", "-f", "typst", "-O", "typst.font=DejaVu Sanz", "-o", "-"]);
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.starts_with("error: no font named `DejaVu Sanz` is installed or in the font folder (did you mean `DejaVu Sans`?;"),
        "{said}"
    );
}

#[test]
fn without_tex_on_path_the_seed_targets_write_their_pdfs() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["build", "examples/seojin-park.ron", "-o", dir.path().to_str().unwrap()])
        .current_dir(root())
        .env("PATH", empty.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("not installed"), "{stderr}");
    for (target, pages) in [("faculty", "3"), ("fellowship", "2")] {
        let pdf = dir.path().join(target).join("cv.pdf");
        assert_eq!(field(&pdf_info(&pdf, false), "Pages"), pages, "{target}");
        assert!(dir.path().join(target).join("cv.typ").exists());
    }
    assert!(pdf_text(&dir.path().join("fellowship/cv.pdf")).contains("[3] Nu: Achieving Microsecond-Scale Resource Fungibility"));
}

#[test]
fn max_pages_reads_the_typst_page_count() {
    let dir = tempfile::tempdir().unwrap();
    let cv = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap().replacen(
        "targets: [",
        "targets: [\n    (name: \"one-page\", preset: \"academic-cv\", max_pages: 1),",
        1,
    );
    let file = dir.path().join("cv.ron");
    std::fs::write(&file, cv).unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", file.to_str().unwrap(), "--target", "one-page", "-o", out.to_str().unwrap()]);
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warning = format!("{}: warning: target one-page: cv.pdf has 3 pages, over the target's max_pages of 1\n", file.display());
    assert!(stderr.contains(&warning), "{stderr}");
    // `vita check` lays the pages out (writing no PDF) and says the same.
    let check = vita(&["check", file.to_str().unwrap()]);
    assert!(check.status.success());
    let said = String::from_utf8_lossy(&check.stderr);
    assert!(said.contains(&warning), "{said}");
}

#[test]
fn two_formats_writing_one_pdf_is_bad_input() {
    let run = vita(&["build", "examples/minimal.ron", "-f", "typst", "-f", "latex", "--pdf", "-o", "/nonexistent/never"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: the typst format writes `cv.pdf` itself, and the latex format would make it too (a PDF was asked for); \
         leave out `pdf: true`/--pdf to take the typst PDF, or build latex into its own target or folder\n"
    );
    // In a target, `vita check` says so too, with the target's name.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cv.ron");
    std::fs::write(
        &file,
        "(person: (name: \"Ada\"), sections: [], targets: [(name: \"both\", formats: [\"typst\", \"latex\"], pdf: true)])",
    )
    .unwrap();
    let run = vita(&["check", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: target both: the typst format writes `cv.pdf` itself, and the latex format would make it too (a PDF was asked for); \
         leave out `pdf: true`/--pdf to take the typst PDF, or build latex into its own target or folder\n"
    );
}

#[test]
fn a_typst_error_in_a_template_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    let run = vita(&["templates", "export", "typst", theme.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let template = std::fs::read_to_string(theme.join("cv.typ.hbs")).unwrap();
    std::fs::write(theme.join("cv.typ.hbs"), template.replace("#cvheader(", "#notafunction()\n#cvheader(")).unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", "examples/minimal.ron", "-f", "typst", "--templates", theme.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error: the typst backend failed: Typst could not make the PDF from cv.typ:\n  cv.typ:"), "{stderr}");
    assert!(stderr.contains(": unknown variable: notafunction"), "{stderr}");
    assert!(!out.exists(), "a failed build wrote files");
}

#[test]
fn no_entry_splits_across_pages_and_no_heading_ends_a_page() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("examples/seojin-park.ron", dir.path(), &[]);
    let pdf = dir.path().join("cv.pdf");
    let src = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    let doc = vita_model::load(&src).document.unwrap();
    let headings: Vec<String> = doc.cv.all_sections().map(|s| s.title().to_string()).collect();
    let pages: usize = field(&pdf_info(&pdf, false), "Pages").parse().unwrap();
    let mut page_texts = Vec::new();
    for n in 1..=pages {
        let out =
            Command::new("pdftotext").args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()]).arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // The last line before the page number ("2 / 3") is never a heading.
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let last = lines[lines.len() - 2];
        assert!(!headings.iter().any(|h| h.eq_ignore_ascii_case(last)), "page {n} ends with the heading {last:?}");
        page_texts.push(squash(&text));
    }
    // Each publication's number, title and venue line are on one page.
    for p in doc.cv.publications() {
        let number = doc.number(&p.id).unwrap();
        let head = squash(&format!("[{number}] {}", p.title));
        let venue = squash(&vita_view::view::venue_line(p).unwrap());
        let page = page_texts.iter().position(|t| t.contains(&head)).unwrap_or_else(|| panic!("no page has {head:?}"));
        assert!(page_texts[page].contains(&venue), "[{number}] is split across pages {} and {}", page + 1, page + 2);
    }
}

#[test]
fn the_title_and_text_language_follow_the_cv_language() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cv.ron");
    std::fs::write(&file, "(person: (name: \"Ada Lovelace\"), settings: (lang: \"de-AT\"), sections: [])").unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", file.to_str().unwrap(), "-f", "typst", "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(field(&pdf_info(&out.join("cv.pdf"), false), "Title"), "Ada Lovelace — Lebenslauf");
    let typ = std::fs::read_to_string(out.join("cv.typ")).unwrap();
    assert!(typ.contains("lang: \"de\", region: \"AT\", hyphenate: false"), "{typ}");
}

/// Typesetting runs in vita's own process: a template that loops is stopped
/// at the time limit (`typst.timeout`) with exit 2 and a message naming the
/// template, leaving no file; a font collection that claims more faces than
/// vita reads is refused before Typst sees it.
#[test]
fn a_looping_template_and_a_greedy_font_are_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("cv.typ.hbs"), "#for i in range(2000000000) { }\n{{person.name}}\n").unwrap();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let run = vita(&[
        "build",
        "examples/minimal.ron",
        "-f",
        "typst",
        "--templates",
        theme.to_str().unwrap(),
        "-O",
        "typst.timeout=1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: examples/minimal.ron: typesetting the PDF took more than 1 s and was stopped; does the template `cv.typ.hbs` \
         of the template folder loop? (-O typst.timeout=SECONDS sets the limit)\n"
    );
    assert!(!out.exists(), "a stopped build wrote files");
    let run = vita(&["build", "examples/minimal.ron", "-f", "typst", "-O", "typst.timeout=0", "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));

    // 76 bytes that claim 2^31 faces.
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let mut claims = b"ttcf\x00\x01\x00\x00\x80\x00\x00\x00".to_vec();
    claims.resize(76, 0);
    std::fs::write(fonts.join("claims.ttc"), claims).unwrap();
    let run = vita(&[
        "build",
        "examples/minimal.ron",
        "-f",
        "typst",
        "-O",
        &format!("typst.font-path={}", fonts.display()),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "error: {}: the font collection says it holds 2147483648 faces, over the limit of 256\n",
            fonts.join("claims.ttc").display()
        )
    );
}

/// minimal.ron in a language, under a name in its script: `DIR/LANG.ron`.
fn minimal_in(dir: &Path, lang: &str, name: &str) -> std::path::PathBuf {
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let src = src.replace("(name: \"Ada Lovelace\"", &format!("(name: \"{name}\""));
    let cv = dir.join(format!("{lang}.ron"));
    std::fs::write(&cv, src.replacen("(\n", &format!("(\n  settings: (lang: \"{lang}\"),\n"), 1)).unwrap();
    cv
}

#[test]
fn chinese_japanese_and_korean_print_in_the_bundled_face() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (lang, name) in [("zh", "王小明"), ("ja", "山田さくら"), ("ko", "박서진")] {
        let cv = minimal_in(dir.path(), lang, name);
        let out = dir.path().join(lang);
        let stderr = build(cv.to_str().unwrap(), &out, &[]);
        assert!(!stderr.contains("no font has"), "{lang}: {stderr}");
        let text = pdf_text(&out.join("cv.pdf"));
        assert!(text.contains(name), "{lang}: the PDF lacks {name}: {text}");
        let fonts = Command::new("pdffonts").arg(out.join("cv.pdf")).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("+NotoSansCJKsc-Regular"), "{lang}: {fonts}");
    }
    // A CV in a Latin script does not load the face.
    let out = dir.path().join("latin");
    build("examples/minimal.ron", &out, &[]);
    let fonts = Command::new("pdffonts").arg(out.join("cv.pdf")).output().unwrap();
    assert!(!String::from_utf8_lossy(&fonts.stdout).contains("CJK"));
}

#[test]
fn arabic_hebrew_and_persian_cvs_print_right_to_left() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (lang, name, face) in
        [("ar", "أدا لوفليس", "NotoNaskhArabic"), ("he", "עדה לאבלייס", "LibertinusSerif"), ("fa", "آدا لاولیس", "NotoNaskhArabic")]
    {
        let cv = minimal_in(dir.path(), lang, name);
        let out = dir.path().join(lang);
        let stderr = build(cv.to_str().unwrap(), &out, &["-f", "html"]);
        assert!(!stderr.contains("no font has"), "{lang}: {stderr}");
        let html = std::fs::read_to_string(out.join("cv.html")).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\" dir=\"rtl\">")), "{lang}: the page is not right to left");
        let typ = std::fs::read_to_string(out.join("cv.typ")).unwrap();
        assert!(typ.contains(&format!("lang: \"{lang}\"")), "{lang}: Typst sets the direction from the language");
        // The name as text, in logical order, in the face that has it.
        let plain = Command::new("pdftotext").arg(out.join("cv.pdf")).arg("-").output().unwrap();
        assert!(String::from_utf8_lossy(&plain.stdout).contains(name), "{lang}: the PDF lacks {name}");
        let fonts = Command::new("pdffonts").arg(out.join("cv.pdf")).output().unwrap();
        assert!(String::from_utf8_lossy(&fonts.stdout).contains(face), "{lang}: no {face}");
    }
}

#[test]
fn a_doi_prints_as_itself_on_paper() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("examples/every-kind.ron", dir.path(), &[]);
    let text = pdf_text(&dir.path().join("cv.pdf"));
    // Not the bare word "doi": a reader of the paper can look it up.
    assert!(text.contains("paper · doi:10.1162/tacl_a_00001 · code"), "{text}");
}
