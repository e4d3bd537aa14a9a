//! The view templates render: every fact of the CV, formatted and escaped for
//! one format, in a shape that keeps templates simple.
//!
//! Strings in the view are already escaped through the format's [`Markup`], so
//! templates insert them with triple braces (`{{{title}}}`). Most entry kinds
//! share one [`Entry`] shape (title, context, date, subtitle, detail lines),
//! so a template needs one partial for them; publications, research and text
//! sections have shapes of their own.

use serde::Serialize;
use vita_model::{
    venue_counts, venue_tag, Award, Cefr, Certificate, Course, Degree, Document, End, Grant, Item, Language, List, Mentee, Position,
    PubKind, Publication, PublicationList, Research, Section, Service, Skill, Status, Talk, When,
};

use crate::dates;
use crate::Markup;

use crate::labels::fill;
pub use crate::labels::Labels;

/// `id` with every character but ASCII letters, digits and `-` written as
/// `.HEX.` (`ελ` gives `.3b5..3bb.`), so distinct ids stay distinct.
pub fn ascii_key(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!(".{:x}.", c as u32));
        }
    }
    out
}

crate::template_values!(View, PersonView, LinkView, SectionView, Entry, PubView, AuthorView, ResearchView, ProjectView, RefView, Labels);

/// The whole CV.
#[derive(Clone, Debug, Serialize)]
pub struct View {
    /// Document language (`en`).
    pub lang: String,
    /// `rtl` for a language written right to left (Arabic, Hebrew, Persian).
    pub dir: Option<&'static str>,
    /// The person.
    pub person: PersonView,
    /// Last updated, formatted (`11/2022`).
    pub updated: Option<String>,
    /// Sections in order.
    pub sections: Vec<SectionView>,
    /// Labels.
    pub labels: Labels,
    /// Page size for print (`A4`, `Letter`).
    pub page: &'static str,
}

/// The person heading the CV.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    /// Name.
    pub name: String,
    /// Professional label.
    pub label: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Email address, unescaped, for `mailto:` links.
    pub email_raw: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Website as an escaped address.
    pub website: Option<String>,
    /// Website as displayed (without the scheme).
    pub website_text: Option<String>,
    /// Website as written.
    pub website_url: Option<String>,
    /// Postal address on one line.
    pub address: Option<String>,
    /// Profiles.
    pub profiles: Vec<LinkView>,
    /// Summary.
    pub summary: Option<String>,
}

/// A link: escaped address and escaped text.
#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    /// Label (`paper`, `GitHub`).
    pub label: String,
    /// Address, escaped for the format.
    pub url: String,
    /// The address as text, for formats that print it.
    pub url_text: String,
    /// What paper shows, where a reader cannot click: the DOI itself
    /// (`doi:10.1145/3552326.3567487`), else the label.
    pub print: String,
    /// A profile's icon (`github`, `orcid`, `link`; [`crate::icons`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<&'static str>,
}

/// A section.
#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    /// Where the section is in the CV (`sections[2]`, `sections[4].sections[0]`),
    /// so a backend that also reads the model pairs them by path, not by position.
    pub path: String,
    /// Anchor id.
    pub id: String,
    /// The id as a cross-reference key of ASCII letters, digits and `-`
    /// only (other characters as `.XXXX.` hex code points), for formats whose
    /// labels take nothing else (LaTeX's `\label`).
    pub key: String,
    /// Heading.
    pub title: String,
    /// Kind in lower case (`positions`, `publications`).
    pub kind: &'static str,
    /// The heading parsers know for this kind (`Experience`, `Education`,
    /// `Skills`, `Languages`, `Certifications`, in the document's
    /// language), on the first section of its kind; an ATS look prints it
    /// instead of the CV's own heading.
    pub standard: Option<String>,
    /// Text under the heading.
    pub intro: Option<String>,
    /// Generic entries (all list kinds but publications).
    pub entries: Vec<Entry>,
    /// Publications.
    pub publications: Vec<PubView>,
    /// The per-venue count line.
    pub count_line: Option<String>,
    /// Research section contents.
    pub research: Option<ResearchView>,
    /// Text section body.
    pub body: Option<String>,
    /// Sub-sections of a group.
    pub sections: Vec<SectionView>,
    /// True for a group.
    pub is_group: bool,
}

/// A generic entry.
#[derive(Clone, Debug, Serialize, Default)]
pub struct Entry {
    /// The entry's index in its section's `entries` in the CV.
    pub index: usize,
    /// The bold first line (organisation, institution, course, name).
    pub title: String,
    /// What follows the title after a comma (location, institution, venue).
    pub context: Option<String>,
    /// The date column.
    pub date: Option<String>,
    /// The second line (job title, degree).
    pub subtitle: Option<String>,
    /// Further lines (advisor, description).
    pub details: Vec<String>,
    /// A position's job title alone (the subtitle joins it to its unit).
    pub role: Option<String>,
    /// A position's department, lab or group.
    pub unit: Option<String>,
    /// Highlights, printed as a bulleted list after the details.
    pub highlights: Vec<String>,
    /// Website.
    pub url: Option<LinkView>,
}

/// The sections with each standard heading on the first section of its
/// kind only.
fn first_standard_only(mut sections: Vec<SectionView>) -> Vec<SectionView> {
    let mut seen: Vec<&'static str> = Vec::new();
    for s in &mut sections {
        if s.standard.is_some() {
            if seen.contains(&s.kind) {
                s.standard = None;
            } else {
                seen.push(s.kind);
            }
        }
    }
    sections
}

impl Entry {
    /// Its details, then its highlights: the lines of a format that has
    /// no bullets of its own (a Europass description).
    pub fn lines(&self) -> Vec<String> {
        self.details.iter().chain(&self.highlights).cloned().collect()
    }
}

/// A publication.
#[derive(Clone, Debug, Serialize)]
pub struct PubView {
    /// The publication's index in its section's `entries` in the CV.
    pub index: usize,
    /// Stable number.
    pub number: u32,
    /// Anchor id (`pub-5`).
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Authors in order.
    pub authors: Vec<AuthorView>,
    /// The venue line (`20th USENIX Symposium on ... (NSDI'23)`).
    pub venue: Option<String>,
    /// `To appear` or the date (`August 2022`).
    pub when: Option<String>,
    /// `Acceptance rate for spring submissions: 18.4%, 50 out of 272.`
    pub acceptance: Option<String>,
    /// Paper awards.
    pub awards: Vec<String>,
    /// Links.
    pub links: Vec<LinkView>,
    /// Note.
    pub note: Option<String>,
    /// Whether an author is marked with equal contribution.
    pub has_equal: bool,
    /// Kind in lower case.
    pub kind: &'static str,
    /// The whole reference as the build's citation style prints it
    /// (authors, title, venue, date, DOI), with the owner marked and
    /// co-first authors starred; none without a style. A template prints
    /// it after the number, then the acceptance line, awards, `links`
    /// (those the reference does not print already) and note.
    pub formatted: Option<String>,
}

/// An author in a list.
#[derive(Clone, Debug, Serialize)]
pub struct AuthorView {
    /// The separator printed before the name (``, `, `, `, and `, ` and `).
    pub sep: String,
    /// Name.
    pub name: String,
    /// The CV owner.
    pub owner: bool,
    /// Equal contribution.
    pub equal: bool,
}

/// The research section.
#[derive(Clone, Debug, Serialize)]
pub struct ResearchView {
    /// Areas joined as a sentence.
    pub areas: Option<String>,
    /// Vision.
    pub vision: Option<String>,
    /// Projects.
    pub projects: Vec<ProjectView>,
}

/// A project with its publication references.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectView {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Cited publications.
    pub refs: Vec<RefView>,
    /// Whether this is the last project (for separators).
    pub last: bool,
}

/// A cross-reference to a publication.
#[derive(Clone, Debug, Serialize)]
pub struct RefView {
    /// The publication's number.
    pub number: u32,
    /// Its anchor.
    pub anchor: String,
    /// Whether the publication is shown in this output.
    pub shown: bool,
}

/// Builds the view for a format.
pub struct Builder<'a> {
    doc: &'a Document,
    m: &'a dyn Markup,
    page: vita_backend::Page,
    dates: vita_model::DateStyle,
    labels: std::borrow::Cow<'static, Labels>,
    lang: Option<String>,
    citations: Option<std::sync::Arc<vita_backend::Citations>>,
}

impl<'a> Builder<'a> {
    /// A builder for a document and a format's markup.
    pub fn new(doc: &'a Document, markup: &'a dyn Markup, page: vita_backend::Page) -> Self {
        Builder {
            doc,
            m: markup,
            page,
            dates: vita_model::DateStyle::Numeric,
            labels: std::borrow::Cow::Borrowed(Labels::english()),
            lang: None,
            citations: None,
        }
    }

    /// A builder that follows a format's options: page, date style, language.
    pub fn with_options(doc: &'a Document, markup: &'a dyn Markup, options: &vita_backend::Options) -> Self {
        let mut b = Builder::new(doc, markup, options.page).with_dates(options.dates).with_lang(options.lang.as_deref());
        b.citations = options.citations.clone();
        match &options.labels {
            Some(text) => b.with_user_labels(text),
            None => b,
        }
    }

    /// Uses the labels of a language (the target's, else the CV's
    /// `settings.lang`; English when vita has no labels for it).
    pub fn with_lang(mut self, lang: Option<&str>) -> Self {
        let lang = lang.map(str::to_string).or_else(|| self.doc.cv.settings.lang.clone());
        self.labels = std::borrow::Cow::Borrowed(lang.as_deref().and_then(crate::labels::builtin).unwrap_or(Labels::english()));
        self.lang = lang;
        self
    }

    /// Lays a user's labels file over the language's labels (`vita check`
    /// has read it: a file that does not read leaves them as they are).
    pub fn with_user_labels(mut self, text: &str) -> Self {
        if let Ok(l) = self.labels.over(text) {
            self.labels = std::borrow::Cow::Owned(l);
        }
        self
    }

    /// Uses a date style for entry dates (default numeric).
    pub fn with_dates(mut self, style: vita_model::DateStyle) -> Self {
        self.dates = style;
        self
    }

    fn e(&self, s: &str) -> String {
        self.m.escape(s)
    }

    fn oe(&self, s: Option<&String>) -> Option<String> {
        s.map(|s| self.e(s))
    }

    /// An address for a link target: percent-encoded, then escaped for the format.
    fn u(&self, url: &str) -> String {
        self.m.escape_url(&href(url))
    }

    /// Words that stand between two others on a line (` and `): escaped,
    /// with the spaces around them kept as spaces (Markdown would guard a
    /// leading space, which only matters at a line's start).
    fn e_between(&self, s: &str) -> String {
        let core = s.trim_matches(' ');
        let lead = s.len() - s.trim_start_matches(' ').len();
        let trail = if core.is_empty() { 0 } else { s.len() - s.trim_end_matches(' ').len() };
        format!("{}{}{}", " ".repeat(lead), self.e(core), " ".repeat(trail))
    }

    fn link(&self, label: &str, url: &str) -> LinkView {
        let print = if label == "doi" { format!("doi:{}", vita_model::Links::bare_doi(url)) } else { label.to_string() };
        LinkView { label: self.e(label), url: self.u(url), url_text: self.e(url), print: self.e(&print), icon: None }
    }

    /// The labels as templates insert them: every word escaped for the
    /// format (a user's labels file is input like the CV).
    fn escaped_labels(&self) -> Labels {
        fn walk(v: &mut serde_json::Value, e: &dyn Fn(&str) -> String) {
            match v {
                serde_json::Value::String(s) => *s = e(s),
                serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, e)),
                serde_json::Value::Object(o) => o.iter_mut().filter(|(k, _)| k.as_str() != "plural").for_each(|(_, x)| walk(x, e)),
                _ => {}
            }
        }
        let Ok(mut value) = serde_json::to_value(&*self.labels) else { return self.labels.clone().into_owned() };
        walk(&mut value, &|s| self.e(s));
        serde_json::from_value(value).unwrap_or_else(|_| self.labels.clone().into_owned())
    }

    /// Builds the view.
    pub fn build(&self) -> View {
        let cv = &self.doc.cv;
        let p = &cv.person;
        let address = p.address.as_ref().map(|a| {
            let parts: Vec<&str> =
                [&a.street, &a.city, &a.region, &a.postal_code, &a.country].iter().filter_map(|x| x.as_deref()).collect();
            self.e(&parts.join(", "))
        });
        let person = PersonView {
            name: self.e(&p.name),
            label: self.oe(p.label.as_ref()),
            email: self.oe(p.email.as_ref()),
            email_raw: p.email.as_ref().map(|e| self.u(&format!("mailto:{e}"))),
            phone: self.oe(p.phone.as_ref()),
            website: p.website.as_ref().map(|w| self.u(w)),
            website_text: p.website.as_ref().map(|w| self.e(strip_scheme(w))),
            website_url: self.oe(p.website.as_ref()),
            address: address.filter(|a| !a.is_empty()),
            profiles: p
                .profiles
                .iter()
                .filter_map(|pr| {
                    let url = pr.url.as_deref()?;
                    Some(LinkView {
                        icon: Some(crate::icons::for_network(&pr.network)),
                        print: self.e(&pr.network),
                        label: self.e(&pr.network),
                        url: self.u(url),
                        url_text: self.e(pr.username.as_deref().unwrap_or(strip_scheme(url))),
                    })
                })
                .collect(),
            summary: p.summary.as_ref().map(|s| self.m.rich(s)),
        };
        View {
            lang: self.e(self.lang.as_deref().unwrap_or("en")),
            dir: crate::labels::right_to_left(self.lang.as_deref().unwrap_or("en")).then_some("rtl"),
            person,
            updated: cv.updated.as_ref().map(|u| self.e(&dates::point_in(self.dates, &self.labels, u))),
            sections: first_standard_only(cv.sections.iter().enumerate().map(|(i, s)| self.section(s, format!("sections[{i}]"))).collect()),
            labels: self.escaped_labels(),
            page: match self.page {
                vita_backend::Page::Letter => "Letter",
                _ => "A4",
            },
        }
    }

    fn standard_heading(&self, s: &Section) -> Option<String> {
        let i = match s {
            Section::Positions(_) => 0,
            Section::Education(_) => 1,
            Section::Skills(_) => 2,
            Section::Languages(_) => 3,
            Section::Certificates(_) => 4,
            _ => return None,
        };
        self.labels.ats_headings.get(i).map(|w| self.e(w))
    }

    fn section(&self, s: &Section, path: String) -> SectionView {
        let mut v = SectionView {
            path: path.clone(),
            id: self.e(&s.id()),
            key: ascii_key(&s.id()),
            title: self.e(s.title()),
            kind: s.kind_name(),
            standard: self.standard_heading(s),
            intro: None,
            entries: Vec::new(),
            publications: Vec::new(),
            count_line: None,
            research: None,
            body: None,
            sections: Vec::new(),
            is_group: false,
        };
        match s {
            Section::Positions(l) => self.list(&mut v, l, |b, e| b.position(e)),
            Section::Education(l) => self.list(&mut v, l, |b, e| b.degree(e)),
            Section::Teaching(l) => self.list(&mut v, l, |b, e| b.course(e)),
            Section::Mentoring(l) => self.list(&mut v, l, |b, e| b.mentee(e)),
            Section::Service(l) => self.list(&mut v, l, |b, e| b.service(e)),
            Section::Awards(l) => self.list(&mut v, l, |b, e| b.award(e)),
            Section::Talks(l) => self.list(&mut v, l, |b, e| b.talk(e)),
            Section::Grants(l) => self.list(&mut v, l, |b, e| b.grant(e)),
            Section::Skills(l) => self.list(&mut v, l, |b, e| b.skill(e)),
            Section::Languages(l) => self.list(&mut v, l, |b, e| b.language(e)),
            Section::Certificates(l) => self.list(&mut v, l, |b, e| b.certificate(e)),
            Section::Custom(l) => self.list(&mut v, l, |b, e| b.item(e)),
            Section::Publications(l) => self.publications(&mut v, l),
            Section::Research(r) => v.research = Some(self.research(r)),
            Section::Text(t) => v.body = Some(self.m.rich(&t.body)),
            Section::Group(g) => {
                v.is_group = true;
                v.sections = g.sections.iter().enumerate().map(|(i, s)| self.section(s, format!("{path}.sections[{i}]"))).collect();
            }
        }
        v
    }

    fn list<T>(&self, v: &mut SectionView, l: &List<T>, f: impl Fn(&Self, &T) -> Entry) {
        v.intro = l.intro.as_ref().map(|r| self.m.rich(r));
        v.entries = l.entries.iter().enumerate().map(|(i, e)| Entry { index: i, ..f(self, e) }).collect();
    }

    fn range(&self, start: Option<&When>, end: Option<&End>) -> Option<String> {
        let r = dates::range_in(self.dates, start, end, &self.labels);
        (!r.is_empty()).then(|| self.e(&r))
    }

    fn url(&self, url: Option<&String>) -> Option<LinkView> {
        url.map(|u| LinkView {
            label: self.e(strip_scheme(u)),
            url: self.u(u),
            url_text: self.e(u),
            print: self.e(strip_scheme(u)),
            icon: None,
        })
    }

    fn position(&self, e: &Position) -> Entry {
        let subtitle = match (&e.title, &e.unit) {
            (Some(t), Some(u)) => Some(self.e(&fill(&self.labels.title_at, &[("title", t), ("unit", u)]))),
            (Some(t), None) => Some(self.e(t)),
            (None, Some(u)) => Some(self.e(u)),
            (None, None) => None,
        };
        let mut details = Vec::new();
        if let Some(a) = &e.about {
            details.push(self.e(a));
        }
        if let Some(a) = &e.advisor {
            details.push(self.e(&self.labels.labelled(&self.labels.advisor, a)));
        }
        if let Some(d) = &e.description {
            details.push(self.m.rich(d));
        }
        Entry {
            index: 0,
            title: self.e(&e.org),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle,
            details,
            role: self.oe(e.title.as_ref()),
            unit: self.oe(e.unit.as_ref()),
            highlights: self.bullets(&e.highlights),
            url: self.url(e.url.as_ref()),
        }
    }

    fn degree(&self, e: &Degree) -> Entry {
        let subtitle = match (&e.degree, &e.field) {
            (Some(d), Some(f)) => Some(self.e(&fill(&self.labels.degree_in, &[("degree", d), ("field", f)]))),
            (Some(d), None) => Some(self.e(d)),
            (None, Some(f)) => Some(self.e(f)),
            (None, None) => None,
        };
        let mut details = Vec::new();
        if let Some(t) = &e.thesis {
            details.push(self.e(&self.labels.labelled(&self.labels.thesis, t)));
        }
        if let Some(a) = &e.advisor {
            details.push(self.e(&self.labels.labelled(&self.labels.advisor, a)));
        }
        if let Some(g) = &e.grade {
            // A bare number (`4.0`, `3.97/4.00`) says what it is; `GPA 3.9` or `summa cum laude` already does.
            let bare = !g.chars().any(char::is_alphabetic);
            details.push(self.e(&if bare { self.labels.labelled(&self.labels.grade, g) } else { g.clone() }));
        }
        if !e.courses.is_empty() {
            details.push(self.e(&self.labels.labelled(&self.labels.courses, &e.courses.join("; "))));
        }
        if let Some(d) = &e.description {
            details.push(self.m.rich(d));
        }
        Entry {
            index: 0,
            title: self.e(&e.institution),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle,
            details,
            role: None,
            unit: None,
            highlights: Vec::new(),
            url: self.url(e.url.as_ref()),
        }
    }

    fn course(&self, e: &Course) -> Entry {
        let mut title = e.course.clone();
        if let Some(c) = &e.code {
            title.push_str(&format!(" ({c})"));
        }
        if let Some(r) = &e.role {
            title.push_str(&format!(" {r}"));
        }
        Entry {
            index: 0,
            title: self.e(&title),
            context: self.oe(e.institution.as_ref()),
            date: self.range(e.term.as_ref(), e.end.as_ref()),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn mentee(&self, e: &Mentee) -> Entry {
        let mut ctx = Vec::new();
        if let Some(i) = &e.institution {
            ctx.push(i.clone());
        }
        match (&e.level, e.class_of) {
            (Some(l), Some(y)) => ctx.push(format!("{l}'{:02}", y % 100)),
            (Some(l), None) => ctx.push(l.clone()),
            (None, Some(y)) => ctx.push(format!("{} {y}", self.labels.class_of)),
            (None, None) => {}
        }
        Entry {
            index: 0,
            title: self.e(&e.name),
            context: (!ctx.is_empty()).then(|| self.e(&ctx.join(" "))),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            ..Entry::default()
        }
    }

    fn service(&self, e: &Service) -> Entry {
        Entry {
            index: 0,
            title: self.e(&e.role),
            context: self.oe(e.org.as_ref()),
            date: self.range(e.date.as_ref(), e.end.as_ref()),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            highlights: self.bullets(&e.highlights),
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn award(&self, e: &Award) -> Entry {
        let mut ctx = Vec::new();
        if let Some(by) = &e.by {
            ctx.push(self.e(by));
        }
        let mut grant = String::new();
        if let Some(a) = &e.amount {
            grant.push_str(&self.e(&format!("{} {}", self.labels.grants, a.display())));
        }
        if let Some(n) = &e.note {
            if !grant.is_empty() {
                grant.push(' ');
            }
            grant.push_str(&self.m.rich(n));
        }
        if !grant.is_empty() {
            ctx.push(grant);
        }
        let details = e
            .publication
            .as_ref()
            .and_then(|id| self.doc.number(id))
            .map(|n| self.e(&format!("{} [{n}]", self.labels.for_publication)))
            .into_iter()
            .collect();
        Entry {
            index: 0,
            title: self.e(&e.name),
            context: (!ctx.is_empty()).then(|| ctx.join(", ")),
            date: self.range(e.date.as_ref(), e.end.as_ref()),
            details,
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn talk(&self, e: &Talk) -> Entry {
        let ctx: Vec<String> = [e.event.as_ref(), e.location.as_ref()].into_iter().flatten().cloned().collect();
        let mut details = Vec::new();
        if e.invited {
            details.push(self.e(&self.labels.invited_talk));
        }
        if let Some(id) = &e.publication {
            if let Some(n) = self.doc.number(id) {
                details.push(self.e(&format!("{} [{n}]", self.labels.on_publication)));
            }
        }
        details.extend(e.description.iter().map(|d| self.m.rich(d)));
        Entry {
            index: 0,
            title: self.e(&e.title),
            context: (!ctx.is_empty()).then(|| self.e(&ctx.join(", "))),
            date: self.range(e.date.as_ref(), None),
            details,
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn grant(&self, e: &Grant) -> Entry {
        let mut ctx: Vec<String> = e.funder.iter().cloned().collect();
        if let Some(n) = &e.number {
            ctx.push(n.clone());
        }
        let mut sub = Vec::new();
        if let Some(r) = &e.role {
            sub.push(r.clone());
        }
        if let Some(a) = &e.amount {
            sub.push(a.display());
        }
        Entry {
            index: 0,
            title: self.e(&e.title),
            context: (!ctx.is_empty()).then(|| self.e(&ctx.join(", "))),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle: (!sub.is_empty()).then(|| self.e(&sub.join(", "))),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            ..Entry::default()
        }
    }

    fn skill(&self, e: &Skill) -> Entry {
        // `Web Development (Master)` over `HTML, CSS, Javascript`: the level is the skill's, not its last keyword's.
        let title = match &e.level {
            Some(l) => format!("{} ({l})", e.name),
            None => e.name.clone(),
        };
        let keywords = e.keywords.join(", ");
        Entry { title: self.e(&title), subtitle: (!keywords.is_empty()).then(|| self.e(&keywords)), ..Entry::default() }
    }

    fn language(&self, e: &Language) -> Entry {
        let ctx = if e.native {
            Some(self.labels.native.to_string())
        } else if let Some(g) = &e.grid {
            let all = [g.listening, g.reading, g.spoken_interaction, g.spoken_production, g.writing];
            if all.iter().all(|l| *l == all[0]) {
                Some(format!("CEFR {}", all[0].code()))
            } else {
                let parts: Vec<String> =
                    self.labels.cefr_skills.iter().zip(all).map(|(skill, level)| format!("{skill} {}", level.code())).collect();
                Some(format!("CEFR {}", parts.join(", ")))
            }
        } else {
            e.level.map(|l: Cefr| format!("CEFR {}", l.code())).or_else(|| e.fluency.clone())
        };
        Entry { title: self.e(&e.name), context: ctx.map(|c| self.e(&c)), ..Entry::default() }
    }

    fn certificate(&self, e: &Certificate) -> Entry {
        Entry {
            index: 0,
            title: self.e(&e.name),
            context: self.oe(e.issuer.as_ref()),
            date: self.range(e.date.as_ref(), None),
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn item(&self, e: &Item) -> Entry {
        Entry {
            index: 0,
            title: self.e(&e.title),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.date.as_ref(), e.end.as_ref()),
            // The kind beside the subtitle (`Smoogle, application`), not a line of its own.
            subtitle: {
                let sub: Vec<&String> = e.subtitle.iter().chain(e.kind.iter()).collect();
                (!sub.is_empty()).then(|| self.e(&sub.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
            },
            details: {
                let mut d: Vec<String> = e.description.iter().map(|d| self.m.rich(d)).collect();
                if !e.roles.is_empty() {
                    d.push(self.e(&self.labels.labelled(&self.labels.roles, &e.roles.join(", "))));
                }
                // Keywords as a line of tags.
                if !e.keywords.is_empty() {
                    d.push(self.e(&e.keywords.join(" · ")));
                }
                d
            },
            highlights: self.bullets(&e.highlights),
            role: None,
            unit: None,
            url: self.url(e.url.as_ref()),
        }
    }

    fn bullets(&self, items: &[vita_model::Rich]) -> Vec<String> {
        items.iter().map(|h| self.m.rich(h)).collect()
    }

    fn publications(&self, v: &mut SectionView, l: &PublicationList) {
        v.intro = l.intro.as_ref().map(|r| self.m.rich(r));
        if l.count_line {
            let section = l.id.clone().unwrap_or_else(|| vita_model::slug(&l.title));
            let c = venue_counts(self.doc.counted(&section, &l.entries).iter(), &self.doc.cv.settings.venue_order);
            v.count_line = Some(self.e(&count_sentence_in(&self.labels, c.total, &c.venues)));
        }
        v.publications = l.entries.iter().enumerate().map(|(i, p)| PubView { index: i, ..self.publication(p) }).collect();
    }

    fn publication(&self, p: &Publication) -> PubView {
        let number = self.doc.number(&p.id).unwrap_or(0);
        let n = p.authors.len();
        let authors = p
            .authors
            .iter()
            .enumerate()
            .map(|(i, a)| AuthorView {
                sep: match (i, n) {
                    (0, _) => String::new(),
                    // `and others` of BibTeX: `A et al.`, `A, B, et al.`.
                    (1, 2) if a.is_et_al() => " ".into(),
                    _ if a.is_et_al() => ", ".into(),
                    (1, 2) => self.e_between(&self.labels.sep_two),
                    (i, n) if i + 1 == n => self.e_between(&self.labels.sep_last),
                    _ => ", ".into(),
                },
                name: self.e(&a.name),
                owner: self.doc.cv.is_owner(&a.name),
                equal: a.equal,
            })
            .collect();
        let when = match p.status {
            Status::ToAppear => Some(self.labels.to_appear.to_string()),
            Status::Accepted => Some(self.labels.statuses[0].to_string()),
            Status::UnderReview => Some(self.labels.statuses[1].to_string()),
            Status::Submitted => Some(self.labels.statuses[2].to_string()),
            Status::InPreparation => Some(self.labels.statuses[3].to_string()),
            // A month at most, as the entries' dates: `October 2014`, not `October 1, 2014`.
            Status::Published => p.date.as_ref().map(|d| {
                let month = match d {
                    When::Date(x) => When::Date(vita_model::Date { day: None, ..*x }),
                    other => other.clone(),
                };
                dates::long_in(&self.labels, &month)
            }),
        };
        let acceptance = p.acceptance.as_ref().and_then(|a| {
            let rate = a.rate()?;
            let l = &self.labels;
            let label = match &a.cycle {
                Some(c) => fill(&l.acceptance_for, &[("cycle", c)]),
                None => l.acceptance_rate.clone(),
            };
            let (accepted, submitted) = (a.accepted.to_string(), a.submitted.to_string());
            let values = [("label", label.as_str()), ("rate", &l.percent(&rate)), ("accepted", &accepted), ("submitted", &submitted)];
            Some(self.e(&fill(&l.acceptance, &values)))
        });
        let reference = self.citations.as_ref().and_then(|c| c.references.get(&p.id));
        let mut links = p.links.pairs();
        if let Some(r) = reference {
            // What the style prints already (a DOI, the paper's address) is not listed again.
            links.retain(|(label, u)| {
                let bare = if *label == "doi" { vita_model::Links::bare_doi(u) } else { u.as_str() };
                !r.prints(u) && !r.text().contains(bare)
            });
        }
        PubView {
            formatted: reference.map(|r| self.reference(p, r)),
            index: 0,
            number,
            anchor: format!("pub-{number}"),
            title: self.e(&p.title),
            authors,
            venue: venue_line_in(&self.labels, p).map(|v| self.e(&v)),
            when: when.map(|w| self.e(&w)),
            acceptance,
            awards: p.awards.iter().map(|a| self.e(a)).collect(),
            links: links.into_iter().map(|(l, u)| self.link(l, &u)).collect(),
            note: p.note.as_ref().map(|r| self.m.rich(r)),
            has_equal: p.authors.iter().any(|a| a.equal),
            kind: pub_kind_name(p.kind),
        }
    }

    /// A reference in a citation style, marked up: the owner's name
    /// marked, a star after each co-first author's.
    fn reference(&self, p: &Publication, r: &vita_backend::Reference) -> String {
        let piece = |x: &vita_backend::Piece| {
            // Spaces at a run's ends stay spaces (Markdown would guard them).
            let mut s = self.e_between(&x.text);
            if x.emph {
                s = self.m.emph(&s);
            }
            if x.strong {
                s = self.m.strong(&s);
            }
            match &x.link {
                Some(u) => self.m.link(u, &s),
                None => s,
            }
        };
        let mut out = String::new();
        let mut i = 0;
        while i < r.pieces.len() {
            let Some(a) = r.pieces[i].author else {
                out.push_str(&piece(&r.pieces[i]));
                i += 1;
                continue;
            };
            let mut name = String::new();
            while i < r.pieces.len() && r.pieces[i].author == Some(a) {
                name.push_str(&piece(&r.pieces[i]));
                i += 1;
            }
            let author = p.authors.get(a);
            out.push_str(&if author.is_some_and(|x| self.doc.cv.is_owner(&x.name)) { self.m.owner(&name) } else { name });
            if author.is_some_and(|x| x.equal) {
                out.push_str(&self.e("*"));
            }
        }
        out
    }

    fn research(&self, r: &Research) -> ResearchView {
        let count = r.projects.len();
        ResearchView {
            areas: (!r.areas.is_empty()).then(|| self.e(&(sentence_list_in(&self.labels, &r.areas) + "."))),
            vision: r.vision.as_ref().map(|v| self.m.rich(v)),
            projects: r
                .projects
                .iter()
                .enumerate()
                .map(|(i, pr)| ProjectView {
                    name: self.e(&pr.name),
                    description: pr.description.as_ref().map(|d| self.m.rich(d)),
                    refs: pr
                        .publications
                        .iter()
                        .filter_map(|id| {
                            let number = self.doc.number(id)?;
                            Some(RefView { number, anchor: format!("pub-{number}"), shown: self.doc.is_shown(id) })
                        })
                        .collect(),
                    last: i + 1 == count,
                })
                .collect(),
        }
    }
}

/// `a, b, and c`; `a and b`; `a`.
pub fn sentence_list(items: &[String]) -> String {
    sentence_list_in(Labels::english(), items)
}

/// A list in a language: `a, b, and c`, `a, b und c`.
pub fn sentence_list_in(l: &Labels, items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        2 => format!("{}{}{}", items[0], l.sep_two, items[1]),
        n => format!("{}{}{}", items[..n - 1].join(", "), l.sep_last, items[n - 1]),
    }
}

/// `Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, ... and 1 TOCS.`
pub fn count_sentence(total: u32, venues: &[(String, u32)]) -> String {
    count_sentence_in(Labels::english(), total, venues)
}

/// The count line in a language (`12 begutachtete Publikationen: ... und 1 TOCS.`).
pub fn count_sentence_in(l: &Labels, total: u32, venues: &[(String, u32)]) -> String {
    let parts: Vec<String> = venues.iter().map(|(v, n)| fill(&l.venue_count, &[("n", &n.to_string()), ("venue", v)])).collect();
    let list = match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{}{}{}", parts[..n - 1].join(&l.list_sep), l.and, parts[n - 1]),
    };
    let count = l.count(total);
    if list.is_empty() {
        fill(&l.count_alone, &[("count", &count)])
    } else {
        fill(&l.count_list, &[("count", &count), ("list", &list)])
    }
}

/// The venue as printed: `20th USENIX Symposium on ... (NSDI'23)`, or for a
/// journal `ACM Transactions on Computer Systems (TOCS) 33, 3, Article 7`.
pub fn venue_line(p: &Publication) -> Option<String> {
    venue_line_in(Labels::english(), p)
}

/// The venue line in a language (`Article`, `pp.` translated).
pub fn venue_line_in(l: &Labels, p: &Publication) -> Option<String> {
    let v = p.venue.as_ref()?;
    let mut s = String::new();
    // Software's and data's edition is their version, after the name.
    let versioned = matches!(p.kind, PubKind::Software | PubKind::Dataset);
    if let Some(e) = v.edition.as_ref().filter(|_| !versioned) {
        s.push_str(e);
        s.push(' ');
    }
    s.push_str(&v.name);
    if let Some(tag) = venue_tag(p) {
        s.push_str(&format!(" ({tag})"));
    }
    if let Some(e) = v.edition.as_ref().filter(|_| versioned) {
        let number = e.starts_with(|c: char| c.is_ascii_digit());
        s.push_str(&format!(" {}{e}", if number { "v" } else { "" }));
    }
    // A report's or patent's number follows its series or office.
    let numbered = matches!(p.kind, PubKind::Report | PubKind::Patent);
    if let Some(x) = v.article.as_ref().filter(|_| numbered) {
        s.push_str(&format!(" {x}"));
    }
    let mut nums = Vec::new();
    if let Some(x) = &v.volume {
        nums.push(x.clone());
    }
    if let Some(x) = &v.issue {
        nums.push(x.clone());
    }
    if let Some(x) = v.article.as_ref().filter(|_| !numbered) {
        nums.push(format!("{} {x}", l.article));
    }
    if let Some(x) = &v.pages {
        nums.push(format!("{} {x}", l.pages));
    }
    if !nums.is_empty() {
        s.push(' ');
        s.push_str(&nums.join(", "));
    }
    if let Some(pb) = &v.publisher {
        s.push_str(&format!(", {pb}"));
    }
    if let Some(l) = &v.location {
        s.push_str(&format!(", {l}"));
    }
    // A patent known by its number alone (`US Patent App. 17/887,827`).
    match s.strip_prefix(' ') {
        Some(rest) => Some(rest.to_string()),
        None => Some(s),
    }
}

/// An address as a link target: characters that may not appear in a URL
/// (spaces, `<`, `>`, `"`, braces, `|`, `\`, `^`, backtick, non-ASCII) are
/// percent-encoded; everything else is kept.
pub fn href(u: &str) -> String {
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        if c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn strip_scheme(u: &str) -> &str {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).or_else(|| u.strip_prefix("mailto:")).unwrap_or(u);
    rest.strip_suffix('/').unwrap_or(rest)
}

fn pub_kind_name(k: PubKind) -> &'static str {
    match k {
        PubKind::Conference => "conference",
        PubKind::Journal => "journal",
        PubKind::Workshop => "workshop",
        PubKind::Preprint => "preprint",
        PubKind::Book => "book",
        PubKind::Chapter => "chapter",
        PubKind::Thesis => "thesis",
        PubKind::Poster => "poster",
        PubKind::Report => "report",
        PubKind::Patent => "patent",
        PubKind::Software => "software",
        PubKind::Dataset => "dataset",
        PubKind::Other => "other",
    }
}

/// The model's section a view section was built from, by its path.
pub fn section_at<'a>(cv: &'a vita_model::Cv, path: &str) -> Option<&'a Section> {
    let mut parts = path.split('.');
    let index = |part: &str, field: &str| part.strip_prefix(field)?.strip_prefix('[')?.strip_suffix(']')?.parse::<usize>().ok();
    let mut s = cv.sections.get(index(parts.next()?, "sections")?)?;
    for part in parts {
        match s {
            Section::Group(g) => s = g.sections.get(index(part, "sections")?)?,
            _ => return None,
        }
    }
    Some(s)
}
