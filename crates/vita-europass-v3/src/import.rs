//! `vita import cv.xml` for a Europass v3.4.1 (`SkillsPassport`) file, as
//! Cedefop's editor wrote them until 2020: the export's mapping read
//! backwards. Identification (name, address, e-mail, telephones,
//! websites), the headline, work experience, education, mother tongues and
//! foreign languages with their five CEFR levels; other skills and each
//! achievement become a text section titled as in the file. HTML in
//! descriptions becomes vita's rich text.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use vita_model::{Cefr, Checked, Cv, Date, Degree, Diagnostic, End, Language, List, Position, Profile, Section, Text, When};
use vita_view::html::to_rich;
use vita_view::xml::{read, Element};

/// Whether a text is a v3 document (its root element is `SkillsPassport`).
pub fn is_v3(text: &str) -> bool {
    let head = vita_model::head(text, 4096);
    head.contains("<SkillsPassport") || crate::v2::is_v2(text)
}

/// Whether a text is Europass v3 JSON (`{"SkillsPassport": ...}`, the
/// editor's other format).
pub fn is_v3_json(text: &str) -> bool {
    let head = vita_model::head(text, 512);
    head.trim_start_matches('\u{feff}').trim_start().starts_with('{') && head.contains("\"SkillsPassport\"")
}

/// Reads Europass v3 JSON: its elements are the XML's (a list `X` is the
/// XML's `XList` of `X`; a date's `Year`, `Month` and `Day` its attributes).
pub fn load_json(text: &str) -> Checked {
    let fail = |m: String| Checked {
        document: None,
        diagnostics: vec![Diagnostic::error("", m).with_hint("give Europass v3 JSON (`{\"SkillsPassport\": {...}}`)")],
    };
    let value: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => return fail(format!("not valid JSON: {e}")),
    };
    let Some(sp) = value.get("SkillsPassport") else { return fail("the file has no `SkillsPassport`".into()) };
    let mut root = element("SkillsPassport", sp, 0);
    if let Some(l) = sp.get("Locale").and_then(serde_json::Value::as_str) {
        root.attrs.insert("locale".into(), l.to_string());
    }
    match read_element(&root) {
        Ok((cv, warnings, paths)) => {
            // JSON has no element offsets: no positions.
            let mut checked = vita_model::imported::check_placed(cv, "", paths);
            checked.diagnostics.extend(warnings.into_iter().map(|(d, _)| d));
            checked
        }
        Err(m) => fail(m),
    }
}

/// A JSON value as the XML element it stands for.
fn element(name: &str, v: &serde_json::Value, depth: usize) -> Element {
    use serde_json::Value;
    let mut e = Element { name: name.to_string(), ..Element::default() };
    if depth > vita_view::xml::MAX_DEPTH {
        return e;
    }
    match v {
        Value::Object(o) => {
            let is_date = !o.is_empty() && o.keys().all(|k| matches!(k.as_str(), "Year" | "Month" | "Day"));
            if is_date {
                for (k, x) in o {
                    let n = x.as_u64().map(|n| n.to_string()).or_else(|| x.as_str().map(str::to_string)).unwrap_or_default();
                    let n = n.trim_start_matches('-').to_string();
                    let value = match k.as_str() {
                        "Month" => format!("--{n:0>2}"),
                        "Day" => format!("---{n:0>2}"),
                        _ => n,
                    };
                    e.attrs.insert(k.to_ascii_lowercase(), value);
                }
                return e;
            }
            for (k, x) in o {
                match x {
                    Value::Array(items) => {
                        let mut list = Element { name: format!("{k}List"), ..Element::default() };
                        list.children = items.iter().map(|i| element(k, i, depth + 2)).collect();
                        e.children.push(list);
                    }
                    x => e.children.push(element(k, x, depth + 1)),
                }
            }
        }
        Value::String(s) => e.text = s.clone(),
        Value::Bool(b) => e.text = b.to_string(),
        Value::Number(n) => e.text = n.to_string(),
        _ => {}
    }
    e
}

/// Reads a v3.4.1 document into a CV, and checks it: what the model cannot
/// hold is left out with a warning naming the element and its line.
pub fn load(text: &str) -> Checked {
    match read_cv(text) {
        Ok((cv, warnings, paths)) => {
            let lines = vita_model::LineStarts::new(text);
            let mut checked = vita_model::imported::check_placed(cv, text, paths);
            checked.diagnostics.extend(warnings.into_iter().map(|(d, at)| {
                let pos = lines.pos(text, at);
                d.at(Some(pos))
            }));
            checked.diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
            checked
        }
        Err(message) => Checked {
            document: None,
            diagnostics: vec![Diagnostic::error("", message).with_hint(
                "vita imports Europass CVs: today's Candidate XML, v3 (`SkillsPassport`, 2012-2020) and the first format (`learnerinfo`, 2005-2012)",
            )],
        },
    }
}

fn date(n: Option<&Element>) -> Option<When> {
    let n = n?;
    let year: u16 = n.attrs.get("year")?.trim().parse().ok()?;
    let month = n.attrs.get("month").and_then(|m| m.trim_start_matches('-').parse::<u8>().ok()).filter(|m| (1..=12).contains(m));
    let day = n.attrs.get("day").and_then(|d| d.trim_start_matches('-').parse::<u8>().ok()).filter(|d| (1..=31).contains(d));
    Some(When::Date(Date { year, month, day: month.and(day) }))
}

fn period(n: Option<&Element>) -> (Option<When>, Option<End>) {
    let Some(p) = n else { return (None, None) };
    let current = p.text_at(&["Current"]).as_deref() == Some("true");
    (date(p.child("From")), if current { Some(End::Present) } else { date(p.child("To")).map(End::At) })
}

/// An ISO 639-1 code, which vita keeps (Europass v3 also has three-letter ones, `grc`).
fn two_letters(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// The CV of a v3 document.
pub fn to_cv(text: &str) -> Result<Cv, String> {
    read_cv(text).map(|(cv, _, _)| cv)
}

/// Model paths, the XML paths they were read from, and where those start.
pub(crate) type Paths = Vec<(String, String, usize)>;

/// A read CV, its warnings with the offsets of their elements, and its [`Paths`].
pub(crate) type Read = (Cv, Vec<(Diagnostic, usize)>, Paths);

/// What a v3 document's `DocumentType` says it is, when that is not a CV.
fn not_a_cv(code: &str) -> Option<&'static str> {
    match code {
        "ECL" => Some("a Europass cover letter"),
        "ELP" => Some("a Europass Language Passport"),
        "EX" => Some("a Europass list of experiences (an excerpt, not a CV)"),
        _ => None,
    }
}

/// [`to_cv`], with the warnings for what vita leaves out (and where) and
/// where each part of the CV was read from.
fn read_cv(text: &str) -> Result<Read, String> {
    read_element(&read(text)?)
}

/// [`read_cv`] of a document already read.
fn read_element(root: &Element) -> Result<Read, String> {
    if root.local() == "learnerinfo" {
        return crate::v2::read_cv(root);
    }
    if root.local() != "SkillsPassport" {
        return Err(format!("this XML is not a Europass CV: its root element is `{}`", root.local()));
    }
    let kind = root.text_at(&["DocumentInfo", "DocumentType"]).unwrap_or_default();
    if let Some(what) = not_a_cv(&kind) {
        return Err(format!("this file is {what} (its DocumentType is `{kind}`): vita imports CVs (`ECV`, `ESP`, `ECV_ESP`)"));
    }
    let mut warnings: Vec<(Diagnostic, usize)> = Vec::new();
    let mut paths: Paths = Vec::new();
    let info = root.child("LearnerInfo").ok_or("the file has no LearnerInfo")?;
    // What the model has no place for, named with its line.
    for (path, what) in [
        (&["Identification", "Demographics", "Birthdate"][..], "the birth date"),
        (&["Identification", "Demographics", "Gender"][..], "the gender"),
        (&["Identification", "Demographics", "NationalityList"][..], "the nationalities"),
        (&["Identification", "ContactInfo", "InstantMessagingList"][..], "instant messaging addresses"),
        (&["Identification", "Photo"][..], "the photo"),
        (&["Skills", "Driving"][..], "driving licences"),
        (&["Skills", "Computer", "ProficiencyLevel"][..], "the digital-competence grid (the description is read)"),
        (&["ReferenceList"][..], "references"),
        (&["Documentation"][..], "the list of attached documents"),
    ] {
        if let Some(e) = info.at(path).filter(|e| !e.children.is_empty() || !e.text.trim().is_empty() || !e.attrs.is_empty()) {
            let at = format!("LearnerInfo/{}", path.join("/"));
            warnings.push((Diagnostic::warning(at, format!("vita has no place for {what}; it is left out")), e.offset));
        }
    }
    for (element, what) in [("CoverLetter", "the cover letter in the file is"), ("Attachment", "the attachments in the file are")] {
        if let Some(e) = root.child(element).or_else(|| root.at(&["AttachmentList", element])) {
            warnings.push((Diagnostic::warning(element, format!("vita imports the CV; {what} left out")), e.offset));
        }
    }
    let name_at = info.at(&["Identification", "PersonName"]).or(info.child("Identification")).unwrap_or(info).offset;
    paths.push(("person.name".into(), "LearnerInfo/Identification/PersonName".into(), name_at));
    paths.push(("person".into(), "LearnerInfo/Identification".into(), info.child("Identification").map_or(info.offset, |i| i.offset)));
    let mut cv = Cv::default();
    if let Some(locale) = root.attrs.get("locale").filter(|l| !l.is_empty() && *l != "en") {
        cv.settings.lang = Some(locale.to_string());
    }
    cv.updated = root
        .text_at(&["DocumentInfo", "LastUpdateDate"])
        .map(|d| When::parse(d.split('T').next().unwrap_or_default()))
        .filter(|w| w.as_date().is_some());
    let id = info.child("Identification");
    let name = id.and_then(|i| i.child("PersonName"));
    cv.person.name = [name.and_then(|n| n.text_at(&["FirstName"])), name.and_then(|n| n.text_at(&["Surname"]))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(c) = id.and_then(|i| i.child("ContactInfo")) {
        cv.person.email = c.text_at(&["Email", "Contact"]);
        cv.person.phone = c.at(&["TelephoneList"]).and_then(|t| t.all("Telephone").next()).and_then(|t| t.text_at(&["Contact"]));
        if let Some(a) = c.at(&["Address", "Contact"]) {
            cv.person.address = Some(vita_model::Address {
                street: a.text_at(&["AddressLine"]),
                postal_code: a.text_at(&["PostalCode"]),
                city: a.text_at(&["Municipality"]),
                country: a.text_at(&["Country", "Code"]).map(|c| match c.as_str() {
                    "UK" => "GB".to_string(),
                    "EL" => "GR".to_string(),
                    c => c.to_string(),
                }),
                ..vita_model::Address::default()
            });
        }
        for w in c.at(&["WebsiteList"]).map(|l| l.all("Website").collect::<Vec<_>>()).unwrap_or_default() {
            let url = w.text_at(&["Contact"]);
            if cv.person.website.is_none() && w.text_at(&["Use", "Code"]).as_deref() != Some("portfolio") {
                cv.person.website = url;
            } else if let Some(u) = url {
                cv.person.profiles.push(Profile { network: "Web".into(), url: Some(u), ..Profile::default() });
            }
        }
    }
    if let Some(h) = info.child("Headline") {
        let text = h.text_at(&["Description", "Label"]);
        match h.text_at(&["Type", "Code"]).as_deref() {
            Some("personal_statement") => cv.person.summary = text.and_then(|t| to_rich(&t)),
            _ => cv.person.label = text,
        }
    }
    let mut sections = Vec::new();
    let s = sections.len();
    let positions: Vec<Position> = info
        .child("WorkExperienceList")
        .map(|l| l.all("WorkExperience").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let at = format!("LearnerInfo/WorkExperienceList/WorkExperience[{i}]");
            let model = format!("sections[{s}].entries[{i}]");
            paths.push((model.clone(), at.clone(), w.offset));
            for (m, x) in [
                ("org", "Employer/Name"),
                ("title", "Position/Label"),
                ("start", "Period/From"),
                ("end", "Period/To"),
                ("description", "Activities"),
                ("url", "Employer/ContactInfo/Website"),
            ] {
                paths.push((format!("{model}.{m}"), format!("{at}/{x}"), w.offset));
            }
            let (start, end) = period(w.child("Period"));
            Position {
                org: w.text_at(&["Employer", "Name"]).unwrap_or_default(),
                title: w.text_at(&["Position", "Label"]),
                location: w.text_at(&["Employer", "ContactInfo", "Address", "Contact", "Municipality"]),
                url: w.text_at(&["Employer", "ContactInfo", "Website", "Contact"]),
                start,
                end,
                description: w.text_at(&["Activities"]).and_then(|h| to_rich(&h)),
                ..Position::default()
            }
        })
        .collect();
    if !positions.is_empty() {
        sections.push(Section::Positions(List { title: "Work experience".into(), entries: positions, ..List::default() }));
    }
    let s = sections.len();
    let degrees: Vec<Degree> = info
        .child("EducationList")
        .map(|l| l.all("Education").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let at = format!("LearnerInfo/EducationList/Education[{i}]");
            let model = format!("sections[{s}].entries[{i}]");
            paths.push((model.clone(), at.clone(), e.offset));
            for (m, x) in [
                ("institution", "Organisation/Name"),
                ("degree", "Title"),
                ("start", "Period/From"),
                ("end", "Period/To"),
                ("description", "Activities"),
            ] {
                paths.push((format!("{model}.{m}"), format!("{at}/{x}"), e.offset));
            }
            let (start, end) = period(e.child("Period"));
            Degree {
                institution: e.text_at(&["Organisation", "Name"]).unwrap_or_default(),
                degree: e.text_at(&["Title"]),
                location: e.text_at(&["Organisation", "ContactInfo", "Address", "Contact", "Municipality"]),
                start,
                end,
                description: e.text_at(&["Activities"]).and_then(|h| to_rich(&h)),
                ..Degree::default()
            }
        })
        .collect();
    if !degrees.is_empty() {
        sections.push(Section::Education(List { title: "Education and training".into(), entries: degrees, ..List::default() }));
    }
    let linguistic = info.at(&["Skills", "Linguistic"]);
    let mut languages = Vec::new();
    // `Description` holds the language: an ISO 639-1 code vita keeps, and its name.
    let language = |n: &Element, native: bool| -> Language {
        let code = n.text_at(&["Description", "Code"]);
        let name = n.text_at(&["Description", "Label"]).or_else(|| code.clone()).unwrap_or_default();
        Language { name, code: code.filter(|c| two_letters(c)), native, ..Language::default() }
    };
    for m in linguistic.and_then(|l| l.child("MotherTongueList")).map(|l| l.all("MotherTongue").collect::<Vec<_>>()).unwrap_or_default() {
        languages.push(language(m, true));
    }
    for f in
        linguistic.and_then(|l| l.child("ForeignLanguageList")).map(|l| l.all("ForeignLanguage").collect::<Vec<_>>()).unwrap_or_default()
    {
        let mut l = language(f, false);
        if let Some(p) = f.child("ProficiencyLevel") {
            let skill = |k: &str| p.text_at(&[k]).and_then(|t| Cefr::from_code(&t));
            l.set_cefr_grid([
                skill("Listening"),
                skill("Reading"),
                skill("SpokenInteraction"),
                skill("SpokenProduction"),
                skill("Writing"),
            ]);
        }
        languages.push(l);
    }
    if !languages.is_empty() {
        sections.push(Section::Languages(List { title: "Language skills".into(), entries: languages, ..List::default() }));
    }
    for (element, title) in [
        ("Communication", "Communication skills"),
        ("Organisational", "Organisational skills"),
        ("JobRelated", "Job-related skills"),
        ("Computer", "Digital skills"),
        ("Other", "Other skills"),
    ] {
        if let Some(body) = info.at(&["Skills", element]).and_then(|s| s.text_at(&["Description"])).and_then(|h| to_rich(&h)) {
            sections.push(Section::Text(Text { title: title.into(), body, ..Text::default() }));
        }
    }
    for a in info.child("AchievementList").map(|l| l.all("Achievement").collect::<Vec<_>>()).unwrap_or_default() {
        let title = a.text_at(&["Title", "Label"]).or_else(|| a.text_at(&["Title", "Code"])).unwrap_or_else(|| "Achievements".into());
        if let Some(body) = a.text_at(&["Description"]).and_then(|h| to_rich(&h)) {
            sections.push(Section::Text(Text { title, body, ..Text::default() }));
        }
    }
    cv.sections = sections;
    Ok((cv, warnings, paths))
}
