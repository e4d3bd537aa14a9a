//! Property tests over the model: generated valid CVs, covering every
//! section kind, every optional field present and absent, dates of every
//! shape, empty lists, publications without authors, text in several
//! scripts and every character any format treats specially; and the same
//! CVs in the shape `vita import` gives them (exported to JSON Resume
//! without vita's own copy, and imported back).
//!
//! For each CV: it passes validation, it survives RON serialisation, every
//! backend renders it, the XML is well-formed, the JSON Resume validates
//! against both schemas, and the Markdown parses back with no structure the
//! template did not write. Then, over the whole batch, the real validators
//! that run as programs: the Europass XSD (xmllint), the Nu HTML Checker,
//! and pdflatex on a sample of the LaTeX files.
//!
//! A fixed seed and `VITA_PROPTEST_CASES` cases (default 200) in
//! `cargo test`; `VITA_PROPTEST_CASES=5000 cargo test --release --test it properties::`
//! runs thousands. A failure prints the case's RON; keep it as a named
//! regression case under tests/hostile/.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use vita_backend::{Backend, Document, Options};
use vita_model::*;

use vita::registry::BACKENDS;

/// Every character some format reads as markup, and text in several scripts.
const PIECES: &[&str] = &[
    "%",
    "&",
    "\\",
    "<",
    ">",
    "\"",
    "'",
    "{",
    "}",
    "#",
    "$",
    "_",
    "^",
    "~",
    "*",
    "[",
    "]",
    "`",
    "|",
    "@",
    "//",
    "=",
    "-",
    "+",
    "1.",
    "--",
    "---",
    "\\input{x}",
    "\\\\",
    "&amp;",
    "<script>alert(1)</script>",
    "]]>",
    "<!--",
    "{{x}}",
    "$$",
    "~~",
    "!",
    "ﬁ",
    "μs",
    "Ζωή",
    "Кириллица",
    "中文",
    "한국어",
    "日本語",
    "العربية",
    "עברית",
    "🙂",
    "Zoë",
    "Ñandú",
    "ß",
    "œ",
    "x",
    "the",
    "CV",
    "2019.",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..5).prop_map(|v| v.join(" "))
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// Rich text: the same pieces, with a valid link and emphasis now and then.
fn rich() -> impl Strategy<Value = Option<Rich>> {
    prop::option::of((text(), 0..4usize).prop_map(|(t, extra)| {
        let t = match extra {
            1 => format!("*{t}* and [a link](https://example.org/?a=1&b=%7B)"),
            2 => format!("{t}\nsecond line"),
            _ => t,
        };
        Rich::parse(&t)
    }))
}

fn url() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(&[
        "https://example.org",
        "https://example.org/?a=1&b=<2>&c=\"d\"",
        "http://example.org/~x/{y}/50%25",
        "https://例え.jp/パス",
    ]))
    .prop_map(|u| u.map(str::to_string))
}

/// A start and an end no earlier than it, in every shape the model takes.
fn range() -> impl Strategy<Value = (Option<When>, Option<End>)> {
    (1950u16..2030, 0u16..5, 0..7usize).prop_map(|(y, k, shape)| {
        let start = match shape % 4 {
            0 => format!("{y}"),
            1 => format!("{y}-0{}", 1 + k),
            2 => format!("{y}-1{}-2{}", k % 3, k),
            _ => format!("Fall {y}"),
        };
        let end = match shape {
            0 | 4 => None,
            5 => Some(End::Present),
            _ => Some(End::At(When::parse(&format!("{}", y + k + 1)))),
        };
        (Some(When::parse(&start)), end)
    })
}

fn date() -> impl Strategy<Value = Option<When>> {
    range().prop_map(|(s, _)| s)
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(&["a", "b", "cv"]).prop_map(str::to_string), 0..2)
}

fn list<T: std::fmt::Debug>(entry: impl Strategy<Value = T>, i: usize) -> impl Strategy<Value = List<T>> {
    (text(), rich(), prop::collection::vec(entry, 0..3), any::<bool>()).prop_map(move |(title, intro, entries, id)| List {
        id: id.then(|| format!("sec-{i}")),
        title: format!("Section {i} {title}"),
        intro,
        entries,
    })
}

fn position() -> impl Strategy<Value = Position> {
    (
        (text(), opt_text(), opt_text(), opt_text(), opt_text(), range()),
        (opt_text(), rich(), prop::collection::vec(rich(), 0..3), url(), tags()),
    )
        .prop_map(|((org, location, title, unit, about, (start, end)), (advisor, description, highlights, url, tags))| Position {
            org,
            location,
            title,
            unit,
            about,
            start,
            end,
            advisor,
            description,
            highlights: highlights.into_iter().flatten().collect(),
            url,
            tags,
            ..Position::default()
        })
}

fn degree() -> impl Strategy<Value = Degree> {
    (
        (text(), opt_text(), opt_text(), opt_text(), range()),
        (opt_text(), opt_text(), opt_text(), rich(), url(), prop::collection::vec(text(), 0..2)),
    )
        .prop_map(|((institution, location, degree, field, (start, end)), (advisor, thesis, grade, description, url, courses))| {
            Degree {
                institution,
                location,
                degree,
                field,
                start,
                end,
                advisor,
                thesis,
                grade,
                description,
                url,
                courses,
                ..Degree::default()
            }
        })
}

/// A publication `n`; `owner` is the CV owner's name.
fn publication(n: usize) -> impl Strategy<Value = Publication> {
    let authors = prop::collection::vec(
        (prop::sample::select(&["Ada Lovelace", "C. Babbage", "Zoë Ünïcödé", "R&D {Lab}", "M. de_la Cruz"]), any::<bool>()),
        0..4,
    )
    .prop_map(|v| {
        let mut seen = Vec::new();
        let mut out: Vec<Author> = Vec::new();
        for (name, equal) in v {
            if !seen.contains(&name) {
                seen.push(name);
                out.push(Author { name: name.to_string(), equal, family: None });
            }
        }
        // One author alone cannot share equal contribution.
        if out.iter().filter(|a| a.equal).count() == 1 {
            out.iter_mut().for_each(|a| a.equal = false);
        }
        out
    });
    (
        (text(), authors, prop::option::of((text(), opt_text(), opt_text(), opt_text()))),
        (
            date(),
            prop::option::of((1u32..500, 0u32..100)),
            prop::collection::vec(text(), 0..2),
            url(),
            any::<bool>(),
            0..9usize,
            0..6usize,
            rich(),
        ),
    )
        .prop_map(move |((title, authors, venue), (date, acceptance, awards, paper, doi, kind, status, note))| {
            let kinds = ["Conference", "Journal", "Workshop", "Preprint", "Book", "Chapter", "Thesis", "Poster", "Other"];
            let statuses = ["Published", "ToAppear", "Accepted", "UnderReview", "Submitted", "InPreparation"];
            Publication {
                id: format!("p{n}"),
                title,
                authors,
                venue: venue.map(|(name, short, pages, publisher)| Venue { name, short, pages, publisher, ..Venue::default() }),
                kind: ron::from_str(kinds[kind]).unwrap(),
                status: ron::from_str(statuses[status]).unwrap(),
                date,
                acceptance: acceptance.map(|(s, a)| Acceptance { submitted: s, accepted: a.min(s), cycle: None }),
                awards,
                links: Links { paper, doi: doi.then(|| format!("10.1145/{n}.{n}")), ..Links::default() },
                note,
                ..Publication::default()
            }
        })
}

fn section(i: usize) -> impl Strategy<Value = Section> {
    prop_oneof![
        list(position(), i).prop_map(Section::Positions),
        list(degree(), i).prop_map(Section::Education),
        (
            text(),
            prop::collection::vec(publication(i * 10), 0..1),
            prop::collection::vec(publication(i * 10 + 1), 0..1),
            prop::collection::vec(publication(i * 10 + 2), 0..1),
            any::<bool>(),
            rich()
        )
            .prop_map(move |(title, a, b, c, count_line, intro)| Section::Publications(PublicationList {
                id: None,
                title: format!("Section {i} {title}"),
                intro,
                number_from: None,
                count_line,
                entries: a.into_iter().chain(b).chain(c).collect(),
                ..PublicationList::default()
            })),
        list(
            (text(), opt_text(), opt_text(), opt_text(), range(), rich(), url()).prop_map(
                |(course, code, role, institution, (term, end), description, url)| Course {
                    course,
                    code,
                    role,
                    institution,
                    term,
                    end,
                    description,
                    url,
                    ..Course::default()
                }
            ),
            i
        )
        .prop_map(Section::Teaching),
        list((text(), opt_text(), opt_text(), prop::option::of(1950u16..2030), range(), rich()), i).prop_map(|l| Section::Mentoring(
            List {
                id: l.id,
                title: l.title,
                intro: l.intro,
                entries: l
                    .entries
                    .into_iter()
                    .map(|(name, institution, level, class_of, (start, end), description)| Mentee {
                        name,
                        institution,
                        level,
                        class_of,
                        start,
                        end,
                        description,
                        ..Mentee::default()
                    })
                    .collect(),
            }
        )),
        list(
            (text(), opt_text(), range(), rich(), prop::collection::vec(rich(), 0..2), url()).prop_map(
                |(role, org, (date, end), description, highlights, url)| Service {
                    role,
                    org,
                    date,
                    end,
                    description,
                    highlights: highlights.into_iter().flatten().collect(),
                    url,
                    ..Service::default()
                }
            ),
            i
        )
        .prop_map(Section::Service),
        list(
            (text(), opt_text(), prop::option::of(1u64..1_000_000), range(), rich(), url()).prop_map(
                |(name, by, amount, (date, end), note, url)| Award {
                    name,
                    by,
                    amount: amount.map(|value| Amount { value, currency: "EUR".into() }),
                    date,
                    end,
                    note,
                    url,
                    ..Award::default()
                }
            ),
            i
        )
        .prop_map(Section::Awards),
        list(
            (text(), opt_text(), opt_text(), date(), any::<bool>(), rich(), url()).prop_map(
                |(title, event, location, date, invited, description, url)| Talk {
                    title,
                    event,
                    location,
                    date,
                    invited,
                    description,
                    url,
                    ..Talk::default()
                }
            ),
            i
        )
        .prop_map(Section::Talks),
        list(
            (text(), opt_text(), opt_text(), opt_text(), range(), rich()).prop_map(
                |(title, funder, number, role, (start, end), description)| Grant {
                    title,
                    funder,
                    number,
                    role,
                    start,
                    end,
                    description,
                    ..Grant::default()
                }
            ),
            i
        )
        .prop_map(Section::Grants),
        list(
            (text(), opt_text(), prop::collection::vec(text(), 0..3)).prop_map(|(name, level, keywords)| Skill {
                name,
                level,
                keywords,
                ..Skill::default()
            }),
            i
        )
        .prop_map(Section::Skills),
        list((text(), prop::option::of(prop::sample::select(&["en", "de", "ko", "el"])), any::<bool>(), 0..7usize, opt_text()), i)
            .prop_map(|l| Section::Languages(List {
                id: l.id,
                title: l.title,
                intro: l.intro,
                entries: l
                    .entries
                    .into_iter()
                    .map(|(name, code, native, level, fluency)| Language {
                        name,
                        code: code.map(str::to_string),
                        native,
                        level: if native || level == 6 {
                            None
                        } else {
                            Some(ron::from_str(["A1", "A2", "B1", "B2", "C1", "C2"][level]).unwrap())
                        },
                        fluency,
                        ..Language::default()
                    })
                    .collect(),
            })),
        list(
            (text(), opt_text(), date(), url()).prop_map(|(name, issuer, date, url)| Certificate {
                name,
                issuer,
                date,
                url,
                ..Certificate::default()
            }),
            i
        )
        .prop_map(Section::Certificates),
        list((text(), opt_text(), opt_text(), range(), rich(), prop::collection::vec(rich(), 0..2), url()), i).prop_map(|l| {
            Section::Custom(List {
                id: l.id,
                title: l.title,
                intro: l.intro,
                entries: l
                    .entries
                    .into_iter()
                    .map(|(title, subtitle, location, (date, end), description, highlights, url)| Item {
                        title,
                        subtitle,
                        location,
                        date,
                        end,
                        description,
                        highlights: highlights.into_iter().flatten().collect(),
                        url,
                        ..Item::default()
                    })
                    .collect(),
            })
        }),
        (text(), text()).prop_map(move |(title, body)| Section::Text(Text {
            id: None,
            title: format!("Section {i} {title}"),
            body: Rich::parse(&body)
        })),
        (text(), prop::collection::vec(text(), 0..3), rich()).prop_map(move |(title, areas, vision)| Section::Research(Research {
            id: None,
            title: format!("Section {i} {title}"),
            areas,
            vision,
            projects: Vec::new(),
        })),
    ]
}

fn cv() -> impl Strategy<Value = Cv> {
    (
        (text(), prop::collection::vec(text(), 0..2), opt_text(), any::<bool>(), opt_text(), url(), rich()),
        (prop::option::of((opt_text(), opt_text(), prop::option::of(prop::sample::select(&["DE", "KR", "US"])))), prop::option::of(text())),
        (section(0), section(1), section(2), section(3), prop::option::of(section(4)), prop::option::of(section(5))),
        (prop::option::of(prop::sample::select(&["en", "de", "en-GB"])), prop::option::of(date())),
    )
        .prop_map(
            |((name, aliases, label, email, phone, website, summary), (address, profile), (s0, s1, s2, s3, s4, s5), (lang, updated))| {
                let mut sections: Vec<Section> = vec![s0, s1, s2, s3];
                sections.extend(s4);
                // A group holds the sixth section.
                if let Some(s) = s5 {
                    sections.push(Section::Group(Group { id: None, title: "Section 9 group".into(), sections: vec![s] }));
                }
                let mut cv = Cv {
                    person: Person {
                        name: format!("Ada {name}"),
                        aliases,
                        label,
                        email: email.then(|| "ada.o'neil+cv@example.org".to_string()),
                        phone,
                        website,
                        summary,
                        address: address.map(|(street, city, country)| Address {
                            street,
                            city,
                            country: country.map(str::to_string),
                            ..Address::default()
                        }),
                        profiles: profile
                            .map(|p| Profile { network: p, username: None, url: Some("https://example.org/u".into()) })
                            .into_iter()
                            .collect(),
                        ..Person::default()
                    },
                    updated: updated.flatten(),
                    sections,
                    ..Cv::default()
                };
                cv.settings.lang = lang.map(str::to_string);
                link_publications(&mut cv);
                cv
            },
        )
}

/// Cross-references: research projects, awards and talks cite existing publications.
fn link_publications(cv: &mut Cv) {
    let ids: Vec<String> = cv.publications().map(|p| p.id.clone()).collect();
    let Some(first) = ids.first().cloned() else { return };
    for s in &mut cv.sections {
        match s {
            Section::Research(r) => {
                r.projects.push(Project { name: "Engines & <gears>".into(), description: None, publications: ids.clone(), url: None })
            }
            Section::Awards(l) => l.entries.iter_mut().for_each(|a| a.publication = Some(first.clone())),
            Section::Talks(l) => l.entries.iter_mut().for_each(|t| t.publication = Some(first.clone())),
            _ => {}
        }
    }
}

fn cases() -> u32 {
    std::env::var("VITA_PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(200)
}

fn runner() -> TestRunner {
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]))
}

fn schemas() -> Vec<jsonschema::Validator> {
    let dir = std::env::var_os("VITA_REF_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/ref")).join("jsonresume");
    ["schema-v1.0.0.json", "schema.json"]
        .iter()
        .filter_map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).ok()?;
            Some(jsonschema::options().should_validate_formats(true).build(&serde_json::from_str(&text).unwrap()).unwrap())
        })
        .collect()
}

/// Renders every backend and checks what can be checked in process; returns the files.
fn render_and_check(doc: &Document, schemas: &[jsonschema::Validator]) -> Result<Files, String> {
    let mut files = Vec::new();
    for b in BACKENDS {
        let r = b.render(doc, &Options::default()).map_err(|e| format!("{}: {e:#}", b.name()))?;
        for f in r.files {
            files.push((f.name, f.bytes));
        }
    }
    engine_agrees(doc, &files)?;
    for (name, bytes) in &files {
        if name.ends_with(".pdf") {
            if !bytes.starts_with(b"%PDF-") {
                return Err(format!("{name} is not a PDF"));
            }
            continue;
        }
        if name.ends_with(".docx") {
            // Every part of the Word package is well-formed XML.
            for (part, text) in vita_docx::unzip(bytes).map_err(|e| format!("{name}: {e}"))? {
                well_formed(&text).map_err(|e| format!("{name}: {part}: not well-formed: {e}"))?;
            }
            continue;
        }
        let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: {e}"))?;
        match name.as_str() {
            "cv.europass.xml" | "cv.europass-v3.xml" => well_formed(text).map_err(|e| format!("{name}: not well-formed: {e}"))?,
            "cv.json" => {
                let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))?;
                for s in schemas {
                    if let Some(e) = s.iter_errors(&value).next() {
                        return Err(format!("{name}: {e} at {}", e.instance_path()));
                    }
                }
            }
            "cv.md" => markdown_structure(doc, text).map_err(|e| format!("{name}: {e}"))?,
            _ => {}
        }
    }
    Ok(files)
}

/// The backends with templates write the same bytes through the Handlebars
/// engine as through the templates compiled into them; JSON Resume written
/// from its types is the text of its JSON value.
fn engine_agrees(doc: &Document, files: &Files) -> Result<(), String> {
    struct Engine;
    impl Drop for Engine {
        fn drop(&mut self) {
            vita_view::compiled::set_runtime_only(false);
        }
    }
    vita_view::compiled::set_runtime_only(true);
    let _back = Engine;
    for b in BACKENDS.iter().filter(|b| !b.default_templates().is_empty()) {
        let r = b.render(doc, &Options::default()).map_err(|e| format!("{} through the engine: {e:#}", b.name()))?;
        for f in r.files {
            if !files.iter().any(|(n, bytes)| *n == f.name && *bytes == f.bytes) {
                return Err(format!("{}: the engine writes other bytes than the compiled templates", f.name));
            }
        }
    }
    // JSON Resume, written from its types, is the text of the JSON value.
    let (value, _) = vita_jsonresume::export::export(doc, &Options::default()).map_err(|e| format!("jsonresume: {e:#}"))?;
    if !files.iter().any(|(n, bytes)| n == "cv.json" && *bytes == vita_jsonresume::to_json(&value).into_bytes()) {
        return Err("cv.json: the typed export writes other text than the JSON value's".into());
    }
    Ok(())
}

fn well_formed(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{e} at {}", reader.buffer_position())),
        }
    }
}

/// The Markdown's structure is the template's: one `#` heading for the
/// name, one heading per section, and no rule, code block or ordered list
/// that text could have made.
fn markdown_structure(doc: &Document, md: &str) -> Result<(), String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let sections = doc.cv.all_sections().count();
    let mut headings = 0;
    for e in Parser::new(md) {
        match e {
            Event::Rule => return Err("a thematic break".into()),
            Event::Start(Tag::CodeBlock(_)) => return Err("a code block".into()),
            Event::Start(Tag::List(Some(_))) => return Err("an ordered list".into()),
            Event::Start(Tag::HtmlBlock) => return Err("an HTML block".into()),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            _ => {}
        }
    }
    if headings != sections + 1 {
        return Err(format!("{headings} headings for {sections} sections and the name"));
    }
    Ok(())
}

/// The CV as `vita import` gives it: exported to JSON Resume without vita's
/// own copy, then imported.
fn import_shape(doc: &Document) -> Option<Cv> {
    let out = vita_jsonresume::JsonResume.render(doc, &Options::default()).ok()?;
    let mut value: serde_json::Value = serde_json::from_slice(&out.files[0].bytes).ok()?;
    if let Some(meta) = value.get_mut("meta").and_then(|m| m.as_object_mut()) {
        meta.remove("vita");
    }
    vita_jsonresume::import::load(&value.to_string()).document.map(|d| d.cv)
}

/// The files of one rendering: names and bytes.
type Files = Vec<(String, Vec<u8>)>;

fn check_one(cv: &Cv, schemas: &[jsonschema::Validator]) -> Result<Vec<Files>, String> {
    let ron = to_ron(cv).map_err(|e| format!("writing RON: {e}"))?;
    if std::env::var_os("VITA_PROPTEST_SHOW").is_some() {
        eprintln!("{ron}");
    }
    let checked = load(&ron);
    let errors: Vec<String> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.display("cv.ron").to_string()).collect();
    let doc = checked.document.ok_or_else(|| format!("a valid CV fails validation:\n{}\n{ron}", errors.join("\n")))?;
    if doc.cv != *cv {
        return Err(format!("the CV changed through RON:\n{ron}"));
    }
    let mut out = vec![render_and_check(&doc, schemas).map_err(|e| format!("{e}\n{ron}"))?];
    let imported = import_shape(&doc).ok_or_else(|| format!("the JSON Resume export does not import:\n{ron}"))?;
    let checked = load(&to_ron(&imported).unwrap());
    let doc = checked.document.ok_or_else(|| format!("the imported shape fails validation:\n{ron}"))?;
    out.push(render_and_check(&doc, schemas).map_err(|e| format!("imported shape: {e}\n{ron}"))?);
    Ok(out)
}

#[test]
fn every_valid_cv_renders_in_every_format_and_the_validators_accept_it() {
    let schemas = schemas();
    if schemas.len() != 2 {
        missing("the JSON Resume schemas", "set VITA_REF_DIR to the folder holding jsonresume/");
    }
    // In process, with shrinking: a failure reports the smallest CV found.
    let mut r = runner();
    let result = r.run(&cv(), |cv| {
        check_one(&cv, &schemas).map(|_| ()).map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The same cases, once more, for the validators that run as programs.
    let dir = tempfile::tempdir().unwrap();
    let mut r = runner();
    let strategy = cv();
    let mut written = Vec::new();
    for i in 0..cases() {
        let cv = strategy.new_tree(&mut r).unwrap().current();
        for (j, files) in check_one(&cv, &schemas).unwrap().into_iter().enumerate() {
            let case = dir.path().join(format!("case-{i:05}-{j}"));
            std::fs::create_dir(&case).unwrap();
            for (name, bytes) in files {
                std::fs::write(case.join(name), bytes).unwrap();
            }
            written.push(case);
        }
    }
    europass_xsd(&written);
    nu_html_checker(&written);
    // Before pdflatex writes its own cv.pdf into the same folders.
    #[cfg(feature = "typst")]
    typst_sample(&written);
    latex_sample(&written);
}

/// The Typst PDF of every twentieth case (at most ten) holds the person's name, as text.
#[cfg(feature = "typst")]
fn typst_sample(cases: &[PathBuf]) {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        return missing("pdftotext", "apt-get install -y poppler-utils");
    }
    for case in cases.iter().step_by(20).take(10) {
        let out = Command::new("pdftotext").arg(case.join("cv.pdf")).arg("-").output().unwrap();
        assert!(out.status.success(), "{}: {}", case.display(), String::from_utf8_lossy(&out.stderr));
        // pdftotext places right-to-left runs of the next line (a label in
        // Arabic) among the name's characters: those runs and all spaces are
        // left out of both sides.
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| {
                    let u = *c as u32;
                    !c.is_whitespace()
                        && !(0x0590..=0x08FF).contains(&u)
                        && !(0xFB1D..=0xFEFF).contains(&u)
                        && !matches!(u, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
                })
                .collect()
        };
        let text = plain(&String::from_utf8_lossy(&out.stdout));
        let resume: serde_json::Value = serde_json::from_slice(&std::fs::read(case.join("cv.json")).unwrap()).unwrap();
        // A character no font has prints as an empty box (with a warning): no text.
        let name: String =
            plain(resume["basics"]["name"].as_str().unwrap()).chars().filter(|c| vita_typst::compile::bundled_covers(*c)).collect();
        assert!(text.contains(&name), "{}: the PDF lacks the name {name:?}:\n{text}", case.display());
    }
}

fn europass_xsd(cases: &[PathBuf]) {
    let europass =
        std::env::var_os("VITA_REF_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/ref")).join("europass/v3.4.1");
    if !europass.join("EuropassSchema.xsd").exists() {
        return missing("the Europass XSD", "set VITA_REF_DIR to the folder holding europass/v3.4.1");
    }
    if Command::new("xmllint").arg("--version").output().is_err() {
        return missing("xmllint", "apt-get install -y libxml2-utils");
    }
    let catalog = std::fs::canonicalize(europass.join("catalog.xml")).unwrap();
    for chunk in cases.chunks(200) {
        let out = Command::new("xmllint")
            .env("XML_CATALOG_FILES", &catalog)
            .args(["--nonet", "--noout", "--schema"])
            .arg(europass.join("EuropassSchema.xsd"))
            .args(chunk.iter().map(|c| c.join("cv.europass-v3.xml")))
            .output()
            .unwrap();
        assert!(out.status.success(), "the Europass XSD refuses:\n{}", tail(&out.stderr));
    }
}

fn nu_html_checker(cases: &[PathBuf]) {
    let jar = std::env::var_os("VITA_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar"));
    if !jar.exists() {
        return missing("the Nu HTML Checker (vnu.jar)", "run `npm install --prefix .tools vnu-jar`, or set VITA_VNU_JAR");
    }
    let files: Vec<PathBuf> = cases.iter().map(|c| c.join("cv.html")).collect();
    let out = Command::new("java").arg("-jar").arg(&jar).arg("--errors-only").args(&files).output().expect("run java");
    assert!(out.status.success(), "the Nu HTML Checker found errors:\n{}", tail(&out.stderr));
}

/// pdflatex on every twentieth case (at most ten): each compiles.
fn latex_sample(cases: &[PathBuf]) {
    if Command::new("pdflatex").arg("--version").output().is_err() {
        return missing("pdflatex", "apt-get install -y texlive-latex-base texlive-latex-recommended texlive-fonts-recommended");
    }
    for case in cases.iter().step_by(20).take(10) {
        compile(case);
    }
}

fn compile(case: &Path) {
    let mut last = None;
    for _ in 0..2 {
        let out = Command::new("pdflatex")
            .args(["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "cv.tex"])
            .current_dir(case)
            .output()
            .unwrap();
        last = Some(out);
    }
    let out = last.unwrap();
    assert!(out.status.success(), "{}: pdflatex failed:\n{}", case.display(), tail(&out.stdout));
}

fn tail(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let start = s.len().saturating_sub(3000);
    s[s.char_indices().map(|(i, _)| i).find(|&i| i >= start).unwrap_or(0)..].to_string()
}
