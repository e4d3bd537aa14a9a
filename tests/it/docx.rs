//! The Word format, read by the programs that consume Word files:
//! LibreOffice (converts every example to PDF; the seed's holds every
//! fact), python-docx (styles, hyperlinks, the owner's bold name, the core
//! properties, hostile text as literal text) and openxml-audit (Word's
//! schema and package rules, as the Open XML SDK checks them). The résumé
//! parser reads the `recruiter` target's Word file in `ats.rs`.

use std::path::{Path, PathBuf};

use crate::common::*;

/// Builds `example` as Word into `dir` with extra arguments; the file.
fn build(example: &str, dir: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", example, "-f", "docx", "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = vita(&args);
    assert!(run.status.success(), "{example}: {}", String::from_utf8_lossy(&run.stderr));
    dir.join("cv.docx")
}

/// minimal.ron with a photo (a PNG of 6 by 8 pixels) and `targets`, in `dir`; the CV.
fn with_photo(dir: &Path, targets: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("me.png"), crate::themes::png()).unwrap();
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let src = src.replacen("name: \"Ada Lovelace\",", "name: \"Ada Lovelace\",\n    photo: \"me.png\",", 1);
    let src = src.trim_end().strip_suffix(')').unwrap().to_string() + targets + ")\n";
    let cv = dir.join("cv.ron");
    std::fs::write(&cv, src).unwrap();
    cv
}

/// Every example (`NAME`), the seed in every theme (`seojin-park-THEME`),
/// and the minimal one with a photo (`photo`), as Word files.
fn every_example_and_theme(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let photo = with_photo(&dir.join("photo-cv"), "");
    out.push(("photo".to_string(), build(photo.to_str().unwrap(), &dir.join("photo"), &[])));
    for ex in files_with(&root().join("examples"), "ron") {
        let name = ex.file_stem().unwrap().to_string_lossy().into_owned();
        out.push((name.clone(), build(ex.to_str().unwrap(), &dir.join(&name), &[])));
    }
    for theme in ["classic", "modern", "margin", "compact", "ats"] {
        let name = format!("seojin-park-{theme}");
        out.push((name.clone(), build("examples/seojin-park.ron", &dir.join(&name), &["--theme", theme])));
    }
    out
}

#[test]
fn libreoffice_converts_every_example_and_the_seed_says_every_fact() {
    let Some(soffice) = soffice() else { return };
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = every_example_and_theme(dir.path());
    let pdfs = word_to_pdf(&soffice, &files, &dir.path().join("pdf"));
    let facts = seed_facts();
    for ((name, _), pdf) in files.iter().zip(&pdfs) {
        let said = pdf_text(pdf);
        if name.starts_with("seojin-park") {
            let missing: Vec<&String> = facts.iter().filter(|f| !said.contains(&squash(f))).collect();
            assert!(missing.is_empty(), "{name}: LibreOffice's PDF lacks {missing:#?}\n{said}");
            // Page numbers at the foot, but not for parsers.
            let pages: usize = field(&pdf_info(pdf, false), "Pages").parse().unwrap();
            let last = format!("Seo Jin Park — {pages} / {pages}");
            assert_eq!(said.contains(&last), name != "seojin-park-ats", "{name}: `{last}`\n{said}");
        }
        if name == "hostile" {
            for literal in
                [r"\write18{rm -rf /} \def\x{y}", "μs-scale $math$ _under_ ^caret^ ~tilde~ #hash", "</li></ul><script>x</script>"]
            {
                assert!(said.contains(&squash(literal)), "hostile: the PDF lacks {literal:?}:\n{said}");
            }
        }
    }
}

/// What python-docx reads in each file.
fn read(files: &[&Path]) -> Vec<serde_json::Value> {
    let run = python().arg(root().join("tests/tools/docx_reader.py")).args(files).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn python_docx() -> bool {
    python_has("docx", "python-docx==1.2.0")
}

fn str_of(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or("")
}

/// The paragraphs of a style, as their texts.
fn in_style(read: &serde_json::Value, style: &str) -> Vec<String> {
    read["paragraphs"].as_array().unwrap().iter().filter(|p| p["style"] == style).map(|p| str_of(&p["text"]).to_string()).collect()
}

/// Every address the CV links to, as the view writes it, and the number of highlights.
fn addresses_and_highlights(doc: &vita_model::Document) -> (Vec<String>, usize) {
    let v = vita_view::view::Builder::new(doc, &vita_view::plain::Plain, vita_backend::Page::A4).build();
    let mut out: Vec<String> = Vec::new();
    let mut highlights = 0;
    out.extend(v.person.website.clone());
    out.extend(v.person.email_raw.clone());
    out.extend(v.person.profiles.iter().map(|l| l.url.clone()));
    let mut sections: Vec<&vita_view::view::SectionView> = v.sections.iter().collect();
    while let Some(s) = sections.pop() {
        out.extend(s.publications.iter().flat_map(|p| p.links.iter().map(|l| l.url.clone())));
        out.extend(s.entries.iter().filter_map(|e| e.url.as_ref().map(|l| l.url.clone())));
        highlights += s.entries.iter().map(|e| e.highlights.len()).sum::<usize>();
        sections.extend(&s.sections);
    }
    // Links inside rich text, which the plain view writes `text <address>`.
    let all = serde_json::to_string(&v).unwrap();
    for piece in all.split(" <").skip(1) {
        if let Some((url, _)) = piece.split_once('>') {
            if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:") {
                out.push(vita_view::view::href(url));
            }
        }
    }
    out.sort();
    out.dedup();
    (out, highlights)
}

#[test]
fn python_docx_reads_styles_links_the_owner_and_the_properties() {
    if !python_docx() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = build("examples/seojin-park.ron", &dir.path().join("seed"), &[]);
    let every = build("examples/every-kind.ron", &dir.path().join("every"), &[]);
    let both = read(&[&file, &every]);
    let r = &both[0];
    let doc = |name: &str| {
        let src = std::fs::read_to_string(root().join(format!("examples/{name}.ron"))).unwrap();
        vita_model::load(&src).document.unwrap()
    };
    let (doc, every_doc) = (doc("seojin-park"), doc("every-kind"));
    let cv = &doc.cv;

    assert_eq!(in_style(r, "Title"), std::slice::from_ref(&cv.person.name));
    // The outline: every section a Heading 1, every part of a group a Heading 2.
    assert_eq!(in_style(r, "Heading 1"), cv.sections.iter().map(|s| s.title().to_string()).collect::<Vec<_>>());
    let parts: Vec<String> = cv
        .sections
        .iter()
        .flat_map(|s| match s {
            vita_model::Section::Group(g) => g.sections.iter().map(|x| x.title().to_string()).collect(),
            _ => Vec::new(),
        })
        .collect();
    assert!(!parts.is_empty());
    assert_eq!(in_style(r, "Heading 2"), parts);
    // Parser-friendly: one column, no tables, nothing in page headers; the
    // name at the foot of each page, before its number (fields, which
    // python-docx does not read and LibreOffice fills in: see above).
    assert_eq!((r["tables"].as_u64(), r["sections"].as_u64(), str_of(&r["header_text"])), (Some(0), Some(1), ""));
    assert_eq!(str_of(&r["footer_text"]), "Seo Jin Park —  / ");

    // Hyperlinks point where the CV says, and references to publications to their paragraphs.
    let links = r["links"].as_array().unwrap();
    let mut external: Vec<String> = links.iter().map(|l| str_of(&l["address"]).to_string()).filter(|a| !a.is_empty()).collect();
    external.sort();
    external.dedup();
    assert_eq!(external, addresses_and_highlights(&doc).0);
    let internal: Vec<&str> = links.iter().map(|l| str_of(&l["fragment"])).filter(|f| !f.is_empty()).collect();
    assert!(internal.contains(&"pub_14") && internal.iter().all(|f| f.starts_with("pub_")), "{internal:?}");

    // Each publication: its stable number, a tab, its title; the owner a bold run in the Owner style.
    let pubs: Vec<&serde_json::Value> = r["paragraphs"].as_array().unwrap().iter().filter(|p| p["style"] == "Publication").collect();
    let all: Vec<&vita_model::Publication> = cv.publications().collect();
    assert_eq!(pubs.len(), all.len());
    for (p, model) in pubs.iter().zip(&all) {
        let n = doc.number(&model.id).unwrap();
        assert!(str_of(&p["text"]).starts_with(&format!("[{n}]\t{}\n", model.title)), "{}", p["text"]);
        let owners: Vec<&serde_json::Value> = p["runs"].as_array().unwrap().iter().filter(|r| r["style"] == "Owner").collect();
        assert_eq!(owners.len(), 1, "[{n}]: {:?}", p["runs"]);
        assert_eq!((str_of(&owners[0]["text"]), &owners[0]["bold"]), (cv.person.name.as_str(), &serde_json::json!(true)), "[{n}]");
        let marks = p["runs"].as_array().unwrap().iter().filter(|r| r["style"] == "Equal Contribution Mark").count();
        assert_eq!(marks, model.authors.iter().filter(|a| a.equal).count(), "[{n}]");
    }
    // Every kind of section: its links, and its highlights as bullets.
    let (addresses, highlights) = addresses_and_highlights(&every_doc);
    let mut external: Vec<String> = both[1]["links"].as_array().unwrap().iter().map(|l| str_of(&l["address"]).to_string()).collect();
    external.retain(|a| !a.is_empty());
    external.sort();
    external.dedup();
    assert_eq!(external, addresses);
    assert!(highlights > 0);
    assert_eq!(in_style(&both[1], "List Bullet").len(), highlights);

    // The core properties, dated from `updated`.
    let core = &r["core"];
    assert_eq!(core["title"], "Seo Jin Park — Curriculum Vitae");
    assert_eq!(core["author"], "Seo Jin Park");
    assert_eq!(core["keywords"], "distributed systems, systems for machine learning, low-latency systems");
    assert_eq!(core["language"], "en");
    assert_eq!(core["created"], "2022-11-01T00:00:00+00:00");
}

#[test]
fn the_language_and_date_follow_the_cv_and_source_date_epoch() {
    if !python_docx() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let cv = dir.path().join("cv.ron");
    std::fs::write(&cv, src.replace("  sections: [", "  settings: (lang: \"de\"),\n  sections: [")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["build", cv.to_str().unwrap(), "-f", "docx", "-o", dir.path().join("out").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let file = dir.path().join("out/cv.docx");
    let r = &read(&[&file])[0];
    assert_eq!((&r["core"]["title"], &r["core"]["language"]), (&serde_json::json!("Ada Lovelace — Lebenslauf"), &serde_json::json!("de")));
    assert_eq!(r["core"]["created"], "2023-11-14T22:13:20+00:00");
    // The runs' language is the document's default.
    let parts = vita_docx::unzip(&std::fs::read(&file).unwrap()).unwrap();
    let part = |name: &str| parts.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert!(part("word/styles.xml").contains("<w:lang w:val=\"de\"/>"));
    // A4 by default; Letter from `--page`.
    assert!(part("word/document.xml").contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    let letter = build(cv.to_str().unwrap(), &dir.path().join("letter"), &["--page", "letter"]);
    let parts = vita_docx::unzip(&std::fs::read(letter).unwrap()).unwrap();
    assert!(parts.iter().any(|(n, t)| n == "word/document.xml" && t.contains("<w:pgSz w:w=\"12240\" w:h=\"15840\"/>")));
}

#[test]
fn hostile_text_reads_back_literally() {
    if !python_docx() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = build("examples/hostile.ron", dir.path(), &[]);
    let r = &read(&[&file])[0];
    let text: String = r["paragraphs"].as_array().unwrap().iter().map(|p| format!("{}\n", str_of(&p["text"]))).collect();
    for literal in [
        "Zoë <script>alert(1)</script> O'Brien & \"Co\" {x} 100% $5 #1 a_b ~c ^d \\input{/etc/passwd}",
        "\" onmouseover=\"x",
        "R&D <Lab> \"Quotes\" 'single'",
        "]]> <![CDATA[",
        "A & B: <i>Not italic</i> {C} 100% \\emph{no}",
        "Best <Paper> & \"Award\"",
        "中文 😀 ĸ",
    ] {
        assert!(text.contains(literal), "{literal:?} is not text in:\n{text}");
    }
    // The addresses are the CV's, with nothing but them outside the file.
    let links: Vec<&str> = r["links"].as_array().unwrap().iter().map(|l| str_of(&l["address"])).filter(|a| !a.is_empty()).collect();
    assert!(links.contains(&"https://example.org/?a=1&b=%3C2%3E"), "{links:?}");
    // The DOI: its address, printed as itself.
    let doi = r["links"].as_array().unwrap().iter().find(|l| str_of(&l["text"]).starts_with("doi:")).expect("the DOI is a link");
    assert_eq!((str_of(&doi["address"]), str_of(&doi["text"])), ("https://doi.org/10.1000/x&y%3Cz%3E", "doi:10.1000/x&y<z>"));
    assert!(links.iter().all(|a| a.starts_with("https://") || a.starts_with("mailto:")), "{links:?}");
}

#[test]
fn word_s_schema_and_package_rules_hold_for_every_example_and_theme() {
    if !python_has("openxml_audit", "openxml-audit==0.8.0") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all");
    std::fs::create_dir(&all).unwrap();
    let files = every_example_and_theme(dir.path());
    for (name, file) in &files {
        std::fs::copy(file, all.join(format!("{name}.docx"))).unwrap();
    }
    let run = python().args(["-m", "openxml_audit", "--format", "microsoft365", "-o", "json", "-r"]).arg(&all).output().unwrap();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr)));
    assert_eq!(found.len(), files.len(), "{found:?}");
    for f in &found {
        assert!(f["valid"] == true && f["warning_count"] == 0, "{}", serde_json::to_string_pretty(f).unwrap());
        assert_eq!(f["verdict"]["prediction"], "opens-clean", "{}", f["file"]);
    }
}

#[test]
fn rebuilds_are_byte_identical_and_the_package_holds_no_outside_part() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let x = std::fs::read(build("examples/every-kind.ron", a.path(), &[])).unwrap();
    let y = std::fs::read(build("examples/every-kind.ron", b.path(), &[])).unwrap();
    assert!(x == y, "two builds gave different Word files");
    let parts = vita_docx::unzip(&x).unwrap();
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/numbering.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/theme/theme1.xml",
            "word/footer1.xml"
        ]
    );
    // No macros, no embedded objects; every external relationship is a hyperlink.
    for (name, text) in &parts {
        assert!(!text.contains("vbaProject") && !text.contains("oleObject"), "{name}");
        for rel in text.split("<Relationship ").skip(1) {
            if rel.contains("TargetMode=\"External\"") {
                assert!(rel.contains("/relationships/hyperlink\""), "{name}: {rel}");
            }
        }
    }
}

#[test]
fn the_photo_is_a_picture_above_the_name_and_parsers_get_none() {
    if !python_docx() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cv = with_photo(dir.path(), "  targets: [(name: \"print\", formats: [\"docx\"]), (name: \"recruiter\", preset: \"recruiter\")],\n");
    let out = dir.path().join("out");
    let run = vita(&["build", cv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let print = out.join("print/cv.docx");
    let parts = vita_docx::unzip(&std::fs::read(&print).unwrap()).unwrap();
    let media: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("word/media/")).collect();
    assert_eq!(media, ["word/media/photo.png"]);
    let r = read(&[&print, &out.join("recruiter/cv.docx")]);
    // 6 by 8 pixels: 2.6 cm wide, in proportion (EMU: 360,000 a centimetre).
    assert_eq!(r[0]["pictures"], serde_json::json!([[936000, 1248000]]));
    assert_eq!(r[0]["paragraphs"][0]["style"], "Photo");
    assert_eq!(r[0]["paragraphs"][1]["style"], "Title");
    // For parsers: no picture, and no page number at the foot.
    assert_eq!((&r[1]["pictures"], str_of(&r[1]["footer_text"])), (&serde_json::json!([]), ""));
}

#[test]
fn to_standard_output_it_goes_to_a_file_or_a_pipe_never_raw_to_a_terminal() {
    // Through a pipe: the file's bytes, as a build writes them.
    let dir = tempfile::tempdir().unwrap();
    let piped = vita(&["build", "examples/minimal.ron", "-f", "docx", "-o", "-"]);
    assert!(piped.status.success());
    assert_eq!(piped.stdout, std::fs::read(build("examples/minimal.ron", dir.path(), &[])).unwrap());
    // On a terminal (a pseudo-terminal from util-linux's `script`): refused, nothing written.
    let Ok(run) = std::process::Command::new("script")
        .args(["-qec", &format!("{} build examples/minimal.ron -f docx -o -", env!("CARGO_BIN_EXE_vita")), "/dev/null"])
        .current_dir(root())
        .output()
    else {
        return missing("script (util-linux)", "apt-get install -y util-linux");
    };
    let said = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert_eq!(
        said.trim_end(),
        "error: cv.docx is a binary file and standard output is a terminal; redirect it (`> cv.docx`) or give -o DIR"
    );
}
