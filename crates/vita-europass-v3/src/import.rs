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

use vita_model::{Cefr, Checked, Cv, Date, Degree, Diagnostic, End, Language, List, Position, Profile, Section, SpanIndex, Text, When};
use vita_view::html::to_rich;
use vita_view::xml::{read, Element};

/// Whether a text is a v3 document (its root element is `SkillsPassport`).
pub fn is_v3(text: &str) -> bool {
    let head = vita_model::head(text, 4096);
    head.contains("<SkillsPassport")
}

/// Reads a v3.4.1 document into a CV, and checks it.
pub fn load(text: &str) -> Checked {
    match to_cv(text) {
        Ok(cv) => vita_model::check(cv, &SpanIndex::default()),
        Err(message) => Checked {
            document: None,
            diagnostics: vec![Diagnostic::error("", message).with_hint("give a Europass XML file (SkillsPassport v3)")],
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
    let root = read(text)?;
    if root.local() != "SkillsPassport" {
        return Err(format!("the root element is `{}`, not `SkillsPassport`", root.local()));
    }
    let info = root.child("LearnerInfo").ok_or("the file has no LearnerInfo")?;
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
    let positions: Vec<Position> = info
        .child("WorkExperienceList")
        .map(|l| l.all("WorkExperience").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|w| {
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
    let degrees: Vec<Degree> = info
        .child("EducationList")
        .map(|l| l.all("Education").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
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
    Ok(cv)
}
