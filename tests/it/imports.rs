//! The import property: whatever a file holds, an importer either refuses
//! it with an error or gives a CV that `vita check` accepts (its RON loads
//! with no error). Inputs are generated in each format's shape, with values
//! of every kind where the format has one (dates in any spelling, addresses
//! without a scheme, empty strings, markup, control characters, numbers,
//! objects, lists), for JSON Resume, RenderCV, Europass (Candidate, v3 XML
//! and JSON, the first format), BibTeX, CSL-JSON, ORCID and LinkedIn.
//!
//! A fixed seed and `VITA_PROPTEST_CASES` cases (default 200) per importer.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};

/// Values of every kind a field meets in real files.
const TEXTS: &[&str] = &[
    "",
    " ",
    "Ada Lovelace",
    "2019",
    "2019-09",
    "2019-09-31",
    "2023-9",
    "10/2023",
    "Sept 2016",
    "septembre 2021",
    "'16",
    "Present",
    "aktuell",
    "now",
    "2014 - 2016",
    "20XX",
    "https://example.org/a",
    "example.org/page",
    "github.com/ada",
    "ftp://x.example",
    "javascript:alert(1)",
    "mailto:ada@example.org",
    "ada@example.org",
    "not an email",
    "USA",
    "pl",
    "Bosnia and Herzegovina",
    "Atlantis",
    "<b>bold</b> & <i>it</i>",
    "*Ada Lovelace*",
    "**bold** [link](https://example.org)",
    "\\textbf{x} $\\alpha$ {\\'e}",
    "line\nbreak",
    "tab\tand\u{7}bell",
    "\u{1b}[31mred",
    "10.1145/123.456",
    "doi.org/10.1/x",
    "한국어 中文 العربية",
    "C1",
    "native",
];

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(TEXTS).prop_map(str::to_string)
}

/// A JSON value where a field's value stands: mostly text, sometimes another shape.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => text().prop_map(Value::String),
        1 => any::<i32>().prop_map(|n| json!(n)),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => (text(), text()).prop_map(|(a, b)| json!({"en": a, "de": b})),
        1 => prop::collection::vec(text(), 0..3).prop_map(|v| json!(v)),
        1 => text().prop_map(|t| json!({"name": t, "url": "https://example.org"})),
    ]
}

/// An object with some of the given keys (and an unknown one now and then).
fn object(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(keys), leaf()), 0..keys.len() + 2).prop_map(|pairs| {
        let mut o = serde_json::Map::new();
        for (k, v) in pairs {
            o.insert(k.to_string(), v);
        }
        Value::Object(o)
    })
}

fn list(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::collection::vec(object(keys), 0..4).prop_map(Value::Array),
        1 => object(keys),
        1 => text().prop_map(Value::String),
        1 => prop::collection::vec(text().prop_map(Value::String), 0..3).prop_map(Value::Array),
    ]
}

fn jsonresume() -> impl Strategy<Value = String> {
    let basics = object(&["name", "label", "image", "picture", "email", "phone", "url", "website", "summary", "location", "x-extra"]);
    let location = object(&["address", "city", "countryCode", "country-name", "locality", "region", "postalCode"]);
    let work = list(&["name", "company", "position", "url", "website", "startDate", "endDate", "summary", "highlights", "location", "x"]);
    let education = list(&["institution", "area", "studyType", "startDate", "endDate", "score", "gpa", "courses"]);
    let skills = list(&["name", "level", "keywords"]);
    let pubs = list(&["name", "publisher", "releaseDate", "url", "summary"]);
    let projects = list(&["name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity", "type"]);
    let languages = list(&["language", "name", "fluency", "level"]);
    let interests = list(&["name", "keywords"]);
    (basics, location, work, education, skills, pubs, projects, languages, interests).prop_map(
        |(mut basics, location, work, education, skills, pubs, projects, languages, interests)| {
            if let Some(b) = basics.as_object_mut() {
                b.insert("location".into(), location);
                b.entry("name").or_insert(json!("Ada Lovelace"));
            }
            json!({
                "basics": basics, "work": work, "education": education, "skills": skills, "publications": pubs,
                "projects": projects, "languages": languages, "interests": interests, "volunteer": [], "awards": null,
                "other": {"a": 1},
            })
            .to_string()
        },
    )
}

/// RenderCV: YAML, written as JSON (which YAML reads as it is).
fn rendercv() -> impl Strategy<Value = String> {
    let experience = prop::collection::vec(
        object(&["company", "position", "start_date", "end_date", "date", "location", "summary", "highlights"]),
        0..3,
    );
    let education =
        prop::collection::vec(object(&["institution", "area", "degree", "start_date", "end_date", "grade", "highlights"]), 0..3);
    let publications = prop::collection::vec(object(&["title", "authors", "author", "doi", "url", "journal", "date"]), 0..3);
    let oneline = prop::collection::vec(object(&["label", "details"]), 0..3);
    let normal = prop::collection::vec(object(&["name", "date", "start_date", "end_date", "summary", "highlights", "url"]), 0..3);
    let texts = prop::collection::vec(text(), 0..3);
    let person = object(&["name", "headline", "location", "email", "phone", "website", "photo"]);
    (person, experience, education, publications, oneline, normal, texts, text()).prop_map(|(mut p, e, ed, pu, o, n, t, lang)| {
        if let Some(p) = p.as_object_mut() {
            p.insert("name".into(), json!("Ada Lovelace"));
            p.insert(
                "social_networks".into(),
                json!([{"network": "GitHub", "username": "ada"}, {"network": "Mastodon", "username": lang}]),
            );
            p.insert(
                "sections".into(),
                json!({"experience": e, "education": ed, "publications": pu, "skills": o, "projects": n, "about_me": t}),
            );
        }
        json!({"cv": p, "design": {"theme": "classic"}, "locale": {"language": lang}}).to_string()
    })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").chars().filter(|c| vita_model::validate::is_xml_char(*c)).collect()
}

/// Europass v3 XML, with the elements the reader reads and some it leaves out.
fn europass_v3() -> impl Strategy<Value = String> {
    let entry = (text(), text(), text(), text(), 1990u16..2030, 0u8..14, any::<bool>());
    (text(), text(), prop::collection::vec(entry, 0..4), prop::sample::select(&["ECV", "ESP", "ECV_ESP", "ECL", "ELP", ""][..])).prop_map(
        |(first, last, entries, kind)| {
            let mut x = format!(
                "<SkillsPassport xmlns=\"http://europass.cedefop.europa.eu/Europass\" locale=\"{}\"><DocumentInfo><DocumentType>{kind}</DocumentType></DocumentInfo><LearnerInfo><Identification><PersonName><FirstName>{}</FirstName><Surname>{}</Surname></PersonName><ContactInfo><Email><Contact>{}</Contact></Email></ContactInfo><Demographics><Birthdate year=\"1990\"/></Demographics></Identification><WorkExperienceList>",
                xml_escape(&first.chars().take(2).collect::<String>()),
                xml_escape(&first),
                xml_escape(&last),
                xml_escape(&last)
            );
            for (org, title, what, url, year, month, current) in &entries {
                x.push_str(&format!(
                    "<WorkExperience><Period><From year=\"{year}\" month=\"--{month:02}\"/>{}</Period><Position><Label>{}</Label></Position><Activities>{}</Activities><Employer><Name>{}</Name><ContactInfo><Website><Contact>{}</Contact></Website></ContactInfo></Employer></WorkExperience>",
                    if *current { "<Current>true</Current>".to_string() } else { format!("<To year=\"{}\"/>", year.saturating_sub(1)) },
                    xml_escape(title),
                    xml_escape(what),
                    xml_escape(org),
                    xml_escape(url)
                ));
            }
            x.push_str("</WorkExperienceList><EducationList>");
            for (org, title, _, _, year, _, _) in &entries {
                x.push_str(&format!(
                    "<Education><Period><From year=\"{year}\"/></Period><Title>{}</Title><Organisation><Name>{}</Name></Organisation></Education>",
                    xml_escape(title),
                    xml_escape(org)
                ));
            }
            x.push_str("</EducationList></LearnerInfo></SkillsPassport>");
            x
        },
    )
}

/// The first Europass format (`learnerinfo`).
fn europass_v2() -> impl Strategy<Value = String> {
    (text(), text(), prop::collection::vec((text(), text(), 1990u16..2030), 0..3)).prop_map(|(first, last, jobs)| {
        let mut x = format!(
            "<europass:learnerinfo xmlns:europass=\"http://europass.cedefop.europa.eu/Europass/V2.0\" locale=\"en_GB\"><identification><firstname>{}</firstname><lastname>{}</lastname></identification><workexperiencelist>",
            xml_escape(&first),
            xml_escape(&last)
        );
        for (org, title, year) in jobs {
            x.push_str(&format!(
                "<workexperience><period><from><year>{year}</year><month>--13</month></from></period><position><label>{}</label></position><employer><name>{}</name></employer></workexperience>",
                xml_escape(&title),
                xml_escape(&org)
            ));
        }
        x.push_str("</workexperiencelist></europass:learnerinfo>");
        x
    })
}

fn bibtex() -> impl Strategy<Value = String> {
    let field = (
        prop::sample::select(
            &["title", "author", "year", "month", "journal", "booktitle", "doi", "url", "date", "pubstate", "note", "keywords"][..],
        ),
        text(),
    );
    let entry =
        (prop::sample::select(&["article", "inproceedings", "misc", "book", "phdthesis"][..]), 0u8..5, prop::collection::vec(field, 0..8));
    prop::collection::vec(entry, 0..6).prop_map(|entries| {
        let mut s = String::from("@string{acm = {ACM}}\n");
        for (kind, key, fields) in entries {
            s.push_str(&format!("@{kind}{{k{key},\n"));
            for (f, v) in fields {
                let v: String = v.chars().filter(|c| *c != '{' && *c != '}').collect();
                s.push_str(&format!("  {f} = {{{v}}},\n"));
            }
            s.push_str("  publisher = acm # undefinedmacro,\n}\n");
        }
        s
    })
}

fn csl() -> impl Strategy<Value = String> {
    let item =
        (text(), text(), prop::sample::select(&["article-journal", "paper-conference", "book", "thesis", "weird"][..]), leaf(), text());
    prop::collection::vec(item, 0..5).prop_map(|items| {
        let v: Vec<Value> = items
            .into_iter()
            .enumerate()
            .map(|(i, (title, doi, kind, issued, author))| {
                json!({"id": format!("i{}", i % 3), "type": kind, "title": title, "DOI": doi, "URL": doi,
                       "issued": {"date-parts": [[2020, i]], "literal": issued}, "author": [{"family": author, "given": "A."}, {"literal": ""}]})
            })
            .collect();
        Value::Array(v).to_string()
    })
}

/// An ORCID works record, as the API gives it (`group` of `work-summary`) or as
/// the ORCID site exports it (`bulk` of camelCase works).
fn orcid() -> impl Strategy<Value = String> {
    let work = (any::<u32>(), text(), text(), leaf(), text());
    (prop::collection::vec(work, 0..5), any::<bool>()).prop_map(|(works, site)| {
        if site {
            let bulk: Vec<Value> = works
                .into_iter()
                .map(|(code, title, doi, year, journal)| {
                    json!({"work": {"putCode": {"value": code % 4}, "title": {"title": {"value": title}}, "journalTitle": {"value": journal},
                        "type": "JOURNAL_ARTICLE", "publicationDate": {"year": {"value": year}},
                        "externalIds": {"externalId": [{"externalIdType": "doi", "externalIdValue": doi, "externalIdRelationship": "SELF"}]}}})
                })
                .collect();
            json!([{ "bulk": bulk }]).to_string()
        } else {
            let group: Vec<Value> = works
                .into_iter()
                .map(|(code, title, doi, year, journal)| {
                    json!({"work-summary": [{"put-code": code % 4, "title": {"title": {"value": title}}, "journal-title": {"value": journal},
                        "type": "conference-paper", "publication-date": {"year": {"value": year}, "month": {"value": "13"}},
                        "external-ids": {"external-id": [{"external-id-type": "doi", "external-id-value": doi}]}}]})
                })
                .collect();
            json!({"last-modified-date": {"value": 1}, "group": group, "path": "/0000-0000-0000-0000/works"}).to_string()
        }
    })
}

fn linkedin() -> impl Strategy<Value = Vec<(String, String)>> {
    let csv = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let row = (text(), text(), text(), text(), text(), text());
    (text(), text(), prop::collection::vec(row, 0..4)).prop_map(move |(first, last, rows)| {
        let mut positions = String::from("Company Name,Title,Description,Location,Started On,Finished On\n");
        let mut education = String::from("School Name,Start Date,End Date,Notes,Degree Name,Activities\n");
        let mut pubs = String::from("Name,Published On,Description,Publisher,Url\n");
        for (a, b, c, d, e, f) in &rows {
            positions.push_str(&[a, b, c, d, e, f].map(|x| csv(x)).join(","));
            positions.push('\n');
            education.push_str(&[b, e, f, c, a, d].map(|x| csv(x)).join(","));
            education.push('\n');
            pubs.push_str(&[a, e, c, d, f].map(|x| csv(x)).join(","));
            pubs.push('\n');
        }
        vec![
            (
                "Profile.csv".to_string(),
                format!(
                    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n{},{},,,Apr 22,{},,,,{},[x],[PERSONAL:{}],\n",
                    csv(&first),
                    csv(&last),
                    csv(&last),
                    csv(&first),
                    first.replace([',', '"', '\n'], "")
                ),
            ),
            ("Positions.csv".to_string(), positions),
            ("Education.csv".to_string(), education),
            ("Publications.csv".to_string(), pubs),
        ]
    })
}

fn cases() -> u32 {
    std::env::var("VITA_PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(200)
}

fn run<S: Strategy>(strategy: S, f: impl Fn(S::Value) -> Result<(), String>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]));
    let result = runner.run(&strategy, |v| f(v).map_err(TestCaseError::fail));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// An importer's result holds the property: refused, or a CV whose RON passes `vita check`.
fn holds(checked: vita_model::Checked, input: &str) -> Result<(), String> {
    let Some(doc) = checked.document else {
        return if checked.diagnostics.iter().any(vita_model::Diagnostic::is_error) {
            Ok(())
        } else {
            Err(format!("no CV and no error for:\n{input}"))
        };
    };
    let ron = vita_model::to_ron(&doc.cv).map_err(|e| format!("writing RON: {e}"))?;
    let again = vita_model::load(&ron);
    match again.document {
        Some(_) => Ok(()),
        None => {
            let errors: Vec<String> = again.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.display("cv.ron").to_string()).collect();
            Err(format!("the import fails `vita check`:\n{}\n--- input:\n{input}\n--- RON:\n{ron}", errors.join("\n")))
        }
    }
}

/// A publication reader's entries, settled as the command settles them, check in a CV.
fn section_holds(read: fn(&str) -> vita_model::source::SourceRead, input: &str) -> Result<(), String> {
    let mut read = read(input);
    if read.diagnostics.iter().any(vita_model::Diagnostic::is_error) {
        return Ok(());
    }
    vita_model::source::settle(&mut read);
    let mut list = vita_model::PublicationList { title: "Publications".into(), ..Default::default() };
    vita_model::source::merge(&mut list, "", "p.bib", &read.entries);
    let cv = vita_model::Cv {
        person: vita_model::Person { name: "Ada Lovelace".into(), ..Default::default() },
        sections: vec![vita_model::Section::Publications(list)],
        ..Default::default()
    };
    let ron = vita_model::to_ron(&cv).map_err(|e| e.to_string())?;
    let again = vita_model::load(&ron);
    let errors: Vec<String> = again.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.display("cv.ron").to_string()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("the imported section fails `vita check`:\n{}\n--- input:\n{input}\n--- RON:\n{ron}", errors.join("\n")))
    }
}

fn importer(name: &str) -> fn(&str) -> vita_model::Checked {
    vita::registry::IMPORTERS.iter().find(|i| i.name == name).unwrap().load
}

#[test]
fn json_resume_imports_pass_the_check() {
    let load = importer("jsonresume");
    run(jsonresume(), |src| holds(load(&src), &src));
}

#[test]
fn rendercv_imports_pass_the_check() {
    let load = importer("rendercv");
    run(rendercv(), |src| holds(load(&src), &src));
}

#[test]
fn europass_imports_pass_the_check() {
    let load = importer("europass");
    run(europass_v3(), |src| holds(load(&src), &src));
    run(europass_v2(), |src| holds(load(&src), &src));
    // The same documents as Candidate readers see them: refused or checked.
    run(europass_v3(), |src| holds(vita_europass::import::load(&src), &src));
    // Europass v3 JSON, in the shape the editor wrote it.
    let json = importer("jsonresume");
    run((text(), text(), prop::collection::vec((text(), text(), leaf()), 0..4)), |(first, last, jobs)| {
        let work: Vec<Value> = jobs
            .into_iter()
            .map(|(org, title, year)| json!({"Period": {"From": {"Year": year, "Month": 9}, "Current": true}, "Position": {"Label": title}, "Employer": {"Name": org}}))
            .collect();
        let src = json!({"SkillsPassport": {"Locale": "en", "LearnerInfo": {"Identification": {"PersonName": {"FirstName": first, "Surname": last}}, "WorkExperience": work}}}).to_string();
        holds(json(&src), &src)
    });
}

#[test]
fn publication_file_imports_pass_the_check() {
    let reader = |name: &str| vita::registry::SOURCES.iter().find(|s| s.name == name).unwrap().read;
    let bib = reader("BibTeX");
    run(bibtex(), |src| section_holds(bib, &src));
    let csl_read = reader("CSL-JSON");
    run(csl(), |src| section_holds(csl_read, &src));
    let orcid_read = reader("ORCID works");
    run(orcid(), |src| section_holds(orcid_read, &src));
}

#[test]
fn linkedin_imports_pass_the_check() {
    run(linkedin(), |files| holds(vita_linkedin::load(&files), &format!("{files:?}")));
}
