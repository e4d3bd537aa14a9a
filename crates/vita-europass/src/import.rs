//! `vita import cv.xml`: a Europass Candidate XML file (what today's
//! editor exports, alone or attached to its PDFs) as a vita CV.
//!
//! The mapping is the export's, read backwards: the person's name, e-mail,
//! telephone, web and social-media addresses, home address, mother
//! tongues; the summary; positions, degrees, foreign languages with their
//! CEFR grids, digital skills, publications, conferences and seminars (as
//! talks), and custom sections (one `Custom` section per title, in order).
//! HTML in the editor's texts becomes vita's rich text: bold, italic, code
//! and links kept, paragraphs and list items as lines. A file vita wrote
//! reads back into the same CV it was written from, as far as the mapping
//! goes. Sections the editor has and vita does not read (driving licences,
//! a photo, recommendations) are named in warnings.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use vita_model::{
    Author, Cefr, CefrGrid, Checked, Cv, Degree, Diagnostic, End, Item, Language, Links, List, Person, Position, Profile, Publication,
    PublicationList, Section, Skill, SpanIndex, Talk, When,
};

use crate::LANGUAGES;

/// HTML as rich text (shared with the other importers, in `vita-view`).
pub use vita_view::html::to_rich as html_to_rich;

/// One element of the file.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, p| n.child(p))
    }
}

/// The local name of an element (`hr:FamilyName` -> `FamilyName`): prefixes
/// differ between files, the names do not.
fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    name.rsplit(':').next().unwrap_or_default().to_string()
}

/// How deep elements may nest: the editor's files stay under twenty.
const MAX_DEPTH: usize = 64;

fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let event = reader.read_event().map_err(|e| format!("not well-formed XML: {e} (at byte {})", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nest more than {MAX_DEPTH} deep"));
                }
                stack.push(node(&e)?);
            }
            Event::Empty(e) => {
                let n = node(&e)?;
                stack.last_mut().ok_or("unbalanced")?.children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("an end tag with no start")?.children.push(n);
            }
            Event::Text(t) => {
                let text = t.xml_content(quick_xml::XmlVersion::Explicit1_0);
                stack.last_mut().ok_or("unbalanced")?.text.push_str(&text);
            }
            Event::CData(t) => {
                let text: String = {
                    let s: &str = t.as_ref();
                    s.to_string()
                };
                stack.last_mut().ok_or("unbalanced")?.text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name: &str = r.as_ref();
                let c = match name {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    _ => match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => return Err(format!("unknown entity `&{name};`")),
                    },
                };
                stack.last_mut().ok_or("unbalanced")?.text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("empty")?;
    if !stack.is_empty() {
        return Err("the file ends inside an element".into());
    }
    root.children.pop().ok_or_else(|| "no root element".to_string())
}

fn node(e: &quick_xml::events::BytesStart) -> Result<Node, String> {
    let mut attrs = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("a malformed attribute: {e}"))?;
        let v = a.normalized_value(quick_xml::XmlVersion::Explicit1_0).map_err(|e| format!("a malformed attribute: {e}"))?;
        attrs.insert(local(a.key.as_ref().as_bytes()), v.into_owned());
    }
    Ok(Node { name: local(e.name().as_ref().as_bytes()), attrs, ..Node::default() })
}

/// The Candidate XML attached to a PDF (as the Europass editor's PDFs carry
/// it, an embedded file `attachment.xml`), parsed with `hayro-syntax`.
pub fn from_pdf(bytes: Vec<u8>) -> Result<String, String> {
    use hayro_syntax::object::{Name, Object};
    let pdf = hayro_syntax::Pdf::new(bytes).map_err(|e| format!("not a PDF vita can read ({e:?})"))?;
    for object in pdf.objects() {
        let Object::Stream(stream) = object else { continue };
        let embedded = stream.dict().get::<Name>(b"Type").is_some_and(|t| t.as_ref() == b"EmbeddedFile");
        if !embedded {
            continue;
        }
        let Ok(data) = stream.decoded() else { continue };
        if let Ok(text) = std::str::from_utf8(&data) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            if is_candidate(text) {
                return Ok(text.to_string());
            }
        }
    }
    Err("the PDF carries no Europass XML (the editor's PDFs attach it as `attachment.xml`)".into())
}

/// Whether a text is a Candidate document (its root element is `Candidate`).
pub fn is_candidate(text: &str) -> bool {
    let head = &text[..text.len().min(4096)];
    head.contains("<Candidate") && head.contains("http://www.europass.eu/1.0")
}

/// Reads a Candidate document into a CV, and checks it.
pub fn load(text: &str) -> Checked {
    match to_cv(text) {
        Ok((cv, warnings)) => {
            let mut checked = vita_model::check(cv, &SpanIndex::default());
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
    let root = parse(text)?;
    if root.name != "Candidate" {
        return Err(if root.name == "SkillsPassport" {
            "this is a Europass v3 (SkillsPassport) file; vita reads the Candidate XML of today's editor".to_string()
        } else {
            format!("the root element is `{}`, not `Candidate`", root.name)
        });
    }
    let mut warnings = Vec::new();
    let mut cv = Cv::default();
    let person =
        root.child("CandidatePerson").or_else(|| root.at(&["CandidateSupplier", "PersonContact"])).ok_or("the file has no person")?;
    let name = person.child("PersonName").ok_or("the person has no PersonName")?;
    cv.person = Person {
        name: [name.text_of("GivenName"), name.text_of("FamilyName")].into_iter().flatten().collect::<Vec<_>>().join(" "),
        ..Person::default()
    };
    for c in person.all("Communication") {
        let uri = c.text_of("URI");
        match (c.text_of("ChannelCode").as_deref(), c.text_of("UseCode")) {
            (Some("Email"), _) => cv.person.email = cv.person.email.take().or(uri),
            (Some("Web"), _) => match (&cv.person.website, uri) {
                (None, Some(u)) => cv.person.website = Some(u),
                (Some(_), Some(u)) => cv.person.profiles.push(Profile { network: "Web".into(), url: Some(u), ..Profile::default() }),
                _ => {}
            },
            (Some("Social Media"), network) => {
                let network = c.text_of("OtherTitle").or(network.map(|n| title_case(&n))).unwrap_or_else(|| "Web".into());
                cv.person.profiles.push(Profile { network, url: uri, ..Profile::default() });
            }
            (Some("Telephone"), _) => {
                let number = c.text_of("DialNumber").unwrap_or_default();
                cv.person.phone = Some(match c.text_of("CountryDialing") {
                    Some(cc) => format!("+{cc} {number}"),
                    None => number,
                });
            }
            _ => {}
        }
        if let Some(a) = c.child("Address") {
            cv.person.address = Some(vita_model::Address {
                street: a.text_of("AddressLine"),
                city: a.text_of("CityName"),
                postal_code: a.text_of("PostalCode"),
                country: a.text_of("CountryCode").map(|c| c.to_uppercase()),
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
    cv.person.summary = profile.text_of("ExecutiveSummary").and_then(|h| vita_view::html::to_rich(&h));
    let mut sections = Vec::new();

    let positions: Vec<Position> = profile
        .at(&["EmploymentHistory"])
        .map(|h| h.all("EmployerHistory").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .flat_map(|e| {
            let org = e.text_of("OrganizationName").unwrap_or_default();
            let (city, url) = organisation(e);
            e.all("PositionHistory")
                .map(|p| {
                    let period = p.child("EmploymentPeriod");
                    let current = period.and_then(|x| x.text_of("CurrentIndicator")).as_deref() == Some("true");
                    Position {
                        org: org.clone(),
                        title: p.text_of("PositionTitle"),
                        location: p.text_of("City").or_else(|| city.clone()),
                        start: period.and_then(|x| date(x.child("StartDate"))),
                        end: if current { Some(End::Present) } else { period.and_then(|x| date(x.child("EndDate"))).map(End::At) },
                        description: p.text_of("Description").and_then(|h| vita_view::html::to_rich(&h)),
                        url: url.clone(),
                        ..Position::default()
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if !positions.is_empty() {
        sections.push(Section::Positions(List { title: "Work experience".into(), entries: positions, ..List::default() }));
    }

    let degrees: Vec<Degree> = profile
        .child("EducationHistory")
        .map(|h| h.all("EducationOrganizationAttendance").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            let (city, url) = organisation(a);
            let period = a.child("AttendancePeriod");
            let ongoing = period.and_then(|p| p.text_of("Ongoing")).as_deref() == Some("true");
            let degree = a.child("EducationDegree");
            Degree {
                institution: a.text_of("OrganizationName").unwrap_or_default(),
                location: city,
                degree: degree.and_then(|d| d.text_of("DegreeName")),
                start: period.and_then(|p| date(p.child("StartDate"))),
                end: if ongoing { Some(End::Present) } else { period.and_then(|p| date(p.child("EndDate"))).map(End::At) },
                thesis: degree.and_then(|d| d.text_of("Thesis")),
                grade: degree.and_then(|d| d.at(&["FinalGrade"])).and_then(|g| g.text_of("ScoreText")),
                description: degree.and_then(|d| d.text_of("OccupationalSkillsCovered")).and_then(|h| vita_view::html::to_rich(&h)),
                url,
                ..Degree::default()
            }
        })
        .collect();
    if !degrees.is_empty() {
        sections.push(Section::Education(List { title: "Education and training".into(), entries: degrees, ..List::default() }));
    }

    let mut publications = Vec::new();
    for (i, p) in
        profile.child("PublicationHistory").map(|h| h.all("Publication").collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
    {
        let Some(title) = p
            .text_of("Title")
            .or_else(|| p.text_of("FormattedPublicationDescription").and_then(|h| vita_view::html::to_rich(&h)).map(|r| r.to_plain()))
        else {
            continue;
        };
        let doi = p.child("DOI").and_then(|d| d.text_of("Value").or_else(|| d.text_of("Link"))).map(|d| {
            ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/"].iter().find_map(|x| d.strip_prefix(x)).unwrap_or(&d).to_string()
        });
        let authors = p
            .text_of("Authors")
            .map(|a| {
                a.split(if a.contains(';') { ';' } else { ',' })
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(|a| Author { name: a.to_string(), ..Author::default() })
                    .collect()
            })
            .unwrap_or_default();
        let venue =
            p.text_of("Reference").or_else(|| p.text_of("Journal")).map(|name| vita_model::Venue { name, ..vita_model::Venue::default() });
        publications.push(Publication {
            id: format!("europass-{}", i + 1),
            title,
            authors,
            venue,
            kind: vita_model::PubKind::Other,
            date: p.text_of("Year").map(|y| When::parse(&y)).filter(|w| w.as_date().is_some()),
            links: Links { paper: p.text_of("Link"), doi, ..Links::default() },
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
        if c.text_of("TaxonomyID").as_deref() != Some("language") {
            continue;
        }
        let Some(id) = c.child("CompetencyID") else { continue };
        let mut l = language(&id.text, id.attrs.get("schemeName").map(String::as_str), false);
        let mut grid = [None; 5];
        for d in c.all("CompetencyDimension") {
            let slot = match d.text_of("CompetencyDimensionTypeCode").as_deref() {
                Some("CEF-Understanding-Listening") => 0,
                Some("CEF-Understanding-Reading") => 1,
                Some("CEF-Speaking-Interaction") => 2,
                Some("CEF-Speaking-Production") => 3,
                Some("CEF-Writing-Production") => 4,
                _ => continue,
            };
            grid[slot] = d.at(&["Score"]).and_then(|s| s.text_of("ScoreText")).and_then(|t| cefr(&t));
        }
        if let [Some(a), Some(b), Some(c), Some(d), Some(e)] = grid {
            if a == b && b == c && c == d && d == e {
                l.level = Some(a);
            } else {
                l.grid = Some(CefrGrid { listening: a, reading: b, spoken_interaction: c, spoken_production: d, writing: e });
            }
        }
        languages.push(l);
    }
    if !languages.is_empty() {
        sections.push(Section::Languages(List { title: "Language skills".into(), entries: languages, ..List::default() }));
    }

    if let Some(skills) = profile.child("Skills") {
        let mut entries = Vec::new();
        for c in &skills.children {
            match c.name.as_str() {
                "PersonCompetency" => {
                    if let Some(name) = c.text_of("CompetencyName") {
                        entries.push(Skill { name, ..Skill::default() });
                    }
                }
                "SkillsGroup" => entries.push(Skill {
                    name: c.text_of("Title").unwrap_or_default(),
                    keywords: c.all("PersonCompetency").filter_map(|p| p.text_of("CompetencyName")).collect(),
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
                title: c.text_of("Title")?,
                event: c.text_of("Location"),
                date: c.child("Date").and_then(|d| date(d.child("StartDate"))),
                url: c.text_of("Link"),
                description: c.text_of("Description").and_then(|h| vita_view::html::to_rich(&h)),
                ..Talk::default()
            })
        })
        .collect();
    if !talks.is_empty() {
        sections.push(Section::Talks(List { title: "Conferences and seminars".into(), entries: talks, ..List::default() }));
    }

    // Custom sections: one `Others` per entry, merged by title in order.
    let mut custom: Vec<(String, Vec<Item>)> = Vec::new();
    for o in profile.all("Others") {
        let title = o.text_of("Title").unwrap_or_else(|| "Other".into());
        let items: Vec<Item> = o
            .all("Other")
            .map(|x| {
                let d = x.child("Date");
                let ongoing = d.and_then(|d| d.text_of("Ongoing")).as_deref() == Some("true");
                Item {
                    title: x.text_of("Title").unwrap_or_default(),
                    date: d.and_then(|d| date(d.child("StartDate"))),
                    end: if ongoing { Some(End::Present) } else { d.and_then(|d| date(d.child("EndDate"))).map(End::At) },
                    description: x.text_of("Description").and_then(|h| vita_view::html::to_rich(&h)),
                    url: x.text_of("Link"),
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
        ("Certifications", "certifications"),
    ] {
        if profile.all(element).any(|e| !e.children.is_empty()) {
            warnings.push(Diagnostic::warning("", format!("vita does not read `{element}` ({what}); it is left out")));
        }
    }
    cv.sections = sections;
    Ok((cv, warnings))
}

/// The city and web address of an organisation.
fn organisation(n: &Node) -> (Option<String>, Option<String>) {
    let mut city = None;
    let mut url = None;
    for c in n.child("OrganizationContact").map(|o| o.all("Communication").collect::<Vec<_>>()).unwrap_or_default() {
        city = city.or_else(|| c.child("Address").and_then(|a| a.text_of("CityName")));
        if c.text_of("ChannelCode").as_deref() == Some("Web") {
            url = url.or_else(|| c.text_of("URI"));
        }
    }
    (city, url.or_else(|| n.text_of("Link")))
}

fn date(n: Option<&Node>) -> Option<When> {
    let text = n?.text_of("FormattedDateTime")?;
    let w = When::parse(text.split('T').next().unwrap_or_default());
    w.as_date().map(When::Date)
}

fn cefr(t: &str) -> Option<Cefr> {
    Some(match t.trim() {
        "A1" => Cefr::A1,
        "A2" => Cefr::A2,
        "B1" => Cefr::B1,
        "B2" => Cefr::B2,
        "C1" => Cefr::C1,
        "C2" => Cefr::C2,
        _ => return None,
    })
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
