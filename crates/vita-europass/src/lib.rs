//! Europass CV XML as today's Europass editor (europa.eu, since 2020) imports
//! and exports it (format `europass`, `cv.europass.xml`): the "Europass2"
//! `Candidate` document, built on HR-Open 3 (`hr:`), OAGIS 9 (`oa:`) and
//! EURES extensions (`eures:`), in the namespace `http://www.europass.eu/1.0`.
//!
//! No XSD of this format is published (the `Candidate.xsd` its documents
//! name cannot be downloaded). The structure follows the official "ECV
//! schema documentation" v3.0.0 (2020) and what the editor itself writes
//! and reads: real exports, and the importer's observed behaviour (`Others`
//! keeps one `Other` each, a telephone needs its country dialling code, only
//! sections listed in `RenderingInformation/Design/SectionsOrder` are shown).
//! The tests check the output against both (`tests/it/europass.rs`).
//!
//! # Mapping
//!
//! | vita | Candidate |
//! |---|---|
//! | `person.name` | `CandidatePerson/PersonName`: `oa:GivenName` all but the last word, `hr:FamilyName` the last word; also the supplier's `PersonContact` |
//! | `person.email`, `website`, `profiles`, `phone`, `address` | `Communication`: `Email`; `Web`; `Social Media` with the editor's network codes (others `Web`); `Telephone` with `CountryDialing` from a `+CC` prefix (without one: a warning, left out); an address with `UseCode` home |
//! | native `Languages` | `CandidatePerson/PrimaryLanguageCode` (ISO 639-2 code, `NORMAL`; else the name, `FREE_TEXT`) |
//! | `person.label`, `summary` | `CandidateProfile/hr:ExecutiveSummary` (HTML) |
//! | `Positions` | `EmploymentHistory/EmployerHistory`: organisation, city, web address, `PositionHistory` (title, period, current, description with advisor and highlights) |
//! | `Education` | `EducationHistory/EducationOrganizationAttendance`: institution, city, web address, period, `EducationDegree` (degree in field, description, grade, thesis), `EducationLevelCode` (EQF 8, 7, 6 for doctoral, master's and bachelor's degrees) |
//! | `Publications` | `PublicationHistory/Publication`: the formatted entry (HTML: number, authors with the owner in bold and equal-contribution marks, venue, date, acceptance rate, awards, links, note), `Title`, `Year`, `Reference` (the venue line), `Link` (the paper), `DOI/Link`, `Authors` (`A; B`) |
//! | foreign `Languages` | `PersonQualifications/PersonCompetency` with the five CEFR dimensions |
//! | `Skills` | `Skills` (the editor's only skills section): a `SkillsGroup` per entry with keywords, else one `PersonCompetency` |
//! | `Talks` | `ConferencesAndSeminars/ConferenceAndSeminar`: title, date, location, description, link (the editor shows talks there; it does not read the 2020 documentation's `SpeakingHistory`) |
//! | `Research`, `Awards`, `Grants`, `Teaching`, `Mentoring`, `Service`, `Certificates`, `Custom`, `Text` | custom sections: one `Others` per entry (the editor keeps one `Other` per `Others`), titled with the section's title; the entry's title, dates, description (HTML) and link |
//! | the target's language | `CandidateProfile/@languageCode` (the editor's profile languages; another is written `en`, with a warning) |
//! | `updated` (or `SOURCE_DATE_EPOCH`) | `CandidateProfile/@validFrom` |
//! | the document | `hr:DocumentID`: a name-based UUID (v5) of the rest of the document, so the same CV gives the same ID; `RenderingInformation` lists the sections written |
//!
//! Texts are escaped by `quick-xml`'s writer; HTML goes into elements as
//! escaped text, as the editor stores it.

pub mod import;
pub mod pdf;

use std::collections::BTreeSet;

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use vita_backend::{Backend, Document, Options, OutputFile, Rendered};
use vita_model::{End, Section, When};
use vita_view::html::{list_html, paired_leaves, paragraphs, publication_item, Html};
use vita_view::plain::Plain;
use vita_view::view::{self, SectionView, View};
use vita_view::xml::{XmlWrite, R};

/// The Europass (Candidate) backend.
pub struct Europass;

impl Backend for Europass {
    fn name(&self) -> &'static str {
        "europass"
    }

    fn description(&self) -> &'static str {
        "Europass CV XML as today's Europass editor imports it (Candidate), for European portals (cv.europass.xml)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.europass.xml")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let mut rendered = Rendered::default();
        let room = Vec::with_capacity(doc.cv.output_room());
        let mut x = Xml { w: Writer::new_with_indent(room, b' ', 2), warnings: Vec::new(), sections: Vec::new() };
        x.document(doc, options)?;
        if options.photo.is_some() {
            // vita writes the Candidate elements the editor's exports hold, and
            // those seen here carry no photo: said, not dropped silently.
            rendered
                .warn("person.photo", "the Europass Candidate XML carries no photo here; cv.europass-v3.xml (-f europass-v3) carries it");
        }
        for (path, message) in std::mem::take(&mut x.warnings) {
            rendered.warn(path, message);
        }
        let body = x.w.into_inner();
        // The ID is a name-based UUID of everything else: the same CV (and
        // options) gives the same file, a changed one another ID.
        let id = uuid::Uuid::new_v5(&NAMESPACE, &body).hyphenated().to_string();
        let text = String::from_utf8(body)?.replacen(ID_PLACEHOLDER, &id, 1) + "\n";
        rendered.files.push(OutputFile::new(format!("{}.europass.xml", options.basename), text.into_bytes()));
        Ok(rendered)
    }
}

/// vita's namespace for name-based UUIDs (a v4 UUID chosen once).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6a1e_3c52_5b0f_4c1e_9d47_2f8e_61b3_a9d0);

/// Stands for the document ID until the rest of the document is known.
const ID_PLACEHOLDER: &str = "00000000-0000-0000-0000-00000000vita";

/// The section names of the editor's `SectionsOrder`, in the order vita writes them.
const SECTION_NAMES: &[&str] =
    &["work-experience", "education-training", "language", "profile-skills", "publication", "conference-seminar"];

/// The languages the editor offers for a profile (`CandidateProfile/@languageCode`).
pub const PROFILE_LANGUAGES: &[&str] = &[
    "en", "bg", "hr", "cs", "da", "nl", "et", "fi", "fr", "de", "el", "hu", "is", "ga", "it", "lv", "lt", "mk", "mt", "no", "pl", "pt",
    "ro", "sr", "sk", "sl", "es", "sv", "tr", "uk", "me",
];

/// The social networks the editor codes (`Communication/UseCode` with `Social Media`).
const SOCIAL_MEDIA: &[&str] = &["facebook", "twitter", "instagram", "linkedin", "youtube", "pinterest", "tumblr"];

/// ISO 639-1 code, ISO 639-2/T code and English name of the languages the
/// editor lists (the EU's and its neighbours') and other widely used ones.
pub(crate) const LANGUAGES: &[(&str, &str, &str)] = &[
    ("ar", "ara", "Arabic"),
    ("bg", "bul", "Bulgarian"),
    ("bn", "ben", "Bengali"),
    ("bs", "bos", "Bosnian"),
    ("ca", "cat", "Catalan"),
    ("cs", "ces", "Czech"),
    ("cy", "cym", "Welsh"),
    ("da", "dan", "Danish"),
    ("de", "deu", "German"),
    ("el", "ell", "Greek"),
    ("en", "eng", "English"),
    ("es", "spa", "Spanish"),
    ("et", "est", "Estonian"),
    ("eu", "eus", "Basque"),
    ("fa", "fas", "Persian"),
    ("fi", "fin", "Finnish"),
    ("fr", "fra", "French"),
    ("ga", "gle", "Irish"),
    ("gl", "glg", "Galician"),
    ("he", "heb", "Hebrew"),
    ("hi", "hin", "Hindi"),
    ("hr", "hrv", "Croatian"),
    ("hu", "hun", "Hungarian"),
    ("hy", "hye", "Armenian"),
    ("id", "ind", "Indonesian"),
    ("is", "isl", "Icelandic"),
    ("it", "ita", "Italian"),
    ("ja", "jpn", "Japanese"),
    ("ka", "kat", "Georgian"),
    ("ko", "kor", "Korean"),
    ("lb", "ltz", "Luxembourgish"),
    ("lt", "lit", "Lithuanian"),
    ("lv", "lav", "Latvian"),
    ("mk", "mkd", "Macedonian"),
    ("mt", "mlt", "Maltese"),
    ("nl", "nld", "Dutch"),
    ("no", "nor", "Norwegian"),
    ("pl", "pol", "Polish"),
    ("pt", "por", "Portuguese"),
    ("ro", "ron", "Romanian"),
    ("ru", "rus", "Russian"),
    ("sk", "slk", "Slovak"),
    ("sl", "slv", "Slovenian"),
    ("sq", "sqi", "Albanian"),
    ("sr", "srp", "Serbian"),
    ("sv", "swe", "Swedish"),
    ("th", "tha", "Thai"),
    ("tr", "tur", "Turkish"),
    ("uk", "ukr", "Ukrainian"),
    ("ur", "urd", "Urdu"),
    ("vi", "vie", "Vietnamese"),
    ("zh", "zho", "Chinese"),
];

/// The ISO 639-2 code of a language, from its ISO 639-1 code or English name.
pub fn language_code(code: Option<&str>, name: &str) -> Option<&'static str> {
    let by_code = code.map(|c| c.split('-').next().unwrap_or(c).to_ascii_lowercase());
    LANGUAGES
        .iter()
        .find(|(two, _, english)| by_code.as_deref() == Some(*two) || english.eq_ignore_ascii_case(name.trim()))
        .map(|(_, three, _)| *three)
}

struct Xml {
    w: Writer<Vec<u8>>,
    /// Warnings as (field path, message).
    warnings: Vec<(String, String)>,
    /// The editor's sections written, for `SectionsOrder`.
    sections: Vec<&'static str>,
}

impl XmlWrite for Xml {
    fn writer(&mut self) -> &mut Writer<Vec<u8>> {
        &mut self.w
    }
}

impl Xml {
    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push((path.into(), message.into()));
    }

    fn section(&mut self, name: &'static str) {
        if !self.sections.contains(&name) {
            self.sections.push(name);
        }
    }

    fn document(&mut self, doc: &Document, options: &Options) -> R {
        let cv = &doc.cv;
        self.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))))?;
        self.start_with(
            "Candidate",
            &[
                ("xmlns", "http://www.europass.eu/1.0"),
                ("xmlns:oa", "http://www.openapplications.org/oagis/9"),
                ("xmlns:eures", "http://www.europass_eures.eu/1.0"),
                ("xmlns:hr", "http://www.hr-xml.org/3"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                ("xsi:schemaLocation", "http://www.europass.eu/1.0 Candidate.xsd"),
            ],
        )?;
        self.empty(
            "hr:DocumentID",
            &[
                ("schemeID", ID_PLACEHOLDER),
                ("schemeName", "DocumentIdentifier"),
                ("schemeAgencyName", "EUROPASS"),
                ("schemeVersionID", "4.0"),
            ],
        )?;
        let party = uuid::Uuid::new_v5(&NAMESPACE, format!("party:{}", cv.person.name).as_bytes()).hyphenated().to_string();
        let (given, family) = split_name(&cv.person.name);
        self.start("CandidateSupplier")?;
        self.empty(
            "hr:PartyID",
            &[("schemeID", &party), ("schemeName", "PartyID"), ("schemeAgencyName", "EUROPASS"), ("schemeVersionID", "1.0")],
        )?;
        self.text("hr:PartyName", "Owner")?;
        self.start("PersonContact")?;
        self.person_name(given, family)?;
        if let Some(e) = &cv.person.email {
            self.channel("Email", None, e)?;
        }
        self.end("PersonContact")?;
        self.text("hr:PrecedenceCode", "1")?;
        self.end("CandidateSupplier")?;

        let plain = view::Builder::with_options(doc, &Plain, options).build();
        let html = view::Builder::with_options(doc, &Html, options).build();
        let sections = paired_leaves(cv, &plain.sections, &html.sections);
        self.person(doc, &sections)?;

        let lang = options.language(doc);
        let primary = lang.split('-').next().unwrap_or("en").to_ascii_lowercase();
        let profile_lang = if PROFILE_LANGUAGES.contains(&primary.as_str()) {
            primary
        } else {
            self.warn(
                "settings.lang",
                format!(
                    "the Europass editor has no profiles in `{lang}`; the profile is marked English (its languages: {})",
                    PROFILE_LANGUAGES.join(", ")
                ),
            );
            "en".to_string()
        };
        // The CV's date: SOURCE_DATE_EPOCH, else `updated` (never the clock).
        let valid_from = match (options.source_date_epoch, cv.updated.as_ref().and_then(When::as_date)) {
            (Some(secs), _) => {
                let (y, m, d) = vita_model::date::civil_from_days(secs.div_euclid(86_400));
                Some(format!("{y:04}-{m:02}-{d:02}"))
            }
            (None, Some(d)) => Some(d.iso()),
            (None, None) => None,
        };
        let mut profile_attrs = vec![("languageCode", profile_lang.as_str())];
        if let Some(v) = &valid_from {
            profile_attrs.push(("validFrom", v));
        }
        self.start_with("CandidateProfile", &profile_attrs)?;
        self.empty(
            "hr:ID",
            &[("schemeID", &party), ("schemeName", "CandidateProfileID"), ("schemeAgencyName", "EUROPASS"), ("schemeVersionID", "1.0")],
        )?;
        let summary: Vec<String> =
            html.person.label.iter().map(|l| format!("<strong>{l}</strong>")).chain(html.person.summary.clone()).collect();
        if let Some(s) = paragraphs(&summary) {
            self.text("hr:ExecutiveSummary", &s)?;
        }
        self.employment(&sections)?;
        self.education(&sections)?;
        self.publications(&html, &sections)?;
        self.languages(&sections)?;
        self.skills(&sections)?;
        self.talks(&sections)?;
        self.others(&html, &sections)?;
        self.end("CandidateProfile")?;

        self.start("RenderingInformation")?;
        self.start("Design")?;
        for (name, value) in
            [("Template", "Template1"), ("Color", "Default"), ("FontSize", "Medium"), ("Logo", "FirstPage"), ("PageNumbers", "true")]
        {
            self.text(name, value)?;
        }
        self.start("SectionsOrder")?;
        let written: Vec<&str> = SECTION_NAMES.iter().copied().filter(|s| self.sections.contains(s)).collect();
        for s in written {
            self.start("Section")?;
            self.text("Title", s)?;
            self.end("Section")?;
        }
        self.end("SectionsOrder")?;
        self.end("Design")?;
        self.end("RenderingInformation")?;
        self.end("Candidate")
    }

    fn person_name(&mut self, given: &str, family: &str) -> R {
        self.start("PersonName")?;
        self.opt("oa:GivenName", Some(given))?;
        self.text("hr:FamilyName", family)?;
        self.end("PersonName")
    }

    /// A `Communication` with a channel, an optional use code and an address.
    fn channel(&mut self, channel: &str, use_code: Option<&str>, uri: &str) -> R {
        self.start("Communication")?;
        self.text("ChannelCode", channel)?;
        self.opt("UseCode", use_code)?;
        self.text("oa:URI", uri)?;
        self.end("Communication")
    }

    fn person(&mut self, doc: &Document, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let p = &doc.cv.person;
        self.start("CandidatePerson")?;
        let (given, family) = split_name(&p.name);
        self.person_name(given, family)?;
        if let Some(e) = &p.email {
            self.channel("Email", None, e)?;
        }
        if let Some(phone) = &p.phone {
            match split_phone(phone) {
                Some((dialing, number)) => {
                    self.start("Communication")?;
                    self.text("ChannelCode", "Telephone")?;
                    self.text("UseCode", "mobile")?;
                    self.text("CountryDialing", &dialing)?;
                    self.text("oa:DialNumber", &number)?;
                    self.end("Communication")?;
                }
                None => self
                    .warn("person.phone", "the Europass editor needs a telephone number's country code; write it as `+CC ...` (left out)"),
            }
        }
        if let Some(w) = &p.website {
            self.channel("Web", None, w)?;
        }
        for pr in &p.profiles {
            let Some(url) = &pr.url else { continue };
            let network = pr.network.to_lowercase();
            let network = if network == "x" { "twitter".to_string() } else { network };
            match SOCIAL_MEDIA.iter().find(|s| **s == network) {
                Some(code) => self.channel("Social Media", Some(code), url)?,
                // Another network by its name, as the editor writes one.
                None => {
                    self.start("Communication")?;
                    self.text("ChannelCode", "Social Media")?;
                    self.text("UseCode", "other")?;
                    self.text("OtherTitle", &pr.network)?;
                    self.text("oa:URI", url)?;
                    self.end("Communication")?;
                }
            }
        }
        if let Some(a) = &p.address {
            self.start("Communication")?;
            self.text("UseCode", "home")?;
            self.start_with("Address", &[("type", "home")])?;
            self.opt("oa:AddressLine", a.street.as_deref())?;
            let city = match (&a.city, &a.region) {
                (Some(c), Some(r)) => Some(format!("{c}, {r}")),
                (Some(c), None) => Some(c.clone()),
                (None, r) => r.clone(),
            };
            self.opt("oa:CityName", city.as_deref())?;
            if let Some(c) = &a.country {
                self.text("CountryCode", &c.to_ascii_lowercase())?;
            }
            self.opt("oa:PostalCode", a.postal_code.as_deref())?;
            self.end("Address")?;
            self.end("Communication")?;
        }
        if p.image.as_deref().is_some_and(|i| !i.is_empty()) {
            self.warn("person.image", "the Europass editor takes a photo embedded in the file, not an address; the photo is left out");
        }
        for (s, _, _) in sections {
            if let Section::Languages(l) = s {
                for lang in l.entries.iter().filter(|l| l.native) {
                    match language_code(lang.code.as_deref(), &lang.name) {
                        Some(code) => self.text_with("PrimaryLanguageCode", &[("name", "NORMAL")], code)?,
                        None => self.text_with("PrimaryLanguageCode", &[("name", "FREE_TEXT")], &lang.name)?,
                    }
                }
            }
        }
        self.end("CandidatePerson")
    }

    fn period_date(&mut self, name: &str, w: &When) -> R {
        if let Some(d) = w.as_date() {
            self.start(name)?;
            self.text("hr:FormattedDateTime", &d.iso())?;
            self.end(name)?;
        }
        Ok(())
    }

    fn employment(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let mut any = false;
        for (s, p, h) in sections {
            let Section::Positions(l) = s else { continue };
            for (pe, he) in p.entries.iter().zip(&h.entries) {
                let m = &l.entries[pe.index];
                if !any {
                    self.start("EmploymentHistory")?;
                    self.section("work-experience");
                    any = true;
                }
                self.start("EmployerHistory")?;
                self.text("hr:OrganizationName", &m.org)?;
                self.organisation_contact(m.location.as_deref(), m.url.as_deref())?;
                self.start("PositionHistory")?;
                let title = pe.subtitle.clone().unwrap_or_else(|| p.title.clone());
                self.text_with("PositionTitle", &[("typeCode", "FREETEXT")], &title)?;
                self.start("eures:EmploymentPeriod")?;
                if let Some(start) = &m.start {
                    self.period_date("eures:StartDate", start)?;
                }
                if let Some(End::At(e)) = &m.end {
                    self.period_date("eures:EndDate", e)?;
                }
                self.text("hr:CurrentIndicator", if matches!(m.end, Some(End::Present)) { "true" } else { "false" })?;
                self.end("eures:EmploymentPeriod")?;
                self.opt("oa:Description", paragraphs(&he.lines()).as_deref())?;
                self.opt("City", m.location.as_deref())?;
                self.end("PositionHistory")?;
                self.end("EmployerHistory")?;
            }
        }
        if any {
            self.end("EmploymentHistory")?;
        }
        Ok(())
    }

    fn organisation_contact(&mut self, city: Option<&str>, url: Option<&str>) -> R {
        if city.is_none() && url.is_none() {
            return Ok(());
        }
        self.start("OrganizationContact")?;
        self.start("Communication")?;
        if let Some(c) = city {
            self.start("Address")?;
            self.text("oa:CityName", c)?;
            self.end("Address")?;
        }
        if let Some(u) = url {
            self.text("ChannelCode", "Web")?;
            self.text("oa:URI", u)?;
        }
        self.end("Communication")?;
        self.end("OrganizationContact")
    }

    /// `EducationHistory`, which the documentation requires (empty when the CV has no degrees).
    fn education(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        self.start("EducationHistory")?;
        for (s, p, h) in sections {
            let Section::Education(l) = s else { continue };
            self.section("education-training");
            for (pe, he) in p.entries.iter().zip(&h.entries) {
                let m = &l.entries[pe.index];
                self.start("EducationOrganizationAttendance")?;
                self.text("hr:OrganizationName", &m.institution)?;
                self.organisation_contact(m.location.as_deref(), m.url.as_deref())?;
                if m.start.is_some() || m.end.is_some() {
                    self.start("AttendancePeriod")?;
                    if let Some(start) = &m.start {
                        self.period_date("StartDate", start)?;
                    }
                    if let Some(End::At(e)) = &m.end {
                        self.period_date("EndDate", e)?;
                    }
                    self.text("Ongoing", if matches!(m.end, Some(End::Present)) { "true" } else { "false" })?;
                    self.end("AttendancePeriod")?;
                }
                self.start("EducationDegree")?;
                let degree = pe.subtitle.clone().or_else(|| m.degree.clone()).unwrap_or_else(|| p.title.clone());
                self.text("hr:DegreeName", &degree)?;
                // The view's lines are thesis, advisor, grade, courses,
                // description; thesis and grade have elements of their own.
                let skip: Vec<usize> = [
                    m.thesis.is_some().then_some(0),
                    m.grade.is_some().then_some(usize::from(m.thesis.is_some()) + usize::from(m.advisor.is_some())),
                ]
                .into_iter()
                .flatten()
                .collect();
                let lines: Vec<String> = he.lines().into_iter().enumerate().filter(|(i, _)| !skip.contains(i)).map(|(_, l)| l).collect();
                self.opt("OccupationalSkillsCovered", paragraphs(&lines).as_deref())?;
                if let Some(g) = &m.grade {
                    self.start("FinalGrade")?;
                    self.text("hr:ScoreText", g)?;
                    self.end("FinalGrade")?;
                }
                self.opt("Thesis", m.thesis.as_deref())?;
                self.end("EducationDegree")?;
                if let Some(level) = m.degree.as_deref().and_then(eqf_level) {
                    self.text("EducationLevelCode", level)?;
                }
                self.end("EducationOrganizationAttendance")?;
            }
        }
        self.end("EducationHistory")
    }

    fn publications(&mut self, html: &View, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let mut any = false;
        for (s, p, h) in sections {
            let Section::Publications(l) = s else { continue };
            for (pp, hp) in p.publications.iter().zip(&h.publications) {
                let m = &l.entries[pp.index];
                if !any {
                    self.start("PublicationHistory")?;
                    self.section("publication");
                    any = true;
                }
                self.start("Publication")?;
                self.text("hr:FormattedPublicationDescription", &publication_item(hp, &html.labels.equal))?;
                self.text("Title", &m.title)?;
                if let Some(y) = m.date.as_ref().and_then(When::year) {
                    self.text("Year", &y.to_string())?;
                }
                self.opt("Reference", pp.venue.as_deref())?;
                if let Some(u) = m.links.paper.as_deref() {
                    self.text("Link", u)?;
                }
                if let Some(d) = &m.links.doi {
                    self.start("DOI")?;
                    self.text("Link", &format!("https://doi.org/{d}"))?;
                    self.end("DOI")?;
                }
                if !m.authors.is_empty() {
                    let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
                    self.text("Authors", &names.join("; "))?;
                }
                self.end("Publication")?;
            }
        }
        if any {
            self.end("PublicationHistory")?;
        }
        Ok(())
    }

    fn languages(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let foreign: Vec<(usize, usize, &vita_model::Language)> = sections
            .iter()
            .enumerate()
            .filter_map(|(i, (s, _, _))| match s {
                Section::Languages(l) => Some(l.entries.iter().enumerate().filter(|(_, l)| !l.native).map(move |(j, l)| (i, j, l))),
                _ => None,
            })
            .flatten()
            .collect();
        if foreign.is_empty() {
            return Ok(());
        }
        self.section("language");
        self.start("PersonQualifications")?;
        for (_, _, l) in foreign {
            self.start("PersonCompetency")?;
            match language_code(l.code.as_deref(), &l.name) {
                Some(code) => self.text_with("CompetencyID", &[("schemeName", "NORMAL")], code)?,
                None => self.text_with("CompetencyID", &[("schemeName", "FREE_TEXT")], &l.name)?,
            }
            self.text("hr:TaxonomyID", "language")?;
            let grid = l.cefr_grid();
            if let Some(g) = grid {
                let codes = [
                    "CEF-Understanding-Listening",
                    "CEF-Understanding-Reading",
                    "CEF-Speaking-Interaction",
                    "CEF-Speaking-Production",
                    "CEF-Writing-Production",
                ];
                for (code, level) in codes.iter().zip(g) {
                    self.start("eures:CompetencyDimension")?;
                    self.text("hr:CompetencyDimensionTypeCode", code)?;
                    self.start("eures:Score")?;
                    self.text("hr:ScoreText", level.code())?;
                    self.end("eures:Score")?;
                    self.end("eures:CompetencyDimension")?;
                }
            }
            self.end("PersonCompetency")?;
        }
        self.end("PersonQualifications")
    }

    fn skills(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let skills: Vec<&vita_model::Skill> = sections
            .iter()
            .filter_map(|(s, p, _)| match s {
                Section::Skills(l) => Some(p.entries.iter().map(|e| &l.entries[e.index])),
                _ => None,
            })
            .flatten()
            .collect();
        if skills.is_empty() {
            return Ok(());
        }
        self.section("profile-skills");
        self.start("Skills")?;
        // The editor refuses two competencies of one name.
        let mut seen = BTreeSet::new();
        for s in skills {
            let title = match &s.level {
                Some(l) => format!("{} ({l})", s.name),
                None => s.name.clone(),
            };
            if s.keywords.is_empty() {
                if seen.insert(title.to_lowercase()) {
                    self.competency(&title)?;
                }
                continue;
            }
            self.start("SkillsGroup")?;
            self.text("Title", &title)?;
            for k in &s.keywords {
                if seen.insert(k.to_lowercase()) {
                    self.competency(k)?;
                }
            }
            self.end("SkillsGroup")?;
        }
        self.end("Skills")
    }

    fn competency(&mut self, name: &str) -> R {
        self.start("PersonCompetency")?;
        self.text("hr:TaxonomyID", "Digital_Skill")?;
        self.text("hr:CompetencyName", name)?;
        self.end("PersonCompetency")
    }

    fn talks(&mut self, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        let mut any = false;
        for (s, p, h) in sections {
            let Section::Talks(l) = s else { continue };
            for (pe, he) in p.entries.iter().zip(&h.entries) {
                let m = &l.entries[pe.index];
                if !any {
                    self.start("ConferencesAndSeminars")?;
                    self.section("conference-seminar");
                    any = true;
                }
                self.start("ConferenceAndSeminar")?;
                self.text("Title", &m.title)?;
                if let Some(d) = &m.date {
                    self.start("Date")?;
                    self.period_date("StartDate", d)?;
                    self.text("Ongoing", "false")?;
                    self.end("Date")?;
                }
                let place = [pe.context.as_deref(), m.location.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                self.opt("Location", Some(&place))?;
                self.opt("Description", paragraphs(&he.lines()).as_deref())?;
                self.opt("Link", m.url.as_deref())?;
                self.end("ConferenceAndSeminar")?;
            }
        }
        if any {
            self.end("ConferencesAndSeminars")?;
        }
        Ok(())
    }

    /// Sections with no place of their own, as the editor's custom sections:
    /// one `Others` per entry (the importer keeps one `Other` of each).
    fn others(&mut self, html: &View, sections: &[(&Section, &SectionView, &SectionView)]) -> R {
        for (s, p, h) in sections {
            if matches!(
                s,
                Section::Positions(_)
                    | Section::Education(_)
                    | Section::Publications(_)
                    | Section::Languages(_)
                    | Section::Skills(_)
                    | Section::Talks(_)
            ) {
                continue;
            }
            let dated = dates_of(s);
            let mut items: Vec<Item> = Vec::new();
            if let Some(r) = &h.research {
                let l = &html.labels;
                let mut lines = Vec::new();
                if let Some(a) = &r.areas {
                    lines.push(format!("<strong>{}:</strong> {a}", l.areas));
                }
                if let Some(v) = &r.vision {
                    lines.push(format!("<strong>{}:</strong> {v}", l.vision));
                }
                for pr in &r.projects {
                    let refs: Vec<String> = pr.refs.iter().map(|r| format!("[{}]", r.number)).collect();
                    let mut item = format!("{}: {}", pr.name, refs.join(" "));
                    if let Some(d) = &pr.description {
                        item.push_str(&format!(" ({d})"));
                    }
                    lines.push(item);
                }
                items.push((p.title.clone(), None, Some(list_html(&lines)), None));
            }
            if let Some(body) = &h.body {
                items.push((p.title.clone(), None, Some(format!("<p>{body}</p>")), None));
            }
            for (pe, he) in p.entries.iter().zip(&h.entries) {
                let mut lines: Vec<String> = he.context.iter().chain(&he.subtitle).cloned().collect();
                lines.extend(he.lines());
                let date = dated.get(pe.index).cloned().flatten();
                items.push((pe.title.clone(), date, paragraphs(&lines), pe.url.as_ref().map(|u| u.url.clone())));
            }
            if items.is_empty() {
                continue;
            }
            for (title, date, description, link) in items {
                self.start("Others")?;
                self.text("Title", &p.title)?;
                self.start("Other")?;
                self.text("Title", &title)?;
                self.opt("Description", description.as_deref())?;
                if let Some((start, end)) = date {
                    if start.as_ref().and_then(When::as_date).is_some() || matches!(&end, Some(End::At(w)) if w.as_date().is_some()) {
                        self.start("Date")?;
                        if let Some(s) = &start {
                            self.period_date("StartDate", s)?;
                        }
                        if let Some(End::At(e)) = &end {
                            self.period_date("EndDate", e)?;
                        }
                        self.text("Ongoing", if matches!(end, Some(End::Present)) { "true" } else { "false" })?;
                        self.end("Date")?;
                    }
                }
                self.opt("Link", link.as_deref())?;
                self.end("Other")?;
                self.end("Others")?;
            }
        }
        Ok(())
    }
}

/// An entry's dates: the start (or only date) and the end.
type Span = (Option<When>, Option<End>);

/// A custom-section entry: title, dates, HTML description, link.
type Item = (String, Option<Span>, Option<String>, Option<String>);

/// The dates of a section's entries, by entry index.
fn dates_of(s: &Section) -> Vec<Option<Span>> {
    fn one(w: Option<&When>, e: Option<&End>) -> Option<Span> {
        (w.is_some() || e.is_some()).then(|| (w.cloned(), e.cloned()))
    }
    match s {
        Section::Awards(l) => l.entries.iter().map(|a| one(a.date.as_ref(), a.end.as_ref())).collect(),
        Section::Grants(l) => l.entries.iter().map(|g| one(g.start.as_ref(), g.end.as_ref())).collect(),
        Section::Teaching(l) => l.entries.iter().map(|c| one(c.term.as_ref(), c.end.as_ref())).collect(),
        Section::Mentoring(l) => l.entries.iter().map(|m| one(m.start.as_ref(), m.end.as_ref())).collect(),
        Section::Service(l) => l.entries.iter().map(|s| one(s.date.as_ref(), s.end.as_ref())).collect(),
        Section::Certificates(l) => l.entries.iter().map(|c| one(c.date.as_ref(), None)).collect(),
        Section::Custom(l) => l.entries.iter().map(|i| one(i.date.as_ref(), i.end.as_ref())).collect(),
        _ => Vec::new(),
    }
}

/// Given names and family name: the family name is the last word.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (given.trim(), family),
        None => ("", name),
    }
}

/// A telephone number written `+CC rest` as (country code, digits of the rest).
fn split_phone(phone: &str) -> Option<(String, String)> {
    let rest = phone.trim().strip_prefix('+')?;
    let (cc, number) = rest.split_once(|c: char| !c.is_ascii_digit())?;
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (!cc.is_empty() && cc.len() <= 3 && !digits.is_empty()).then(|| (cc.to_string(), digits))
}

/// The EQF level of a degree whose name says it: 8 doctoral, 7 master's, 6 bachelor's.
fn eqf_level(degree: &str) -> Option<&'static str> {
    let d = degree.to_lowercase().replace('.', "");
    let words: Vec<&str> = d.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["phd", "dphil", "doctorate", "doctor", "doctoral", "dsc", "edd"]) {
        Some("8")
    } else if has(&["master", "masters", "ms", "msc", "ma", "mba", "meng", "mphil", "mres"]) {
        Some("7")
    } else if has(&["bachelor", "bachelors", "bs", "bsc", "ba", "beng", "bse"]) {
        Some("6")
    } else {
        None
    }
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
            (include_str!("../../../tests/golden/minimal/cv.europass.xml"), 1),
            (include_str!("../../../tests/golden/seojin-park/cv.europass.xml"), 41),
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
    fn phones_and_degrees() {
        assert_eq!(split_phone("+1 650 555 0100"), Some(("1".into(), "6505550100".into())));
        assert_eq!(split_phone("+44-20-7946-0000"), Some(("44".into(), "2079460000".into())));
        assert_eq!(split_phone("650 555 0100"), None);
        assert_eq!(eqf_level("Ph.D."), Some("8"));
        assert_eq!(eqf_level("M.S."), Some("7"));
        assert_eq!(eqf_level("B.S."), Some("6"));
        assert_eq!(eqf_level("Diploma"), None);
        assert_eq!(language_code(Some("de"), "German"), Some("deu"));
        assert_eq!(language_code(None, "korean"), Some("kor"));
        assert_eq!(language_code(None, "Klingon"), None);
    }
}
