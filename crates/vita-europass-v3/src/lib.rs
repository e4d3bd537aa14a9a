//! Europass CV XML v3.4.1 output (format `europass-v3`, `cv.europass-v3.xml`):
//! a `SkillsPassport` document valid against the official Europass XML
//! Schema v3.4.1, the format of Cedefop's editor until 2020, for the portals
//! that still take it. Today's Europass editor refuses it as an old format
//! and imports the `Candidate` XML of the `europass` format instead.
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
//! | `person.label`, `summary` | `Headline` (`Type` = `preferred_job` for the label, else `personal_statement` with the summary as plain text) |
//! | `Positions` entries | `WorkExperience`: `Period` (`From`/`To` with `year`, `--MM`, `---DD`; `Current` for `present`), `Position/Label` = title (and `at` unit), `Activities` = description, advisor, highlights, `Employer/Name` = org, `Employer/ContactInfo/Address/Contact/Municipality` = location, `Employer/ContactInfo/Website` = url |
//! | `Education` entries | `Education`: `Period`, `Title` = degree in field, `Activities` = thesis, advisor, grade, description, `Organisation` = institution and location |
//! | `Languages` entries | `native: true` to `MotherTongue`; others to `ForeignLanguage` with the five CEFR levels (`grid`, or `level` for all five) |
//! | `Skills` entries | `Skills/JobRelated/Description`, one list item per skill |
//! | `Publications` | an `Achievement` with `Title/Code` `publications`, `Description` an HTML list: number, title, authors (owner in `strong`), venue, date, acceptance rate, awards, links |
//! | `Talks` | `Achievement` with code `presentations` |
//! | `Awards` | `Achievement` with code `honors_awards` |
//! | `Research` | `Achievement` with code `projects` (areas, vision, projects with their publication numbers) |
//! | `Certificates` | `Achievement` with code `certifications` |
//! | `Teaching`, `Mentoring`, `Service`, `Grants`, `Custom`, `Text` | `Achievement` with `Title/Label` = the section title (no code fits) |
//! | `updated` | `DocumentInfo/CreationDate` and `LastUpdateDate` (midnight UTC on the first day it denotes); `SOURCE_DATE_EPOCH`, when set, wins; without either, the latest date in the CV is used and a warning names `updated`. Never the wall clock. |
//!
//! Every line is taken from the shared view (`vita_view::view`), so the
//! wording is the other formats' own: plain-text fields from a plain view,
//! descriptions from an HTML one. Sections inside a `Group` map as if they
//! stood alone. Descriptions use the
//! small HTML subset the Europass editor shows (`p`, `ul`, `li`, `strong`,
//! `em`, `a`), escaped as text of the XML element.

pub mod import;
pub mod v2;

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use vita_backend::{Backend, Document, Options, OutputFile, Rendered};
use vita_model::{End, Section, When};
use vita_view::html::{entry_item, list_html, paired_leaves, paragraphs, publication_item, Html};
use vita_view::plain::Plain;
use vita_view::view::{self, SectionView, View};
use vita_view::xml::{XmlWrite, R};

/// The Europass v3.4.1 backend.
pub struct EuropassV3;

impl Backend for EuropassV3 {
    fn name(&self) -> &'static str {
        "europass-v3"
    }

    fn description(&self) -> &'static str {
        "Europass CV XML v3.4.1 (SkillsPassport), for portals that still take the pre-2020 format (cv.europass-v3.xml)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.europass-v3.xml")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let mut rendered = Rendered::default();
        let stamp = match (options.source_date_epoch, doc.cv.updated.as_ref()) {
            (Some(secs), _) => timestamp_from_epoch(secs),
            (None, Some(w)) => timestamp(w),
            (None, None) => {
                let latest = doc.cv.latest_date();
                rendered.warn(
                    "updated",
                    format!(
                        "the CV has no `updated` date; DocumentInfo is dated {} (its latest date)",
                        latest.as_ref().map(When::source).unwrap_or_else(|| "1970-01-01".into())
                    ),
                );
                latest.map(|w| timestamp(&w)).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
            }
        };
        let mut x = Xml::new(doc.cv.output_room());
        x.document(doc, options, &stamp)?;
        rendered.files.push(OutputFile::new(format!("{}.europass-v3.xml", options.basename), x.finish()));
        Ok(rendered)
    }
}

struct Xml {
    w: Writer<Vec<u8>>,
}

impl XmlWrite for Xml {
    fn writer(&mut self) -> &mut Writer<Vec<u8>> {
        &mut self.w
    }
}

impl Xml {
    /// A writer with `room` reserved (see [`vita_model::Cv::output_room`]).
    fn new(room: usize) -> Self {
        Xml { w: Writer::new_with_indent(Vec::with_capacity(room), b' ', 2) }
    }

    fn finish(self) -> Vec<u8> {
        let mut v = self.w.into_inner();
        v.push(b'\n');
        v
    }

    /// `<Code>..</Code><Label>..</Label>` inside `name`.
    fn coded(&mut self, name: &str, code: Option<&str>, label: Option<&str>) -> R {
        self.start(name)?;
        self.opt("Code", code)?;
        self.opt("Label", label)?;
        self.end(name)
    }

    fn document(&mut self, doc: &Document, options: &Options, stamp: &str) -> R {
        let cv = &doc.cv;
        self.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        // The target's language, else the CV's.
        let lang = options.language(doc);
        let locale = lang.split('-').next().unwrap_or("en").to_ascii_lowercase();
        self.start_with("SkillsPassport", &[("xmlns", "http://europass.cedefop.europa.eu/Europass"), ("locale", &locale)])?;
        self.start("DocumentInfo")?;
        self.text("DocumentType", "ECV")?;
        self.text("CreationDate", stamp)?;
        self.text("LastUpdateDate", stamp)?;
        self.text("XSDVersion", "V3.4")?;
        self.text("Generator", concat!("vita ", env!("CARGO_PKG_VERSION")))?;
        self.end("DocumentInfo")?;
        // The shared view gives every line as the other formats print it:
        // unescaped for plain XML fields, as HTML for descriptions.
        let plain = view::Builder::with_options(doc, &Plain, options).build();
        let html = view::Builder::with_options(doc, &Html, options).build();
        // Leaf sections (groups expanded): each model section with its view, plain and HTML.
        let sections = paired_leaves(cv, &plain.sections, &html.sections);
        self.start("LearnerInfo")?;
        self.identification(doc, options.photo.as_ref())?;
        self.headline(&plain)?;
        let mut positions = Vec::new();
        let mut degrees = Vec::new();
        for (m, p, h) in &sections {
            match m {
                Section::Positions(l) => positions.extend(p.entries.iter().zip(&h.entries).map(|(p, h)| ((&l.entries[p.index], p), h))),
                Section::Education(l) => degrees.extend(p.entries.iter().zip(&h.entries).map(|(p, h)| ((&l.entries[p.index], p), h))),
                _ => {}
            }
        }
        self.work_experience(positions)?;
        self.education(degrees)?;
        self.skills(&sections)?;
        self.achievements(&html, &sections)?;
        self.end("LearnerInfo")?;
        self.end("SkillsPassport")
    }

    /// `WorkExperienceList`: each position with its view lines (plain, HTML).
    fn work_experience(&mut self, positions: Vec<((&vita_model::Position, &view::Entry), &view::Entry)>) -> R {
        if positions.is_empty() {
            return Ok(());
        }
        self.start("WorkExperienceList")?;
        for ((m, p), h) in positions {
            self.start("WorkExperience")?;
            self.period(m.start.as_ref(), m.end.as_ref())?;
            if let Some(t) = &p.subtitle {
                self.coded("Position", None, Some(t))?;
            }
            self.opt("Activities", paragraphs(&h.lines()).as_deref())?;
            self.start("Employer")?;
            self.text("Name", &m.org)?;
            if m.location.is_some() || m.url.is_some() {
                self.start("ContactInfo")?;
                if let Some(l) = &m.location {
                    self.municipality(l)?;
                }
                if let Some(u) = &m.url {
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
        Ok(())
    }

    /// `EducationList`: each degree with its view lines (plain, HTML).
    fn education(&mut self, degrees: Vec<((&vita_model::Degree, &view::Entry), &view::Entry)>) -> R {
        if degrees.is_empty() {
            return Ok(());
        }
        self.start("EducationList")?;
        for ((m, p), h) in degrees {
            self.start("Education")?;
            self.period(m.start.as_ref(), m.end.as_ref())?;
            self.opt("Title", p.subtitle.as_deref())?;
            self.opt("Activities", paragraphs(&h.lines()).as_deref())?;
            self.start("Organisation")?;
            self.text("Name", &m.institution)?;
            if let Some(l) = &m.location {
                self.start("ContactInfo")?;
                self.municipality(l)?;
                self.end("ContactInfo")?;
            }
            self.end("Organisation")?;
            self.end("Education")?;
        }
        self.end("EducationList")?;
        Ok(())
    }

    /// `AchievementList`: the academic sections Europass has no list for.
    fn achievements(&mut self, html: &View, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let achievements: Vec<(Option<&str>, &str, String)> = sections.iter().filter_map(|(_, p, h)| achievement(html, p, h)).collect();
        if !achievements.is_empty() {
            self.start("AchievementList")?;
            for (code, label, description) in achievements {
                self.start("Achievement")?;
                self.coded("Title", code, Some(label))?;
                self.text("Description", &description)?;
                self.end("Achievement")?;
            }
            self.end("AchievementList")?;
        }
        Ok(())
    }

    fn municipality(&mut self, location: &str) -> R {
        self.start("Address")?;
        self.start("Contact")?;
        self.text("Municipality", location)?;
        self.end("Contact")?;
        self.end("Address")
    }

    fn identification(&mut self, doc: &Document, photo: Option<&vita_backend::Photo>) -> R {
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
        // The photo, its bytes in base64, as the Europass editor embeds it.
        if let Some(p) = photo {
            use base64::Engine as _;
            self.start("Photo")?;
            self.text("MimeType", p.mime)?;
            self.text("Data", &base64::engine::general_purpose::STANDARD.encode(p.bytes.as_slice()))?;
            self.end("Photo")?;
        }
        self.end("Identification")
    }

    fn headline(&mut self, plain: &View) -> R {
        let (code, label, text) = match (&plain.person.label, &plain.person.summary) {
            (Some(l), _) => ("preferred_job", "Preferred job", l),
            (None, Some(s)) => ("personal_statement", "Personal statement", s),
            (None, None) => return Ok(()),
        };
        self.start("Headline")?;
        self.coded("Type", Some(code), Some(label))?;
        self.coded("Description", None, Some(text))?;
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

    fn skills(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let langs: Vec<_> = sections
            .iter()
            .filter_map(|(s, _, _)| match s {
                Section::Languages(l) => Some(l.entries.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        let skills: Vec<String> =
            sections.iter().filter(|(_, _, h)| h.kind == "skills").flat_map(|(_, _, h)| h.entries.iter().map(entry_item)).collect();
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
                    let grid = l.cefr_grid();
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

/// A section as an achievement: (code, label, HTML description), or `None`
/// for sections mapped to their own elements.
fn achievement<'a>(view: &View, plain: &'a SectionView, html: &SectionView) -> Option<(Option<&'static str>, &'a str, String)> {
    let code = match html.kind {
        "positions" | "education" | "languages" | "skills" | "group" => return None,
        "publications" => Some("publications"),
        "talks" => Some("presentations"),
        "awards" => Some("honors_awards"),
        "research" => Some("projects"),
        "certificates" => Some("certifications"),
        _ => None,
    };
    let mut items: Vec<String> = html.intro.iter().chain(&html.count_line).cloned().collect();
    if let Some(r) = &html.research {
        let l = &view.labels;
        if let Some(a) = &r.areas {
            items.push(format!("<strong>{}:</strong> {a}", l.areas));
        }
        if let Some(v) = &r.vision {
            items.push(format!("<strong>{}:</strong> {v}", l.vision));
        }
        for p in &r.projects {
            let refs: Vec<String> = p.refs.iter().map(|r| format!("[{}]", r.number)).collect();
            let mut item = format!("{}: {}", p.name, refs.join(" "));
            if let Some(d) = &p.description {
                item.push_str(&format!(" ({d})"));
            }
            items.push(item);
        }
    }
    items.extend(html.publications.iter().map(|p| publication_item(p, &view.labels.equal)));
    items.extend(html.entries.iter().map(entry_item));
    let description = match &html.body {
        Some(body) => format!("<p>{body}</p>"),
        None => list_html(&items),
    };
    Some((code, plain.title.as_str(), description))
}

/// `2022-11-01T00:00:00Z` for the first day a date denotes.
fn timestamp(w: &When) -> String {
    let d = w.as_date().unwrap_or(vita_model::Date::year(1970));
    format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// An RFC 3339 UTC timestamp for seconds since the Unix epoch.
fn timestamp_from_epoch(secs: i64) -> String {
    let (year, month, day) = vita_model::date::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix of vita's own files, and each with a character of two,
    /// three or four bytes (or markup) inserted at every place: the
    /// importer gives a CV or diagnostics, never a panic.
    #[test]
    fn cut_and_broken_files_never_panic() {
        for (src, step) in [
            (include_str!("../../../tests/golden/minimal/cv.europass-v3.xml"), 1),
            (include_str!("../../../tests/golden/seojin-park/cv.europass-v3.xml"), 23),
        ] {
            for (i, _) in src.char_indices().step_by(step) {
                let (head, tail) = src.split_at_checked(i).unwrap();
                let _ = import::load(head);
                for c in ["é", "€", "😀", "<", "&", "&#x1F600;"] {
                    let _ = import::load(&format!("{head}{c}{tail}"));
                }
            }
        }
    }

    #[test]
    fn epoch_timestamps() {
        assert_eq!(timestamp_from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp_from_epoch(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(timestamp_from_epoch(951_782_400), "2000-02-29T00:00:00Z");
    }
}
