//! `vita import cv.xml` for the Europass CV of 2005 to 2012 (`learnerinfo`,
//! schema V1.0 to V2.0), as Cedefop's first online editor saved it and
//! attached it to its PDFs: identification, the desired employment,
//! work experience, education, languages with their five levels, the six
//! personal skills and the additional information, read into the same
//! sections as a v3 file. Texts are plain text there.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use vita_model::{Cefr, Cv, Date, Degree, Diagnostic, End, Language, List, Position, Rich, Section, Text, When};
use vita_view::xml::Element;

use crate::import::{Paths, Read};

/// Whether a text is a Europass CV of that era (its root element is `learnerinfo`).
pub fn is_v2(text: &str) -> bool {
    vita_model::head(text, 4096).contains("learnerinfo")
}

fn date(n: Option<&Element>) -> Option<When> {
    let n = n?;
    let year: u16 = n.text_at(&["year"])?.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    let month = n.text_at(&["month"]).and_then(|m| m.trim_start_matches('-').parse::<u8>().ok()).filter(|m| (1..=12).contains(m));
    let day = n.text_at(&["day"]).and_then(|d| d.trim_start_matches('-').parse::<u8>().ok()).filter(|d| (1..=31).contains(d));
    let w = When::Date(Date { year, month, day: month.and(day) });
    // A day the month does not have: the month.
    Some(if When::parse(&w.source()).as_date().is_some() { w } else { When::Date(Date { year, month, day: None }) })
}

fn period(n: Option<&Element>) -> (Option<When>, Option<End>) {
    let Some(p) = n else { return (None, None) };
    let start = date(p.child("from"));
    let end = date(p.child("to")).map(End::At);
    // An open end after a start: the position is held now.
    let end = end.or_else(|| start.as_ref().map(|_| End::Present));
    (start, end)
}

fn rich(text: Option<String>) -> Option<Rich> {
    text.map(|t| Rich::plain(t.trim()))
}

/// The CV of a `learnerinfo` document, what it leaves out, and where each part was read.
pub fn read_cv(root: &Element) -> Result<Read, String> {
    let mut warnings: Vec<(Diagnostic, usize)> = Vec::new();
    let mut paths: Paths = Vec::new();
    let mut cv = Cv::default();
    if let Some(lang) = root.attrs.get("locale").and_then(|l| l.split(['_', '-']).next()).filter(|l| !l.is_empty() && *l != "en") {
        cv.settings.lang = Some(lang.to_ascii_lowercase());
    }
    let id = root.child("identification");
    cv.person.name = [id.and_then(|i| i.text_at(&["firstname"])), id.and_then(|i| i.text_at(&["lastname"]))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    paths.push(("person.name".into(), "identification/firstname".into(), id.map_or(root.offset, |i| i.offset)));
    if let Some(c) = id.and_then(|i| i.child("contactinfo")) {
        cv.person.email = c.text_at(&["email"]);
        cv.person.phone = c.text_at(&["mobile"]).or_else(|| c.text_at(&["telephone"]));
        if let Some(a) = c.child("address") {
            let address = vita_model::Address {
                street: a.text_at(&["addressLine"]),
                city: a.text_at(&["municipality"]),
                postal_code: a.text_at(&["postalCode"]),
                country: a.text_at(&["country", "code"]).map(|c| match c.to_ascii_uppercase().as_str() {
                    "UK" => "GB".to_string(),
                    "EL" => "GR".to_string(),
                    c => c.to_string(),
                }),
                ..vita_model::Address::default()
            };
            if address != vita_model::Address::default() {
                cv.person.address = Some(address);
            }
        }
    }
    for (path, what) in [
        (&["identification", "demographics", "birthdate"][..], "the birth date"),
        (&["identification", "demographics", "nationality", "label"][..], "the nationality"),
        (&["identification", "photo"][..], "the photo"),
        (&["identification", "contactinfo", "fax"][..], "the fax number"),
    ] {
        if let Some(e) = root.at(path).filter(|e| !e.text.trim().is_empty()) {
            warnings.push((Diagnostic::warning(path.join("/"), format!("vita has no place for {what}; it is left out")), e.offset));
        }
    }
    cv.person.label = root.text_at(&["application", "label"]);
    let mut sections = Vec::new();
    let s = sections.len();
    let positions: Vec<Position> = root
        .child("workexperiencelist")
        .map(|l| l.all("workexperience").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let at = format!("workexperiencelist/workexperience[{i}]");
            let model = format!("sections[{s}].entries[{i}]");
            paths.push((model.clone(), at.clone(), w.offset));
            for (m, x) in [("org", "employer/name"), ("title", "position/label"), ("start", "period/from"), ("end", "period/to")] {
                paths.push((format!("{model}.{m}"), format!("{at}/{x}"), w.offset));
            }
            let (start, end) = period(w.child("period"));
            Position {
                org: w.text_at(&["employer", "name"]).unwrap_or_default(),
                title: w.text_at(&["position", "label"]),
                location: w.text_at(&["employer", "address", "municipality"]),
                about: w.text_at(&["employer", "sector", "label"]),
                start,
                end,
                description: rich(w.text_at(&["activities"])),
                ..Position::default()
            }
        })
        .collect();
    if !positions.is_empty() {
        sections.push(Section::Positions(List { title: "Work experience".into(), entries: positions, ..List::default() }));
    }
    let s = sections.len();
    let degrees: Vec<Degree> = root
        .child("educationlist")
        .map(|l| l.all("education").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let at = format!("educationlist/education[{i}]");
            let model = format!("sections[{s}].entries[{i}]");
            paths.push((model.clone(), at.clone(), e.offset));
            for (m, x) in [("institution", "organisation/name"), ("degree", "title"), ("start", "period/from"), ("end", "period/to")] {
                paths.push((format!("{model}.{m}"), format!("{at}/{x}"), e.offset));
            }
            let (start, end) = period(e.child("period"));
            Degree {
                institution: e.text_at(&["organisation", "name"]).unwrap_or_default(),
                degree: e.text_at(&["title"]),
                field: e.text_at(&["educationalfield", "label"]),
                grade: e.text_at(&["level", "label"]),
                location: e.text_at(&["organisation", "address", "municipality"]),
                start,
                end,
                description: rich(e.text_at(&["skills"])),
                ..Degree::default()
            }
        })
        .collect();
    if !degrees.is_empty() {
        sections.push(Section::Education(List { title: "Education and training".into(), entries: degrees, ..List::default() }));
    }
    let mut languages = Vec::new();
    for l in root.child("languagelist").map(|l| l.all("language").collect::<Vec<_>>()).unwrap_or_default() {
        let native = l.attrs.iter().any(|(k, v)| k.ends_with("type") && v.ends_with("mother"));
        let code = l.text_at(&["code"]).map(|c| c.to_ascii_lowercase());
        let name = l.text_at(&["label"]).or_else(|| code.clone()).unwrap_or_default();
        let mut language = Language {
            name,
            code: code.filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase())),
            native,
            ..Language::default()
        };
        if let Some(p) = l.child("level") {
            let skill = |k: &str| p.text_at(&[k]).and_then(|t| Cefr::from_code(&t.to_ascii_uppercase()));
            language.set_cefr_grid([
                skill("listening"),
                skill("reading"),
                skill("spokeninteraction"),
                skill("spokenproduction"),
                skill("writing"),
            ]);
        }
        languages.push(language);
    }
    if !languages.is_empty() {
        sections.push(Section::Languages(List { title: "Language skills".into(), entries: languages, ..List::default() }));
    }
    for skill in root.child("skilllist").map(|l| l.children.iter().collect::<Vec<_>>()).unwrap_or_default() {
        let kind = skill.attrs.get("type").map(String::as_str).unwrap_or_default();
        if skill.local() == "structured-skill" {
            if !skill.children.is_empty() {
                warnings.push((
                    Diagnostic::warning("skilllist/structured-skill", "vita has no place for driving licences; they are left out"),
                    skill.offset,
                ));
            }
            continue;
        }
        let title = match kind {
            "social" => "Social skills",
            "organisational" => "Organisational skills",
            "technical" => "Technical skills",
            "computer" => "Computer skills",
            "artistic" => "Artistic skills",
            _ => "Other skills",
        };
        if let Some(body) = rich(Some(skill.text.clone()).filter(|t| !t.trim().is_empty())) {
            sections.push(Section::Text(Text { title: title.into(), body, ..Text::default() }));
        }
    }
    for m in root.child("misclist").map(|l| l.all("misc").collect::<Vec<_>>()).unwrap_or_default() {
        let title = match m.attrs.get("type").map(String::as_str) {
            Some("annexes") => "Annexes",
            _ => "Additional information",
        };
        if let Some(body) = rich(Some(m.text.clone()).filter(|t| !t.trim().is_empty())) {
            sections.push(Section::Text(Text { title: title.into(), body, ..Text::default() }));
        }
    }
    cv.sections = sections;
    Ok((cv, warnings, paths))
}
