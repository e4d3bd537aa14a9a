//! Europass CV XML output: a `SkillsPassport` document valid against the
//! official Europass XML Schema v3.4.1, for European application and grant portals.
//!
//! The document is written with `quick-xml`'s writer, element by element in
//! the order the schema's sequences require, so that every string is escaped
//! by the writer (`<`, `>`, `&`, and so `]]>`); characters XML 1.0 cannot carry
//! are refused earlier, by `vita check`, with the field path.
//!
//! # Mapping
//!
//! | vita | Europass |
//! |---|---|
//! | `person.name` | `Identification/PersonName`: `FirstName` = all but the last word, `Surname` = the last word |
//! | `person.address` | `ContactInfo/Address/Contact` (`AddressLine`, `PostalCode`, `Municipality`, `Country/Code`; GB is written UK, GR is written EL) |
//! | `person.email`, `phone` | `ContactInfo/Email`, `TelephoneList/Telephone` |
//! | `person.website`, `profiles[].url` | `ContactInfo/WebsiteList/Website` (`Use` = `personal` / `portfolio`) |
//! | `person.label`, `summary` | `Headline` (`Type` = `preferred_job` for the label, else `personal_statement` with the summary) |
//! | `Positions` entries | `WorkExperience`: `Period` (`From`/`To` with `year`, `--MM`, `---DD`; `Current` for `present`), `Position/Label` = title (and `at` unit), `Activities` = description, advisor, highlights, `Employer/Name` = org, `Employer/ContactInfo/Address/Contact/Municipality` = location, `Employer/ContactInfo/Website` = url |
//! | `Education` entries | `Education`: `Period`, `Title` = degree in field, `Activities` = thesis, advisor, grade, description, `Organisation` = institution and location |
//! | `Languages` entries | `native: true` to `MotherTongue`; others to `ForeignLanguage` with the five CEFR levels (`grid`, or `level` for all five) |
//! | `Skills` entries | `Skills/JobRelated/Description`, one line per skill |
//! | `Publications` | an `Achievement` with `Title/Code` `publications`, `Description` an HTML list: number, title, authors (owner in `strong`), venue, date, acceptance rate, awards, links |
//! | `Talks` | `Achievement` with code `presentations` |
//! | `Awards` | `Achievement` with code `honors_awards` |
//! | `Research` | `Achievement` with code `projects` (areas, vision, projects with their publication numbers) |
//! | `Certificates` | `Achievement` with code `certifications` |
//! | `Teaching`, `Mentoring`, `Service`, `Grants`, `Custom`, `Text` | `Achievement` with `Title/Label` = the section title (no code fits) |
//! | `updated` | `DocumentInfo/CreationDate` and `LastUpdateDate` (midnight UTC on the first day it denotes); `SOURCE_DATE_EPOCH`, when set, wins; without either, the latest date in the CV is used and a warning names `updated`. Never the wall clock. |
//!
//! Sections inside a `Group` map as if they stood alone. Descriptions use the
//! small HTML subset the Europass editor shows (`p`, `ul`, `li`, `strong`,
//! `em`, `a`), escaped as text of the XML element.

use std::io;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use vita_backend::view::{count_sentence, sentence_list, venue_line};
use vita_backend::{dates, Backend, Document, Inline, Options, Rendered};
use vita_model::{venue_counts, Cefr, End, Publication, Rich, Section, Status, When};

/// The Europass backend.
pub struct Europass;

impl Backend for Europass {
    fn name(&self) -> &'static str {
        "europass"
    }

    fn description(&self) -> &'static str {
        "Europass CV XML, schema v3.4.1, for European portals (cv.europass.xml)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.europass.xml")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let mut warnings = Vec::new();
        let stamp = match (options.source_date_epoch, doc.cv.updated.as_ref()) {
            (Some(secs), _) => timestamp_from_epoch(secs),
            (None, Some(w)) => timestamp(w),
            (None, None) => {
                let latest = latest_date(doc);
                warnings.push(format!(
                    "updated: the CV has no `updated` date; DocumentInfo is dated {} (its latest date)",
                    latest.as_ref().map(When::source).unwrap_or_else(|| "1970-01-01".into())
                ));
                latest.map(|w| timestamp(&w)).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
            }
        };
        let mut x = Xml::new();
        x.document(doc, &stamp)?;
        let mut rendered = Rendered::single(format!("{}.europass.xml", options.basename), x.finish());
        rendered.warnings = warnings;
        Ok(rendered)
    }
}

struct Xml {
    w: Writer<Vec<u8>>,
}

type R = io::Result<()>;

impl Xml {
    fn new() -> Self {
        Xml { w: Writer::new_with_indent(Vec::new(), b' ', 2) }
    }

    fn finish(self) -> Vec<u8> {
        let mut v = self.w.into_inner();
        v.push(b'\n');
        v
    }

    fn start(&mut self, name: &str) -> R {
        self.w.write_event(Event::Start(BytesStart::new(name)))
    }

    fn start_with(&mut self, name: &str, attrs: &[(&str, &str)]) -> R {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Start(s))
    }

    fn end(&mut self, name: &str) -> R {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    fn text(&mut self, name: &str, text: &str) -> R {
        self.w.create_element(name).write_text_content(BytesText::new(text)).map(|_| ())
    }

    fn opt(&mut self, name: &str, text: Option<&str>) -> R {
        match text {
            Some(t) if !t.trim().is_empty() => self.text(name, t),
            _ => Ok(()),
        }
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> R {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.w.write_event(Event::Empty(s))
    }

    /// `<Code>..</Code><Label>..</Label>` inside `name`.
    fn coded(&mut self, name: &str, code: Option<&str>, label: Option<&str>) -> R {
        self.start(name)?;
        self.opt("Code", code)?;
        self.opt("Label", label)?;
        self.end(name)
    }

    fn document(&mut self, doc: &Document, stamp: &str) -> R {
        let cv = &doc.cv;
        self.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let lang = cv.settings.lang.as_deref().unwrap_or("en");
        let locale = lang.split('-').next().unwrap_or("en").to_ascii_lowercase();
        self.start_with("SkillsPassport", &[("xmlns", "http://europass.cedefop.europa.eu/Europass"), ("locale", &locale)])?;
        self.start("DocumentInfo")?;
        self.text("DocumentType", "ECV")?;
        self.text("CreationDate", stamp)?;
        self.text("LastUpdateDate", stamp)?;
        self.text("XSDVersion", "V3.4")?;
        self.text("Generator", concat!("vita ", env!("CARGO_PKG_VERSION")))?;
        self.end("DocumentInfo")?;
        self.start("LearnerInfo")?;
        self.identification(doc)?;
        self.headline(doc)?;
        let sections: Vec<&Section> = cv.all_sections().filter(|s| !matches!(s, Section::Group(_))).collect();
        let positions: Vec<_> = sections
            .iter()
            .filter_map(|s| match s {
                Section::Positions(l) => Some(l.entries.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        if !positions.is_empty() {
            self.start("WorkExperienceList")?;
            for p in positions {
                self.start("WorkExperience")?;
                self.period(p.start.as_ref(), p.end.as_ref())?;
                let title = match (&p.title, &p.unit) {
                    (Some(t), Some(u)) => Some(format!("{t} at {u}")),
                    (Some(t), None) => Some(t.clone()),
                    (None, Some(u)) => Some(u.clone()),
                    (None, None) => None,
                };
                if let Some(t) = title {
                    self.coded("Position", None, Some(&t))?;
                }
                let mut acts = Vec::new();
                if let Some(a) = &p.advisor {
                    acts.push(format!("Advisor: {}", html_escape(a)));
                }
                if let Some(d) = &p.description {
                    acts.push(rich_html(d));
                }
                acts.extend(p.highlights.iter().map(rich_html));
                self.opt("Activities", paragraphs(&acts).as_deref())?;
                self.start("Employer")?;
                self.text("Name", &p.org)?;
                if p.location.is_some() || p.url.is_some() {
                    self.start("ContactInfo")?;
                    if let Some(l) = &p.location {
                        self.municipality(l)?;
                    }
                    if let Some(u) = &p.url {
                        self.start("Website")?;
                        self.text("Contact", u)?;
                        self.end("Website")?;
                    }
                    self.end("ContactInfo")?;
                }
                self.end("Employer")?;
                self.end("WorkExperience")?;
            }
            self.end("WorkExperienceList")?;
        }
        let degrees: Vec<_> = sections
            .iter()
            .filter_map(|s| match s {
                Section::Education(l) => Some(l.entries.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        if !degrees.is_empty() {
            self.start("EducationList")?;
            for e in degrees {
                self.start("Education")?;
                self.period(e.start.as_ref(), e.end.as_ref())?;
                let title = match (&e.degree, &e.field) {
                    (Some(d), Some(f)) => Some(format!("{d} in {f}")),
                    (Some(d), None) => Some(d.clone()),
                    (None, Some(f)) => Some(f.clone()),
                    (None, None) => None,
                };
                self.opt("Title", title.as_deref())?;
                let mut acts = Vec::new();
                if let Some(t) = &e.thesis {
                    acts.push(format!("Thesis: {}", html_escape(t)));
                }
                if let Some(a) = &e.advisor {
                    acts.push(format!("Advisor: {}", html_escape(a)));
                }
                if let Some(g) = &e.grade {
                    acts.push(html_escape(g));
                }
                if let Some(d) = &e.description {
                    acts.push(rich_html(d));
                }
                self.opt("Activities", paragraphs(&acts).as_deref())?;
                self.start("Organisation")?;
                self.text("Name", &e.institution)?;
                if let Some(l) = &e.location {
                    self.start("ContactInfo")?;
                    self.municipality(l)?;
                    self.end("ContactInfo")?;
                }
                self.end("Organisation")?;
                self.end("Education")?;
            }
            self.end("EducationList")?;
        }
        self.skills(&sections)?;
        let achievements: Vec<(Option<&str>, String, String)> = sections.iter().filter_map(|s| achievement(doc, s)).collect();
        if !achievements.is_empty() {
            self.start("AchievementList")?;
            for (code, label, description) in achievements {
                self.start("Achievement")?;
                self.coded("Title", code, Some(&label))?;
                self.text("Description", &description)?;
                self.end("Achievement")?;
            }
            self.end("AchievementList")?;
        }
        self.end("LearnerInfo")?;
        self.end("SkillsPassport")
    }

    fn municipality(&mut self, location: &str) -> R {
        self.start("Address")?;
        self.start("Contact")?;
        self.text("Municipality", location)?;
        self.end("Contact")?;
        self.end("Address")
    }

    fn identification(&mut self, doc: &Document) -> R {
        let p = &doc.cv.person;
        self.start("Identification")?;
        self.start("PersonName")?;
        let name = p.name.trim();
        match name.rsplit_once(char::is_whitespace) {
            Some((first, last)) => {
                self.text("FirstName", first.trim())?;
                self.text("Surname", last)?;
            }
            None => self.text("Surname", name)?,
        }
        self.end("PersonName")?;
        let sites: Vec<(&str, &str)> = p
            .website
            .iter()
            .map(|w| (w.as_str(), "personal"))
            .chain(p.profiles.iter().filter_map(|pr| pr.url.as_deref()).map(|u| (u, "portfolio")))
            .collect();
        if p.address.is_some() || p.email.is_some() || p.phone.is_some() || !sites.is_empty() {
            self.start("ContactInfo")?;
            if let Some(a) = &p.address {
                self.start("Address")?;
                self.start("Contact")?;
                self.opt("AddressLine", a.street.as_deref())?;
                self.opt("PostalCode", a.postal_code.as_deref())?;
                let municipality = match (&a.city, &a.region) {
                    (Some(c), Some(r)) => Some(format!("{c}, {r}")),
                    (Some(c), None) => Some(c.clone()),
                    (None, Some(r)) => Some(r.clone()),
                    (None, None) => None,
                };
                self.opt("Municipality", municipality.as_deref())?;
                if let Some(c) = &a.country {
                    self.coded("Country", Some(europass_country(c)), None)?;
                }
                self.end("Contact")?;
                self.end("Address")?;
            }
            if let Some(e) = &p.email {
                self.start("Email")?;
                self.text("Contact", e)?;
                self.end("Email")?;
            }
            if let Some(t) = &p.phone {
                self.start("TelephoneList")?;
                self.start("Telephone")?;
                self.text("Contact", t)?;
                self.end("Telephone")?;
                self.end("TelephoneList")?;
            }
            if !sites.is_empty() {
                self.start("WebsiteList")?;
                for (url, use_) in sites {
                    self.start("Website")?;
                    self.text("Contact", url)?;
                    self.coded("Use", Some(use_), None)?;
                    self.end("Website")?;
                }
                self.end("WebsiteList")?;
            }
            self.end("ContactInfo")?;
        }
        self.end("Identification")
    }

    fn headline(&mut self, doc: &Document) -> R {
        let p = &doc.cv.person;
        let (code, label, text) = match (&p.label, &p.summary) {
            (Some(l), _) => ("preferred_job", "Preferred job", html_escape(l)),
            (None, Some(s)) => ("personal_statement", "Personal statement", rich_html(s)),
            (None, None) => return Ok(()),
        };
        self.start("Headline")?;
        self.coded("Type", Some(code), Some(label))?;
        self.coded("Description", None, Some(&text))?;
        self.end("Headline")
    }

    fn period(&mut self, start: Option<&When>, end: Option<&End>) -> R {
        if start.is_none() && end.is_none() {
            return Ok(());
        }
        self.start("Period")?;
        if let Some(s) = start {
            self.date("From", s)?;
        }
        match end {
            Some(End::Present) => self.text("Current", "true")?,
            Some(End::At(w)) => self.date("To", w)?,
            None => {}
        }
        self.end("Period")
    }

    fn date(&mut self, name: &str, w: &When) -> R {
        let Some(d) = w.as_date() else { return Ok(()) };
        let year = format!("{:04}", d.year);
        let month = d.month.map(|m| format!("--{m:02}"));
        let day = d.day.map(|x| format!("---{x:02}"));
        let mut attrs = vec![("year", year.as_str())];
        if let Some(m) = &month {
            attrs.push(("month", m));
        }
        if let Some(x) = &day {
            attrs.push(("day", x));
        }
        self.empty(name, &attrs)
    }

    fn skills(&mut self, sections: &[&Section]) -> R {
        let langs: Vec<_> = sections
            .iter()
            .filter_map(|s| match s {
                Section::Languages(l) => Some(l.entries.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        let skills: Vec<String> = sections
            .iter()
            .filter_map(|s| match s {
                Section::Skills(l) => Some(l.entries.iter()),
                _ => None,
            })
            .flatten()
            .map(|s| {
                let mut line = html_escape(&s.name);
                if !s.keywords.is_empty() {
                    line.push_str(&format!(": {}", html_escape(&s.keywords.join(", "))));
                }
                if let Some(l) = &s.level {
                    line.push_str(&format!(" ({})", html_escape(l)));
                }
                line
            })
            .collect();
        if langs.is_empty() && skills.is_empty() {
            return Ok(());
        }
        self.start("Skills")?;
        if !langs.is_empty() {
            self.start("Linguistic")?;
            let native: Vec<_> = langs.iter().filter(|l| l.native).collect();
            let foreign: Vec<_> = langs.iter().filter(|l| !l.native).collect();
            if !native.is_empty() {
                self.start("MotherTongueList")?;
                for l in native {
                    self.start("MotherTongue")?;
                    self.coded("Description", l.code.as_deref(), Some(&l.name))?;
                    self.end("MotherTongue")?;
                }
                self.end("MotherTongueList")?;
            }
            if !foreign.is_empty() {
                self.start("ForeignLanguageList")?;
                for l in foreign {
                    self.start("ForeignLanguage")?;
                    self.coded("Description", l.code.as_deref(), Some(&l.name))?;
                    let grid: Option<[Cefr; 5]> = match (&l.grid, l.level) {
                        (Some(g), _) => Some([g.listening, g.reading, g.spoken_interaction, g.spoken_production, g.writing]),
                        (None, Some(c)) => Some([c; 5]),
                        (None, None) => None,
                    };
                    if let Some(g) = grid {
                        self.start("ProficiencyLevel")?;
                        for (name, level) in ["Listening", "Reading", "SpokenInteraction", "SpokenProduction", "Writing"].iter().zip(g) {
                            self.text(name, level.code())?;
                        }
                        self.end("ProficiencyLevel")?;
                    }
                    self.end("ForeignLanguage")?;
                }
                self.end("ForeignLanguageList")?;
            }
            self.end("Linguistic")?;
        }
        if !skills.is_empty() {
            self.start("JobRelated")?;
            self.text("Description", &list_html(&skills))?;
            self.end("JobRelated")?;
        }
        self.end("Skills")
    }
}

/// Europass spells two ISO 3166 codes its own way.
fn europass_country(code: &str) -> &str {
    match code {
        "GB" => "UK",
        "GR" => "EL",
        c => c,
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn rich_html(r: &Rich) -> String {
    let mut out = String::new();
    inlines(r.inlines(), &mut out);
    out
}

fn inlines(items: &[Inline], out: &mut String) {
    for i in items {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(&html_escape(t)),
            Inline::Emph(c) => {
                out.push_str("<em>");
                inlines(c, out);
                out.push_str("</em>");
            }
            Inline::Strong(c) => {
                out.push_str("<strong>");
                inlines(c, out);
                out.push_str("</strong>");
            }
            Inline::Link { url, content } => {
                out.push_str(&format!("<a href=\"{}\">", html_escape(url)));
                inlines(content, out);
                out.push_str("</a>");
            }
            Inline::Break => out.push_str("<br/>"),
        }
    }
}

fn paragraphs(items: &[String]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(items.iter().map(|i| format!("<p>{i}</p>")).collect())
    }
}

fn list_html(items: &[String]) -> String {
    format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{i}</li>")).collect::<String>())
}

fn range(start: Option<&When>, end: Option<&End>) -> String {
    dates::range(start, end, "present")
}

fn with_parts(head: String, parts: &[Option<String>]) -> String {
    let mut s = head;
    for p in parts.iter().flatten() {
        if !p.is_empty() {
            s.push_str(", ");
            s.push_str(p);
        }
    }
    s
}

fn publication_html(doc: &Document, p: &Publication) -> String {
    let n = p.authors.len();
    let mut authors = String::new();
    for (i, a) in p.authors.iter().enumerate() {
        authors.push_str(match (i, n) {
            (0, _) => "",
            (1, 2) => " and ",
            (i, n) if i + 1 == n => ", and ",
            _ => ", ",
        });
        let name = format!("{}{}", html_escape(&a.name), if a.equal { "*" } else { "" });
        if doc.cv.is_owner(&a.name) {
            authors.push_str(&format!("<strong>{name}</strong>"));
        } else {
            authors.push_str(&name);
        }
    }
    if p.authors.iter().any(|a| a.equal) {
        authors.push_str(" (*co-first author)");
    }
    let when = match p.status {
        Status::ToAppear => Some("To appear".to_string()),
        Status::Accepted => Some("Accepted".to_string()),
        Status::UnderReview => Some("Under review".to_string()),
        Status::Submitted => Some("Submitted".to_string()),
        Status::InPreparation => Some("In preparation".to_string()),
        Status::Published => p.date.as_ref().map(dates::long),
    };
    let mut s = format!("[{}] <strong>{}</strong><br/>{}", doc.number(&p.id).unwrap_or(0), html_escape(&p.title), authors);
    if let Some(v) = venue_line(p) {
        s.push_str(&format!("<br/><em>{}</em>", html_escape(&v)));
    }
    if let Some(w) = when {
        s.push_str(&format!(", {}", html_escape(&w)));
    }
    if let Some(a) = &p.acceptance {
        if let Some(rate) = a.rate() {
            let head = a.cycle.as_ref().map(|c| format!("Acceptance rate for {c}")).unwrap_or_else(|| "Acceptance rate".into());
            s.push_str(&format!("<br/>{}", html_escape(&format!("{head}: {rate}, {} out of {}.", a.accepted, a.submitted))));
        }
    }
    for aw in &p.awards {
        s.push_str(&format!(" ({})", html_escape(aw)));
    }
    let links = p.links.pairs();
    if !links.is_empty() {
        let l: Vec<String> = links.iter().map(|(label, url)| format!("<a href=\"{}\">{label}</a>", html_escape(url))).collect();
        s.push_str(&format!("<br/>{}", l.join(" · ")));
    }
    if let Some(note) = &p.note {
        s.push_str(&format!("<br/>{}", rich_html(note)));
    }
    s
}

/// A section as an achievement: (code, label, HTML description), or `None`
/// for sections mapped elsewhere.
fn achievement(doc: &Document, s: &Section) -> Option<(Option<&'static str>, String, String)> {
    let e = html_escape;
    let rich = |r: &Option<Rich>| r.as_ref().map(rich_html);
    let (code, items): (Option<&'static str>, Vec<String>) = match s {
        Section::Positions(_) | Section::Education(_) | Section::Languages(_) | Section::Skills(_) | Section::Group(_) => return None,
        Section::Publications(l) => {
            let mut items: Vec<String> = l.entries.iter().map(|p| publication_html(doc, p)).collect();
            if l.count_line {
                let c = venue_counts(l.entries.iter(), &doc.cv.settings.venue_order);
                items.insert(0, e(&count_sentence(c.total, &c.venues)));
            }
            (Some("publications"), items)
        }
        Section::Talks(l) => (
            Some("presentations"),
            l.entries
                .iter()
                .map(|t| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&t.title)),
                        &[
                            t.event.as_deref().map(e),
                            t.location.as_deref().map(e),
                            t.date.as_ref().map(|d| e(&dates::long(d))),
                            t.invited.then(|| "invited".to_string()),
                            t.publication.as_ref().and_then(|id| doc.number(id)).map(|n| format!("publication [{n}]")),
                            t.url.as_deref().map(e),
                            rich(&t.description),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Awards(l) => (
            Some("honors_awards"),
            l.entries
                .iter()
                .map(|a| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&a.name)),
                        &[
                            a.by.as_deref().map(e),
                            a.amount.as_ref().map(|m| {
                                format!(
                                    "grants {}{}",
                                    e(&m.display()),
                                    a.note.as_ref().map(|n| format!(" {}", rich_html(n))).unwrap_or_default()
                                )
                            }),
                            if a.amount.is_none() { rich(&a.note) } else { None },
                            Some(e(&range(a.date.as_ref(), a.end.as_ref()))),
                            a.publication.as_ref().and_then(|id| doc.number(id)).map(|n| format!("publication [{n}]")),
                            a.url.as_deref().map(e),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Research(r) => {
            let mut items = Vec::new();
            if !r.areas.is_empty() {
                items.push(format!("Areas of interest: {}.", e(&sentence_list(&r.areas))));
            }
            if let Some(v) = &r.vision {
                items.push(format!("Vision: {}", rich_html(v)));
            }
            for p in &r.projects {
                let refs: Vec<String> = p.publications.iter().filter_map(|id| doc.number(id)).map(|n| format!("[{n}]")).collect();
                items.push(with_parts(format!("{}: {}", e(&p.name), refs.join(" ")), &[rich(&p.description), p.url.as_deref().map(e)]));
            }
            (Some("projects"), items)
        }
        Section::Certificates(l) => (
            Some("certifications"),
            l.entries
                .iter()
                .map(|c| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&c.name)),
                        &[c.issuer.as_deref().map(e), c.date.as_ref().map(|d| e(&dates::long(d))), c.url.as_deref().map(e)],
                    )
                })
                .collect(),
        ),
        Section::Teaching(l) => (
            None,
            l.entries
                .iter()
                .map(|c| {
                    let mut head = e(&c.course);
                    if let Some(code) = &c.code {
                        head.push_str(&format!(" ({})", e(code)));
                    }
                    if let Some(r) = &c.role {
                        head.push_str(&format!(" {}", e(r)));
                    }
                    with_parts(
                        format!("<strong>{head}</strong>"),
                        &[
                            c.institution.as_deref().map(e),
                            Some(e(&range(c.term.as_ref(), c.end.as_ref()))),
                            rich(&c.description),
                            c.url.as_deref().map(e),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Mentoring(l) => (
            None,
            l.entries
                .iter()
                .map(|m| {
                    let who = [
                        m.institution.clone(),
                        m.level.as_ref().map(|lv| match m.class_of {
                            Some(y) => format!("{lv}'{:02}", y % 100),
                            None => lv.clone(),
                        }),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                    with_parts(
                        format!("<strong>{}</strong>", e(&m.name)),
                        &[Some(e(&who)), Some(e(&range(m.start.as_ref(), m.end.as_ref()))), rich(&m.description)],
                    )
                })
                .collect(),
        ),
        Section::Service(l) => (
            None,
            l.entries
                .iter()
                .map(|v| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&v.role)),
                        &[
                            v.org.as_deref().map(e),
                            Some(e(&range(v.date.as_ref(), v.end.as_ref()))),
                            rich(&v.description),
                            v.url.as_deref().map(e),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Grants(l) => (
            None,
            l.entries
                .iter()
                .map(|g| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&g.title)),
                        &[
                            g.funder.as_deref().map(e),
                            g.number.as_deref().map(e),
                            g.role.as_deref().map(e),
                            g.amount.as_ref().map(|a| e(&a.display())),
                            Some(e(&range(g.start.as_ref(), g.end.as_ref()))),
                            rich(&g.description),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Custom(l) => (
            None,
            l.entries
                .iter()
                .map(|i| {
                    with_parts(
                        format!("<strong>{}</strong>", e(&i.title)),
                        &[
                            i.subtitle.as_deref().map(e),
                            i.location.as_deref().map(e),
                            Some(e(&range(i.date.as_ref(), i.end.as_ref()))),
                            rich(&i.description),
                            i.url.as_deref().map(e),
                        ],
                    )
                })
                .collect(),
        ),
        Section::Text(t) => (None, vec![rich_html(&t.body)]),
    };
    let items: Vec<String> = items.into_iter().map(|i| i.replace(", , ", ", ").trim_end_matches(", ").to_string()).collect();
    let description = match s {
        Section::Text(_) => format!("<p>{}</p>", items.join("")),
        _ => list_html(&items),
    };
    Some((code, s.title().to_string(), description))
}

/// `2022-11-01T00:00:00Z` for the first day a date denotes.
fn timestamp(w: &When) -> String {
    let d = w.as_date().unwrap_or(vita_model::Date::year(1970));
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// An RFC 3339 UTC timestamp for seconds since the Unix epoch.
fn timestamp_from_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn latest_date(doc: &Document) -> Option<When> {
    let mut all: Vec<When> = Vec::new();
    for s in doc.cv.all_sections() {
        match s {
            Section::Positions(l) => {
                all.extend(l.entries.iter().flat_map(|e| [e.start.clone(), e.end.as_ref().and_then(|x| x.when().cloned())]).flatten())
            }
            Section::Education(l) => {
                all.extend(l.entries.iter().flat_map(|e| [e.start.clone(), e.end.as_ref().and_then(|x| x.when().cloned())]).flatten())
            }
            Section::Publications(l) => all.extend(l.entries.iter().filter_map(|p| p.date.clone())),
            _ => {}
        }
    }
    all.into_iter().filter(|w| w.as_date().is_some()).max_by(|a, b| a.cmp_start(b).unwrap_or(std::cmp::Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_timestamps() {
        assert_eq!(timestamp_from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp_from_epoch(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(timestamp_from_epoch(951_782_400), "2000-02-29T00:00:00Z");
    }
}
