//! `vita import cv.xml`: a Europass Candidate XML file (what today's
//! editor exports, alone or attached to its PDFs) as a vita CV.
//!
//! The mapping is the export's, read backwards: the person's name, e-mail,
//! telephone, web and social-media addresses, home address, mother
//! tongues; the summary; positions, degrees, foreign languages with their
//! CEFR grids, digital skills, publications, conferences and seminars (as
//! talks), certifications (name, issuer and date), and custom sections (one
//! `Custom` section per title, in order).
//! HTML in the editor's texts becomes vita's rich text: bold, italic, code
//! and links kept, paragraphs and list items as lines. A file vita wrote
//! reads back into the same CV it was written from, as far as the mapping
//! goes. Sections the editor has and vita does not read (driving licences,
//! a photo, recommendations) are named in warnings.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use vita_model::{
    Author, Cefr, Checked, Cv, Degree, Diagnostic, End, Item, Language, Links, List, Person, Position, Profile, Publication,
    PublicationList, Section, Skill, Talk, When,
};

use vita_view::xml::{read, Element};

use crate::LANGUAGES;

/// HTML as rich text (shared with the other importers, in `vita-view`).
pub use vita_view::html::to_rich as html_to_rich;

/// The Candidate XML a PDF carries (the Europass editor attaches it as
/// `attachment.xml`; any embedded file holding a Candidate document is
/// taken), read within vita's budgets ([`crate::pdf`]).
pub fn from_pdf(bytes: Vec<u8>) -> Result<String, String> {
    let found = crate::pdf::find_stream(&bytes, |data| {
        let text = std::str::from_utf8(data).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The editors before 2020 attached their own formats: v3
        // (`SkillsPassport`) and, before 2012, v2 (`learnerinfo`).
        let head = vita_model::head(text, 4096);
        (is_candidate(text) || head.contains("<SkillsPassport") || head.contains("learnerinfo")).then(|| text.to_string())
    })
    .map_err(|refused| format!("the PDF is refused: {refused}"))?;
    found.ok_or_else(|| "the PDF carries no Europass XML (the editor's PDFs attach it as `attachment.xml`)".into())
}

/// Whether a text is a Candidate document (its root element is `Candidate`).
pub fn is_candidate(text: &str) -> bool {
    let head = vita_model::head(text, 4096);
    head.contains("<Candidate") && head.contains("http://www.europass.eu/1.0")
}

/// Reads a Candidate document into a CV, and checks it: what the model
/// cannot hold is left out with a warning naming the element and its line.
pub fn load(text: &str) -> Checked {
    match read_cv(text) {
        Ok((cv, warnings, paths)) => {
            let mut checked = vita_model::imported::check_placed(cv, text, paths);
            checked.diagnostics.extend(warnings);
            checked
        }
        Err(message) => Checked {
            document: None,
            diagnostics: vec![Diagnostic::error("", message).with_hint("give a Candidate XML file as the Europass editor exports it")],
        },
    }
}

/// The CV of a Candidate document, and warnings for what vita does not read.
pub fn to_cv(text: &str) -> Result<(Cv, Vec<Diagnostic>), String> {
    read_cv(text).map(|(cv, warnings, _)| (cv, warnings))
}

/// Model paths, the XML paths they were read from, and where those start.
type Paths = Vec<(String, String, usize)>;

/// [`to_cv`], with where each part of the CV was read from.
fn read_cv(text: &str) -> Result<(Cv, Vec<Diagnostic>, Paths), String> {
    let mut paths: Paths = Vec::new();
    let root = read(text)?;
    if root.local() != "Candidate" {
        return Err(if root.local() == "SkillsPassport" {
            "this is a Europass v3 (SkillsPassport) file; vita reads the Candidate XML of today's editor".to_string()
        } else if text.contains("http://www.orcid.org/ns/") {
            format!(
                "this is an ORCID record in XML (`{}`); vita reads ORCID's JSON: save the works as JSON from the ORCID API (`/works` with `Accept: application/json`), or export BibTeX from ORCID, and import that",
                root.local()
            )
        } else {
            format!(
                "this XML is not a Europass CV: its root element is `{}` (Europass files start with `Candidate`, `SkillsPassport` or `learnerinfo`)",
                root.local()
            )
        });
    }
    let mut warnings = Vec::new();
    let mut cv = Cv::default();
    let person =
        root.child("CandidatePerson").or_else(|| root.at(&["CandidateSupplier", "PersonContact"])).ok_or("the file has no person")?;
    let name = person.child("PersonName").ok_or("the person has no PersonName")?;
    paths.push(("person".into(), person.local().to_string(), person.offset));
    paths.push(("person.name".into(), format!("{}/PersonName", person.local()), name.offset));
    cv.person = Person {
        name: [name.text_at(&["GivenName"]), name.text_at(&["FamilyName"])].into_iter().flatten().collect::<Vec<_>>().join(" "),
        ..Person::default()
    };
    for c in person.all("Communication") {
        let uri = c.text_at(&["URI"]);
        match (c.text_at(&["ChannelCode"]).as_deref(), c.text_at(&["UseCode"])) {
            (Some("Email"), _) => cv.person.email = cv.person.email.take().or(uri),
            (Some("Web"), _) => match (&cv.person.website, uri) {
                (None, Some(u)) => cv.person.website = Some(u),
                (Some(_), Some(u)) => cv.person.profiles.push(Profile { network: "Web".into(), url: Some(u), ..Profile::default() }),
                _ => {}
            },
            (Some("Social Media"), network) => {
                let network = c.text_at(&["OtherTitle"]).or(network.map(|n| title_case(&n))).unwrap_or_else(|| "Web".into());
                cv.person.profiles.push(Profile { network, url: uri, ..Profile::default() });
            }
            (Some("Telephone"), _) => {
                let number = c.text_at(&["DialNumber"]).unwrap_or_default();
                cv.person.phone = Some(match c.text_at(&["CountryDialing"]) {
                    Some(cc) => format!("+{cc} {number}"),
                    None => number,
                });
            }
            _ => {}
        }
        if let Some(a) = c.child("Address") {
            cv.person.address = Some(vita_model::Address {
                street: a.text_at(&["AddressLine"]),
                city: a.text_at(&["CityName"]),
                postal_code: a.text_at(&["PostalCode"]),
                country: a.text_at(&["CountryCode"]).map(|c| c.to_uppercase()),
                ..vita_model::Address::default()
            });
        }
    }
    let mut languages: Vec<Language> =
        person.all("PrimaryLanguageCode").map(|l| language(&l.text, l.attrs.get("name").map(String::as_str), true)).collect();
    let profile = root.child("CandidateProfile").ok_or("the file has no CandidateProfile")?;
    if let Some(lang) = profile.attrs.get("languageCode").filter(|l| !l.is_empty()) {
        if lang != "en" {
            cv.settings.lang = Some(lang.clone());
        }
    }
    cv.updated =
        profile.attrs.get("validFrom").map(|d| When::parse(d.split('T').next().unwrap_or_default())).filter(|w| w.as_date().is_some());
    cv.person.summary = profile.text_at(&["ExecutiveSummary"]).and_then(|h| vita_view::html::to_rich(&h));
    let mut sections = Vec::new();

    let mut positions: Vec<Position> = Vec::new();
    let s = sections.len();
    for (i, e) in
        profile.at(&["EmploymentHistory"]).map(|h| h.all("EmployerHistory").collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
    {
        let org = e.text_at(&["OrganizationName"]).unwrap_or_default();
        let (city, url) = organisation(e);
        for (j, p) in e.all("PositionHistory").enumerate() {
            let at = format!("CandidateProfile/EmploymentHistory/EmployerHistory[{i}]/PositionHistory[{j}]");
            let model = format!("sections[{s}].entries[{}]", positions.len());
            paths.push((model.clone(), at.clone(), p.offset));
            paths.push((
                format!("{model}.org"),
                format!("CandidateProfile/EmploymentHistory/EmployerHistory[{i}]/OrganizationName"),
                e.offset,
            ));
            for (m, x) in [
                ("title", "PositionTitle"),
                ("start", "EmploymentPeriod/StartDate"),
                ("end", "EmploymentPeriod/EndDate"),
                ("description", "Description"),
            ] {
                paths.push((format!("{model}.{m}"), format!("{at}/{x}"), p.offset));
            }
            let period = p.child("EmploymentPeriod");
            let current = period.and_then(|x| x.text_at(&["CurrentIndicator"])).as_deref() == Some("true");
            positions.push(Position {
                org: org.clone(),
                title: p.text_at(&["PositionTitle"]),
                location: p.text_at(&["City"]).or_else(|| city.clone()),
                start: period.and_then(|x| date(x.child("StartDate"))),
                end: if current { Some(End::Present) } else { period.and_then(|x| date(x.child("EndDate"))).map(End::At) },
                description: p.text_at(&["Description"]).and_then(|h| vita_view::html::to_rich(&h)),
                url: url.clone(),
                ..Position::default()
            });
        }
    }
    if !positions.is_empty() {
        sections.push(Section::Positions(List { title: "Work experience".into(), entries: positions, ..List::default() }));
    }

    let s = sections.len();
    let mut degrees: Vec<Degree> = Vec::new();
    for (i, a) in profile
        .child("EducationHistory")
        .map(|h| h.all("EducationOrganizationAttendance").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let at = format!("CandidateProfile/EducationHistory/EducationOrganizationAttendance[{i}]");
        let model = format!("sections[{s}].entries[{i}]");
        paths.push((model.clone(), at.clone(), a.offset));
        for (m, x) in [
            ("institution", "OrganizationName"),
            ("degree", "EducationDegree/DegreeName"),
            ("start", "AttendancePeriod/StartDate"),
            ("end", "AttendancePeriod/EndDate"),
        ] {
            paths.push((format!("{model}.{m}"), format!("{at}/{x}"), a.offset));
        }
        let (city, url) = organisation(a);
        let period = a.child("AttendancePeriod");
        let ongoing = period.and_then(|p| p.text_at(&["Ongoing"])).as_deref() == Some("true");
        let degree = a.child("EducationDegree");
        degrees.push(Degree {
            institution: a.text_at(&["OrganizationName"]).unwrap_or_default(),
            location: city,
            degree: degree.and_then(|d| d.text_at(&["DegreeName"])),
            start: period.and_then(|p| date(p.child("StartDate"))),
            end: if ongoing { Some(End::Present) } else { period.and_then(|p| date(p.child("EndDate"))).map(End::At) },
            thesis: degree.and_then(|d| d.text_at(&["Thesis"])),
            grade: degree.and_then(|d| d.at(&["FinalGrade"])).and_then(|g| g.text_at(&["ScoreText"])),
            description: degree.and_then(|d| d.text_at(&["OccupationalSkillsCovered"])).and_then(|h| vita_view::html::to_rich(&h)),
            url,
            ..Degree::default()
        });
    }
    if !degrees.is_empty() {
        sections.push(Section::Education(List { title: "Education and training".into(), entries: degrees, ..List::default() }));
    }

    let mut publications = Vec::new();
    for (i, p) in
        profile.child("PublicationHistory").map(|h| h.all("Publication").collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
    {
        let Some(title) = p
            .text_at(&["Title"])
            .or_else(|| p.text_at(&["FormattedPublicationDescription"]).and_then(|h| vita_view::html::to_rich(&h)).map(|r| r.to_plain()))
        else {
            continue;
        };
        let doi =
            p.child("DOI").and_then(|d| d.text_at(&["Value"]).or_else(|| d.text_at(&["Link"]))).map(|d| Links::bare_doi(&d).to_string());
        let authors = p
            .text_at(&["Authors"])
            .map(|a| {
                a.split(if a.contains(';') { ';' } else { ',' })
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(|a| Author { name: a.to_string(), ..Author::default() })
                    .collect()
            })
            .unwrap_or_default();
        let venue = p
            .text_at(&["Reference"])
            .or_else(|| p.text_at(&["Journal"]))
            .map(|name| vita_model::Venue { name, ..vita_model::Venue::default() });
        publications.push(Publication {
            id: format!("europass-{}", i + 1),
            title,
            authors,
            venue,
            kind: vita_model::PubKind::Other,
            date: p.text_at(&["Year"]).map(|y| When::parse(&y)).filter(|w| w.as_date().is_some()),
            links: Links { paper: p.text_at(&["Link"]), doi, ..Links::default() },
            ..Publication::default()
        });
    }
    if !publications.is_empty() {
        sections.push(Section::Publications(PublicationList {
            title: "Publications".into(),
            entries: publications,
            ..PublicationList::default()
        }));
    }

    for c in profile.child("PersonQualifications").map(|q| q.all("PersonCompetency").collect::<Vec<_>>()).unwrap_or_default() {
        if c.text_at(&["TaxonomyID"]).as_deref() != Some("language") {
            continue;
        }
        let Some(id) = c.child("CompetencyID") else { continue };
        let mut l = language(&id.text, id.attrs.get("schemeName").map(String::as_str), false);
        let mut grid = [None; 5];
        for d in c.all("CompetencyDimension") {
            let slot = match d.text_at(&["CompetencyDimensionTypeCode"]).as_deref() {
                Some("CEF-Understanding-Listening") => 0,
                Some("CEF-Understanding-Reading") => 1,
                Some("CEF-Speaking-Interaction") => 2,
                Some("CEF-Speaking-Production") => 3,
                Some("CEF-Writing-Production") => 4,
                _ => continue,
            };
            grid[slot] = d.at(&["Score"]).and_then(|s| s.text_at(&["ScoreText"])).and_then(|t| Cefr::from_code(&t));
        }
        l.set_cefr_grid(grid);
        languages.push(l);
    }
    if !languages.is_empty() {
        sections.push(Section::Languages(List { title: "Language skills".into(), entries: languages, ..List::default() }));
    }

    if let Some(skills) = profile.child("Skills") {
        let mut entries = Vec::new();
        for c in &skills.children {
            match c.local() {
                "PersonCompetency" => {
                    if let Some(name) = c.text_at(&["CompetencyName"]) {
                        entries.push(Skill { name, ..Skill::default() });
                    }
                }
                "SkillsGroup" => entries.push(Skill {
                    name: c.text_at(&["Title"]).unwrap_or_default(),
                    keywords: c.all("PersonCompetency").filter_map(|p| p.text_at(&["CompetencyName"])).collect(),
                    ..Skill::default()
                }),
                _ => {}
            }
        }
        if !entries.is_empty() {
            sections.push(Section::Skills(List { title: "Digital skills".into(), entries, ..List::default() }));
        }
    }

    let talks: Vec<Talk> = profile
        .child("ConferencesAndSeminars")
        .map(|h| h.all("ConferenceAndSeminar").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| {
            Some(Talk {
                title: c.text_at(&["Title"])?,
                event: c.text_at(&["Location"]),
                date: c.child("Date").and_then(|d| date(d.child("StartDate"))),
                url: c.text_at(&["Link"]),
                description: c.text_at(&["Description"]).and_then(|h| vita_view::html::to_rich(&h)),
                ..Talk::default()
            })
        })
        .collect();
    if !talks.is_empty() {
        sections.push(Section::Talks(List { title: "Conferences and seminars".into(), entries: talks, ..List::default() }));
    }

    // Positions of warnings: one index of the file's lines for all of them.
    let lines = vita_model::LineStarts::new(text);
    // Certifications: name, issuer and date; a description has no place in a certificate.
    let mut certificates = Vec::new();
    for (i, c) in
        profile.child("Certifications").map(|h| h.all("Certification").collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
    {
        let Some(name) = c.text_at(&["CertificationName"]) else { continue };
        if c.text_at(&["CertificationDescription"]).is_some() {
            let pos = lines.pos(text, c.offset);
            warnings.push(
                Diagnostic::warning(
                    format!("CandidateProfile/Certifications/Certification[{i}]/CertificationDescription"),
                    format!("vita keeps a certificate's name, issuer and date; the description of `{name}` is left out"),
                )
                .at(Some(pos)),
            );
        }
        certificates.push(vita_model::Certificate {
            name,
            issuer: c.text_at(&["IssuingAuthority"]),
            date: date(c.child("CertificationDate")),
            url: c.text_at(&["Link"]),
            ..vita_model::Certificate::default()
        });
    }
    if !certificates.is_empty() {
        sections.push(Section::Certificates(List { title: "Certifications".into(), entries: certificates, ..List::default() }));
    }

    // Custom sections: one `Others` per entry, merged by title in order.
    let mut custom: Vec<(String, Vec<Item>)> = Vec::new();
    for o in profile.all("Others") {
        let title = o.text_at(&["Title"]).unwrap_or_else(|| "Other".into());
        let items: Vec<Item> = o
            .all("Other")
            .map(|x| {
                let d = x.child("Date");
                let ongoing = d.and_then(|d| d.text_at(&["Ongoing"])).as_deref() == Some("true");
                Item {
                    title: x.text_at(&["Title"]).unwrap_or_default(),
                    date: d.and_then(|d| date(d.child("StartDate"))),
                    end: if ongoing { Some(End::Present) } else { d.and_then(|d| date(d.child("EndDate"))).map(End::At) },
                    description: x.text_at(&["Description"]).and_then(|h| vita_view::html::to_rich(&h)),
                    url: x.text_at(&["Link"]),
                    ..Item::default()
                }
            })
            .collect();
        match custom.iter_mut().find(|(t, _)| *t == title) {
            Some((_, v)) => v.extend(items),
            None => custom.push((title, items)),
        }
    }
    for (title, entries) in custom {
        sections.push(Section::Custom(List { title, entries, ..List::default() }));
    }

    for (element, what) in [
        ("Licenses", "driving licences"),
        ("Attachment", "the photo and attachments"),
        ("EmploymentReferences", "recommendations"),
        ("CreativeWorks", "creative works"),
        ("Projects", "projects"),
        ("SocialAndPoliticalActivities", "social and political activities"),
        ("NetworksAndMemberships", "networks and memberships"),
        ("VoluntaryWorks", "volunteering"),
        ("CourseCertifications", "course certifications"),
    ] {
        if let Some(e) = profile.all(element).find(|e| !e.children.is_empty()) {
            let pos = lines.pos(text, e.offset);
            warnings.push(
                Diagnostic::warning(
                    format!("CandidateProfile/{element}"),
                    format!("vita does not read `{element}` ({what}); it is left out"),
                )
                .at(Some(pos)),
            );
        }
    }
    cv.sections = sections;
    Ok((cv, warnings, paths))
}

/// The city and web address of an organisation.
fn organisation(n: &Element) -> (Option<String>, Option<String>) {
    let mut city = None;
    let mut url = None;
    for c in n.child("OrganizationContact").map(|o| o.all("Communication").collect::<Vec<_>>()).unwrap_or_default() {
        city = city.or_else(|| c.child("Address").and_then(|a| a.text_at(&["CityName"])));
        if c.text_at(&["ChannelCode"]).as_deref() == Some("Web") {
            url = url.or_else(|| c.text_at(&["URI"]));
        }
    }
    (city, url.or_else(|| n.text_at(&["Link"])))
}

fn date(n: Option<&Element>) -> Option<When> {
    let text = n?.text_at(&["FormattedDateTime"])?;
    let w = When::parse(text.split('T').next().unwrap_or_default());
    w.as_date().map(When::Date)
}

/// A language from an ISO 639-2 code (`NORMAL`) or a name (`FREE_TEXT`).
fn language(text: &str, scheme: Option<&str>, native: bool) -> Language {
    let t = text.trim();
    let known = (scheme != Some("FREE_TEXT")).then(|| LANGUAGES.iter().find(|(_, three, _)| *three == t.to_lowercase())).flatten();
    match known {
        Some((two, _, name)) => Language { name: (*name).to_string(), code: Some((*two).to_string()), native, ..Language::default() },
        None => Language { name: t.to_string(), native, ..Language::default() },
    }
}

fn title_case(s: &str) -> String {
    match s {
        "linkedin" => "LinkedIn".into(),
        "youtube" => "YouTube".into(),
        other => {
            let mut c = other.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        }
    }
}
