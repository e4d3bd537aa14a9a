//! `vita import cv.xml` for a Europass v3.4.1 (`SkillsPassport`) file, as
//! Cedefop's editor wrote them until 2020: the export's mapping read
//! backwards. Identification (name, address, e-mail, telephones,
//! websites), the headline, work experience, education, mother tongues and
//! foreign languages with their five CEFR levels; other skills and each
//! achievement become a text section titled as in the file. HTML in
//! descriptions becomes vita's rich text.

use quick_xml::events::Event;
use vita_model::{
    Cefr, CefrGrid, Checked, Cv, Date, Degree, Diagnostic, End, Language, List, Position, Profile, Section, SpanIndex, Text, When,
};
use vita_view::html::to_rich;

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
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
    fn at(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, p| n.child(p))
    }
    fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path).map(|n| n.text.trim().to_string()).filter(|t| !t.is_empty())
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

const MAX_DEPTH: usize = 64;

fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    let name_of = |e: &quick_xml::events::BytesStart| -> Result<Node, String> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| format!("a malformed attribute: {e}"))?;
            let v = a.normalized_value(quick_xml::XmlVersion::Explicit1_0).map_err(|e| format!("a malformed attribute: {e}"))?;
            let k: &str = a.key.as_ref();
            attrs.push((k.rsplit(':').next().unwrap_or_default().to_string(), v.into_owned()));
        }
        let qname = e.name();
        let n: &str = qname.as_ref();
        Ok(Node { name: n.rsplit(':').next().unwrap_or_default().to_string(), attrs, ..Node::default() })
    };
    loop {
        match reader.read_event().map_err(|e| format!("not well-formed XML: {e} (at byte {})", reader.buffer_position()))? {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nest more than {MAX_DEPTH} deep"));
                }
                stack.push(name_of(&e)?);
            }
            Event::Empty(e) => {
                let n = name_of(&e)?;
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

/// Whether a text is a v3 document (its root element is `SkillsPassport`).
pub fn is_v3(text: &str) -> bool {
    let head = &text[..text.len().min(4096)];
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

fn date(n: Option<&Node>) -> Option<When> {
    let n = n?;
    let year: u16 = n.attr("year")?.trim().parse().ok()?;
    let month = n.attr("month").and_then(|m| m.trim_start_matches('-').parse::<u8>().ok()).filter(|m| (1..=12).contains(m));
    let day = n.attr("day").and_then(|d| d.trim_start_matches('-').parse::<u8>().ok()).filter(|d| (1..=31).contains(d));
    Some(When::Date(Date { year, month, day: month.and(day) }))
}

fn period(n: Option<&Node>) -> (Option<When>, Option<End>) {
    let Some(p) = n else { return (None, None) };
    let current = p.text_at(&["Current"]).as_deref() == Some("true");
    (date(p.child("From")), if current { Some(End::Present) } else { date(p.child("To")).map(End::At) })
}

/// An ISO 639-1 code, which vita keeps (Europass v3 also has three-letter ones, `grc`).
fn two_letters(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
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

/// The CV of a v3 document.
pub fn to_cv(text: &str) -> Result<Cv, String> {
    let root = parse(text)?;
    if root.name != "SkillsPassport" {
        return Err(format!("the root element is `{}`, not `SkillsPassport`", root.name));
    }
    let info = root.child("LearnerInfo").ok_or("the file has no LearnerInfo")?;
    let mut cv = Cv::default();
    if let Some(locale) = root.attr("locale").filter(|l| !l.is_empty() && *l != "en") {
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
    for m in linguistic.and_then(|l| l.child("MotherTongueList")).map(|l| l.all("MotherTongue").collect::<Vec<_>>()).unwrap_or_default() {
        let code = m.text_at(&["Description", "Code"]);
        let name = m.text_at(&["Description", "Label"]).or_else(|| code.clone()).unwrap_or_default();
        languages.push(Language { name, code: code.filter(|c| two_letters(c)), native: true, ..Language::default() });
    }
    for f in
        linguistic.and_then(|l| l.child("ForeignLanguageList")).map(|l| l.all("ForeignLanguage").collect::<Vec<_>>()).unwrap_or_default()
    {
        let code = f.text_at(&["Description", "Code"]);
        let name = f.text_at(&["Description", "Label"]).or_else(|| code.clone()).unwrap_or_default();
        let mut l = Language { name, code: code.filter(|c| two_letters(c)), ..Language::default() };
        if let Some(p) = f.child("ProficiencyLevel") {
            let g: Vec<Option<Cefr>> = ["Listening", "Reading", "SpokenInteraction", "SpokenProduction", "Writing"]
                .iter()
                .map(|k| p.text_at(&[k]).and_then(|t| cefr(&t)))
                .collect();
            if let [Some(a), Some(b), Some(c), Some(d), Some(e)] = g[..] {
                if a == b && b == c && c == d && d == e {
                    l.level = Some(a);
                } else {
                    l.grid = Some(CefrGrid { listening: a, reading: b, spoken_interaction: c, spoken_production: d, writing: e });
                }
            }
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
