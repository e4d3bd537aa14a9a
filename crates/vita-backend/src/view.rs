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

/// English labels; a future option may replace them per language.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    /// "present"
    pub present: &'static str,
    /// "Advisor"
    pub advisor: &'static str,
    /// "Thesis"
    pub thesis: &'static str,
    /// "Last updated"
    pub updated: &'static str,
    /// "co-first author"
    pub equal: &'static str,
    /// "To appear"
    pub to_appear: &'static str,
    /// "Areas of interest"
    pub areas: &'static str,
    /// "Vision"
    pub vision: &'static str,
    /// "Projects"
    pub projects: &'static str,
    /// "Courses"
    pub courses: &'static str,
    /// "Roles"
    pub roles: &'static str,
    /// "Keywords"
    pub keywords: &'static str,
    /// "Type"
    pub kind: &'static str,
}

/// The English labels.
pub const ENGLISH: Labels = Labels {
    present: "present",
    advisor: "Advisor",
    thesis: "Thesis",
    updated: "Last updated",
    equal: "co-first author",
    to_appear: "To appear",
    areas: "Areas of interest",
    vision: "Vision",
    projects: "Projects",
    courses: "Courses",
    roles: "Roles",
    keywords: "Keywords",
    kind: "Type",
};

/// The whole CV.
#[derive(Clone, Debug, Serialize)]
pub struct View {
    /// Document language (`en`).
    pub lang: String,
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
}

/// A section.
#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Kind in lower case (`positions`, `publications`).
    pub kind: &'static str,
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
    /// The bold first line (organisation, institution, course, name).
    pub title: String,
    /// What follows the title after a comma (location, institution, venue).
    pub context: Option<String>,
    /// The date column.
    pub date: Option<String>,
    /// The second line (job title, degree).
    pub subtitle: Option<String>,
    /// Further lines (advisor, description, highlights).
    pub details: Vec<String>,
    /// Website.
    pub url: Option<LinkView>,
}

/// A publication.
#[derive(Clone, Debug, Serialize)]
pub struct PubView {
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
}

/// An author in a list.
#[derive(Clone, Debug, Serialize)]
pub struct AuthorView {
    /// The separator printed before the name (``, `, `, `, and `, ` and `).
    pub sep: &'static str,
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
    page: crate::Page,
    dates: vita_model::DateStyle,
}

impl<'a> Builder<'a> {
    /// A builder for a document and a format's markup.
    pub fn new(doc: &'a Document, markup: &'a dyn Markup, page: crate::Page) -> Self {
        Builder { doc, m: markup, page, dates: vita_model::DateStyle::Numeric }
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

    fn link(&self, label: &str, url: &str) -> LinkView {
        LinkView { label: self.e(label), url: self.u(url), url_text: self.e(url) }
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
                        label: self.e(&pr.network),
                        url: self.u(url),
                        url_text: self.e(pr.username.as_deref().unwrap_or(strip_scheme(url))),
                    })
                })
                .collect(),
            summary: p.summary.as_ref().map(|s| self.m.rich(s)),
        };
        View {
            lang: cv.settings.lang.clone().unwrap_or_else(|| "en".into()),
            person,
            updated: cv.updated.as_ref().map(|u| self.e(&dates::numeric(u))),
            sections: cv.sections.iter().map(|s| self.section(s)).collect(),
            labels: ENGLISH,
            page: match self.page {
                crate::Page::A4 => "A4",
                crate::Page::Letter => "Letter",
            },
        }
    }

    fn section(&self, s: &Section) -> SectionView {
        let mut v = SectionView {
            id: self.e(&s.id()),
            title: self.e(s.title()),
            kind: kind_name(s),
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
                v.sections = g.sections.iter().map(|s| self.section(s)).collect();
            }
        }
        v
    }

    fn list<T>(&self, v: &mut SectionView, l: &List<T>, f: impl Fn(&Self, &T) -> Entry) {
        v.intro = l.intro.as_ref().map(|r| self.m.rich(r));
        v.entries = l.entries.iter().map(|e| f(self, e)).collect();
    }

    fn range(&self, start: Option<&When>, end: Option<&End>) -> Option<String> {
        let r = dates::range_in(self.dates, start, end, ENGLISH.present);
        (!r.is_empty()).then(|| self.e(&r))
    }

    fn url(&self, url: Option<&String>) -> Option<LinkView> {
        url.map(|u| LinkView { label: self.e(strip_scheme(u)), url: self.u(u), url_text: self.e(u) })
    }

    fn position(&self, e: &Position) -> Entry {
        let subtitle = match (&e.title, &e.unit) {
            (Some(t), Some(u)) => Some(format!("{} at {}", self.e(t), self.e(u))),
            (Some(t), None) => Some(self.e(t)),
            (None, Some(u)) => Some(self.e(u)),
            (None, None) => None,
        };
        let mut details = Vec::new();
        if let Some(a) = &e.about {
            details.push(self.e(a));
        }
        if let Some(a) = &e.advisor {
            details.push(self.e(&format!("{}: {a}", ENGLISH.advisor)));
        }
        if let Some(d) = &e.description {
            details.push(self.m.rich(d));
        }
        details.extend(e.highlights.iter().map(|h| self.m.rich(h)));
        Entry {
            title: self.e(&e.org),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle,
            details,
            url: self.url(e.url.as_ref()),
        }
    }

    fn degree(&self, e: &Degree) -> Entry {
        let subtitle = match (&e.degree, &e.field) {
            (Some(d), Some(f)) => Some(self.e(&format!("{d} in {f}"))),
            (Some(d), None) => Some(self.e(d)),
            (None, Some(f)) => Some(self.e(f)),
            (None, None) => None,
        };
        let mut details = Vec::new();
        if let Some(t) = &e.thesis {
            details.push(self.e(&format!("{}: {t}", ENGLISH.thesis)));
        }
        if let Some(a) = &e.advisor {
            details.push(self.e(&format!("{}: {a}", ENGLISH.advisor)));
        }
        if let Some(g) = &e.grade {
            details.push(self.e(g));
        }
        if !e.courses.is_empty() {
            details.push(self.e(&format!("{}: {}", ENGLISH.courses, e.courses.join("; "))));
        }
        if let Some(d) = &e.description {
            details.push(self.m.rich(d));
        }
        Entry {
            title: self.e(&e.institution),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle,
            details,
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
            (None, Some(y)) => ctx.push(format!("class of {y}")),
            (None, None) => {}
        }
        Entry {
            title: self.e(&e.name),
            context: (!ctx.is_empty()).then(|| self.e(&ctx.join(" "))),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            ..Entry::default()
        }
    }

    fn service(&self, e: &Service) -> Entry {
        Entry {
            title: self.e(&e.role),
            context: self.oe(e.org.as_ref()),
            date: self.range(e.date.as_ref(), e.end.as_ref()),
            details: e.description.iter().chain(&e.highlights).map(|d| self.m.rich(d)).collect(),
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
            grant.push_str(&self.e(&format!("grants {}", a.display())));
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
            .map(|n| self.e(&format!("For publication [{n}]")))
            .into_iter()
            .collect();
        Entry {
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
            details.push(self.e("Invited talk"));
        }
        if let Some(id) = &e.publication {
            if let Some(n) = self.doc.number(id) {
                details.push(self.e(&format!("On publication [{n}]")));
            }
        }
        details.extend(e.description.iter().map(|d| self.m.rich(d)));
        Entry {
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
            title: self.e(&e.title),
            context: (!ctx.is_empty()).then(|| self.e(&ctx.join(", "))),
            date: self.range(e.start.as_ref(), e.end.as_ref()),
            subtitle: (!sub.is_empty()).then(|| self.e(&sub.join(", "))),
            details: e.description.iter().map(|d| self.m.rich(d)).collect(),
            ..Entry::default()
        }
    }

    fn skill(&self, e: &Skill) -> Entry {
        let mut ctx = e.keywords.join(", ");
        if let Some(l) = &e.level {
            ctx = if ctx.is_empty() { l.clone() } else { format!("{ctx} ({l})") };
        }
        Entry { title: self.e(&e.name), context: (!ctx.is_empty()).then(|| self.e(&ctx)), ..Entry::default() }
    }

    fn language(&self, e: &Language) -> Entry {
        let ctx = if e.native {
            Some("native speaker".to_string())
        } else if let Some(g) = &e.grid {
            let all = [g.listening, g.reading, g.spoken_interaction, g.spoken_production, g.writing];
            if all.iter().all(|l| *l == all[0]) {
                Some(format!("CEFR {}", all[0].code()))
            } else {
                Some(format!(
                    "CEFR listening {}, reading {}, spoken interaction {}, spoken production {}, writing {}",
                    g.listening.code(),
                    g.reading.code(),
                    g.spoken_interaction.code(),
                    g.spoken_production.code(),
                    g.writing.code()
                ))
            }
        } else {
            e.level.map(|l: Cefr| format!("CEFR {}", l.code())).or_else(|| e.fluency.clone())
        };
        Entry { title: self.e(&e.name), context: ctx.map(|c| self.e(&c)), ..Entry::default() }
    }

    fn certificate(&self, e: &Certificate) -> Entry {
        Entry {
            title: self.e(&e.name),
            context: self.oe(e.issuer.as_ref()),
            date: self.range(e.date.as_ref(), None),
            url: self.url(e.url.as_ref()),
            ..Entry::default()
        }
    }

    fn item(&self, e: &Item) -> Entry {
        Entry {
            title: self.e(&e.title),
            context: self.oe(e.location.as_ref()),
            date: self.range(e.date.as_ref(), e.end.as_ref()),
            subtitle: self.oe(e.subtitle.as_ref()),
            details: {
                let mut d: Vec<String> = e.description.iter().chain(&e.highlights).map(|d| self.m.rich(d)).collect();
                if !e.roles.is_empty() {
                    d.push(self.e(&format!("{}: {}", ENGLISH.roles, e.roles.join(", "))));
                }
                if !e.keywords.is_empty() {
                    d.push(self.e(&format!("{}: {}", ENGLISH.keywords, e.keywords.join(", "))));
                }
                if let Some(k) = &e.kind {
                    d.push(self.e(&format!("{}: {k}", ENGLISH.kind)));
                }
                d
            },
            url: self.url(e.url.as_ref()),
        }
    }

    fn publications(&self, v: &mut SectionView, l: &PublicationList) {
        v.intro = l.intro.as_ref().map(|r| self.m.rich(r));
        if l.count_line {
            let section = l.id.clone().unwrap_or_else(|| vita_model::slug(&l.title));
            let c = venue_counts(self.doc.counted(&section, &l.entries).iter(), &self.doc.cv.settings.venue_order);
            v.count_line = Some(self.e(&count_sentence(c.total, &c.venues)));
        }
        v.publications = l.entries.iter().map(|p| self.publication(p)).collect();
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
                    (0, _) => "",
                    (1, 2) => " and ",
                    (i, n) if i + 1 == n => ", and ",
                    _ => ", ",
                },
                name: self.e(&a.name),
                owner: self.doc.cv.is_owner(&a.name),
                equal: a.equal,
            })
            .collect();
        let when = match p.status {
            Status::ToAppear => Some(ENGLISH.to_appear.to_string()),
            Status::Accepted => Some("Accepted".to_string()),
            Status::UnderReview => Some("Under review".to_string()),
            Status::Submitted => Some("Submitted".to_string()),
            Status::InPreparation => Some("In preparation".to_string()),
            Status::Published => p.date.as_ref().map(dates::long),
        };
        let acceptance = p.acceptance.as_ref().and_then(|a| {
            let rate = a.rate()?;
            let head = match &a.cycle {
                Some(c) => format!("Acceptance rate for {c}"),
                None => "Acceptance rate".to_string(),
            };
            Some(self.e(&format!("{head}: {rate}, {} out of {}.", a.accepted, a.submitted)))
        });
        PubView {
            number,
            anchor: format!("pub-{number}"),
            title: self.e(&p.title),
            authors,
            venue: venue_line(p).map(|v| self.e(&v)),
            when: when.map(|w| self.e(&w)),
            acceptance,
            awards: p.awards.iter().map(|a| self.e(a)).collect(),
            links: p.links.pairs().into_iter().map(|(l, u)| self.link(l, &u)).collect(),
            note: p.note.as_ref().map(|r| self.m.rich(r)),
            has_equal: p.authors.iter().any(|a| a.equal),
            kind: pub_kind_name(p.kind),
        }
    }

    fn research(&self, r: &Research) -> ResearchView {
        let count = r.projects.len();
        ResearchView {
            areas: (!r.areas.is_empty()).then(|| self.e(&(sentence_list(&r.areas) + "."))),
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
                            Some(RefView {
                                number,
                                anchor: format!("pub-{number}"),
                                shown: self.doc.cv.publications().any(|p| &p.id == id),
                            })
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
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        2 => format!("{} and {}", items[0], items[1]),
        n => format!("{}, and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// `Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, ... and 1 TOCS.`
pub fn count_sentence(total: u32, venues: &[(String, u32)]) -> String {
    let parts: Vec<String> = venues.iter().map(|(v, n)| format!("{n} {v}")).collect();
    let list = match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    };
    let noun = if total == 1 { "publication" } else { "publications" };
    if list.is_empty() {
        format!("Published {total} peer-reviewed {noun}.")
    } else {
        format!("Published {total} peer-reviewed {noun}: {list}.")
    }
}

/// The venue as printed: `20th USENIX Symposium on ... (NSDI'23)`, or for a
/// journal `ACM Transactions on Computer Systems (TOCS) 33, 3, Article 7`.
pub fn venue_line(p: &Publication) -> Option<String> {
    let v = p.venue.as_ref()?;
    let mut s = String::new();
    if let Some(e) = &v.edition {
        s.push_str(e);
        s.push(' ');
    }
    s.push_str(&v.name);
    if let Some(tag) = venue_tag(p) {
        s.push_str(&format!(" ({tag})"));
    }
    let mut nums = Vec::new();
    if let Some(x) = &v.volume {
        nums.push(x.clone());
    }
    if let Some(x) = &v.issue {
        nums.push(x.clone());
    }
    if let Some(x) = &v.article {
        nums.push(format!("Article {x}"));
    }
    if let Some(x) = &v.pages {
        nums.push(format!("pp. {x}"));
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
    Some(s)
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

fn kind_name(s: &Section) -> &'static str {
    match s {
        Section::Positions(_) => "positions",
        Section::Education(_) => "education",
        Section::Research(_) => "research",
        Section::Publications(_) => "publications",
        Section::Teaching(_) => "teaching",
        Section::Mentoring(_) => "mentoring",
        Section::Service(_) => "service",
        Section::Awards(_) => "awards",
        Section::Talks(_) => "talks",
        Section::Grants(_) => "grants",
        Section::Skills(_) => "skills",
        Section::Languages(_) => "languages",
        Section::Certificates(_) => "certificates",
        Section::Custom(_) => "custom",
        Section::Text(_) => "text",
        Section::Group(_) => "group",
    }
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
        PubKind::Other => "other",
    }
}
