//! From the model to JSON Resume. See the crate docs for the mapping.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use vita_backend::{Diagnostic, Document, Options};
use vita_model::{Cv, End, Item, Section, When};
use vita_view::plain::Plain;
use vita_view::view::{self, Entry, PubView, SectionView};

use crate::schema::*;
use crate::{EXTRA_SECTION, VITA_META_VERSION};

/// A JSON Resume date for a model date: terms become the month they start.
pub(crate) fn date(w: &When) -> Option<String> {
    match w {
        When::Term { season, year } => Some(format!("{year:04}-{:02}", season.month())),
        _ => w.as_date().map(|d| d.iso()),
    }
}

fn end_date(e: Option<&End>) -> Option<String> {
    e.and_then(End::when).and_then(date)
}

/// An address as JSON Resume's `format: uri` wants it: characters a URI may
/// not hold are percent-encoded (a valid address is unchanged).
fn uri(u: &Option<String>) -> Option<String> {
    u.as_ref().map(|u| view::href(u))
}

fn plain(r: &Option<vita_model::Rich>) -> Option<String> {
    r.as_ref().map(|r| r.to_plain())
}

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Sentences joined by spaces, each closed with a full stop unless it ends in punctuation.
fn sentences(parts: impl IntoIterator<Item = String>) -> String {
    let mut out = Vec::new();
    for p in parts {
        let p = p.trim().to_string();
        if p.is_empty() {
            continue;
        }
        if p.ends_with(['.', '!', '?', ')']) {
            out.push(p);
        } else {
            out.push(format!("{p}."));
        }
    }
    out.join(" ")
}

/// An entry of the plain view as one summary: its context, subtitle and details.
fn entry_summary(e: &Entry) -> Option<String> {
    nonempty(sentences(e.context.iter().chain(&e.subtitle).chain(&e.details).chain(&e.highlights).cloned()))
}

/// The JSON Resume fields of a CV, and warnings for what they cannot hold.
pub fn standard(doc: &Document, options: &Options) -> (Resume, Vec<Diagnostic>) {
    let cv = &doc.cv;
    let v = view::Builder::with_options(doc, &Plain, options).build();
    let mut r = Resume::default();
    let mut warnings = Vec::new();
    let p = &cv.person;
    let summary: Vec<String> = plain(&p.summary).into_iter().collect();
    r.basics = Some(Basics {
        name: Some(p.name.clone()),
        label: p.label.clone(),
        image: p.image.clone(),
        email: p.email.clone(),
        phone: p.phone.clone(),
        url: uri(&p.website),
        summary: None,
        location: p.address.as_ref().map(|a| Location {
            address: a.street.clone(),
            postal_code: a.postal_code.clone(),
            city: a.city.clone(),
            country_code: a.country.clone(),
            region: a.region.clone(),
            extra: Map::new(),
        }),
        profiles: p
            .profiles
            .iter()
            .map(|pr| Profile { network: Some(pr.network.clone()), username: pr.username.clone(), url: uri(&pr.url), extra: Map::new() })
            .collect(),
        extra: Map::new(),
    });
    if !p.aliases.is_empty() {
        warnings.push(Diagnostic::warning(
            "person.aliases",
            "JSON Resume has no field for other spellings of the name; only meta.vita keeps them",
        ));
    }

    let mut x = Export { doc, r, warnings, summary, v: &v };
    // Each view section with the model section of its path.
    for sv in leaves(&v.sections) {
        let Some(s) = view::section_at(cv, &sv.path) else { continue };
        x.section(s, sv);
    }
    let Export { mut r, warnings, summary, .. } = x;
    if let Some(b) = r.basics.as_mut() {
        b.summary = nonempty(summary.join("\n\n"));
    }
    r.schema = cv.settings.formats.get(crate::FORMAT).and_then(|f| f.get("$schema").cloned());
    r.meta = meta(cv);
    (r, warnings)
}

/// The résumé being written, and what it cannot hold.
struct Export<'a> {
    doc: &'a Document,
    r: Resume,
    warnings: Vec<Diagnostic>,
    /// Paragraphs of `basics.summary`.
    summary: Vec<String>,
    v: &'a view::View,
}

impl Export<'_> {
    /// One leaf section, by its kind.
    fn section(&mut self, s: &Section, sv: &SectionView) {
        let path = sv.path.clone();
        match s {
            Section::Positions(l) => self.positions(l, sv),
            Section::Education(l) => self.education(&path, l),
            Section::Service(l) => self.service(l),
            Section::Awards(l) => self.awards(&path, l),
            Section::Grants(l) => self.grants(l, sv),
            Section::Certificates(l) => self.certificates(&path, l),
            Section::Publications(l) => self.publications(l, sv),
            Section::Skills(l) => self.skills(l),
            Section::Languages(l) => self.languages(l),
            Section::Teaching(l) => self.teaching(l),
            Section::Mentoring(l) => self.mentoring(l, sv),
            Section::Talks(l) => self.talks(l, sv),
            Section::Research(res) => self.research(res),
            Section::Text(t) => self.summary.push(format!("{}: {}", t.title, t.body.to_plain())),
            Section::Custom(l) => match s.id().as_str() {
                EXTRA_SECTION => {}
                "interests" => {
                    for m in &l.entries {
                        self.r.interests.push(Interest { name: Some(m.title.clone()), keywords: m.keywords.clone(), extra: Map::new() });
                    }
                }
                "references" => {
                    for m in &l.entries {
                        self.r.references.push(Reference {
                            name: Some(m.title.clone()),
                            reference: plain(&m.description),
                            extra: Map::new(),
                        });
                    }
                }
                _ => {
                    for m in &l.entries {
                        self.r.projects.push(project(m, if s.id() == "projects" { None } else { Some(&l.title) }));
                    }
                }
            },
            Section::Group(_) => {}
        }
    }

    fn positions(&mut self, l: &vita_model::List<vita_model::Position>, sv: &SectionView) {
        for (m, e) in sv.entries.iter().map(|e| (&l.entries[e.index], e)) {
            let mut highlights: Vec<String> = m.advisor.iter().map(|a| self.v.labels.labelled(&self.v.labels.advisor, a)).collect();
            highlights.extend(m.highlights.iter().map(|h| h.to_plain()));
            self.r.work.push(Work {
                name: Some(m.org.clone()),
                location: m.location.clone(),
                description: m.about.clone(),
                position: e.subtitle.clone(),
                url: uri(&m.url),
                start_date: m.start.as_ref().and_then(date),
                end_date: end_date(m.end.as_ref()),
                summary: plain(&m.description),
                highlights,
                extra: Map::new(),
            });
        }
    }

    fn education(&mut self, path: &str, l: &vita_model::List<vita_model::Degree>) {
        for (i, m) in l.entries.iter().enumerate() {
            let lost: Vec<&str> = [
                ("location", m.location.is_some()),
                ("advisor", m.advisor.is_some()),
                ("thesis", m.thesis.is_some()),
                ("description", m.description.is_some()),
            ]
            .into_iter()
            .filter_map(|(n, has)| has.then_some(n))
            .collect();
            if !lost.is_empty() {
                self.warnings.push(Diagnostic::warning(
                    format!("{path}.entries[{i}]"),
                    format!(
                        "JSON Resume's education has no field for {}; only meta.vita keeps {}",
                        lost.join(", "),
                        if lost.len() == 1 { "it" } else { "them" }
                    ),
                ));
            }
            self.r.education.push(Education {
                institution: Some(m.institution.clone()),
                url: uri(&m.url),
                area: m.field.clone(),
                study_type: m.degree.clone(),
                start_date: m.start.as_ref().and_then(date),
                end_date: end_date(m.end.as_ref()),
                score: m.grade.clone(),
                courses: m.courses.clone(),
                extra: Map::new(),
            });
        }
    }

    fn service(&mut self, l: &vita_model::List<vita_model::Service>) {
        for m in &l.entries {
            self.r.volunteer.push(Volunteer {
                organization: m.org.clone(),
                position: Some(m.role.clone()),
                url: uri(&m.url),
                start_date: m.date.as_ref().and_then(date),
                end_date: end_date(m.end.as_ref()),
                summary: plain(&m.description),
                highlights: m.highlights.iter().map(|h| h.to_plain()).collect(),
                extra: Map::new(),
            });
        }
    }

    fn awards(&mut self, path: &str, l: &vita_model::List<vita_model::Award>) {
        for m in &l.entries {
            let mut parts: Vec<String> = m.amount.iter().map(|a| format!("Grants {}", a.display())).collect();
            if let Some(n) = m.publication.as_ref().and_then(|id| self.doc.number(id)) {
                parts.push(format!("For publication [{n}]"));
            }
            if let Some(end) = end_date(m.end.as_ref()) {
                parts.push(format!("Until {end}"));
            }
            let mut summary = sentences(parts);
            if let Some(n) = plain(&m.note) {
                summary = if summary.is_empty() { n } else { format!("{summary} {n}") };
            }
            self.r.awards.push(Award {
                title: Some(m.name.clone()),
                date: m.date.as_ref().and_then(date),
                awarder: m.by.clone(),
                summary: nonempty(summary),
                extra: Map::new(),
            });
            if m.url.is_some() {
                self.warnings.push(Diagnostic::warning(path, "an award's url has no JSON Resume field; only meta.vita keeps it"));
            }
        }
    }

    fn grants(&mut self, l: &vita_model::List<vita_model::Grant>, sv: &SectionView) {
        for (m, e) in sv.entries.iter().map(|e| (&l.entries[e.index], e)) {
            let mut parts: Vec<String> = vec!["Grant".into()];
            parts.extend(e.subtitle.iter().cloned());
            if let Some(n) = &m.number {
                parts.push(format!("No. {n}"));
            }
            if let Some(end) = end_date(m.end.as_ref()) {
                parts.push(format!("Until {end}"));
            }
            parts.extend(e.lines());
            self.r.awards.push(Award {
                title: Some(m.title.clone()),
                date: m.start.as_ref().and_then(date),
                awarder: m.funder.clone(),
                summary: nonempty(sentences(parts)),
                extra: Map::new(),
            });
        }
    }

    fn certificates(&mut self, path: &str, l: &vita_model::List<vita_model::Certificate>) {
        for (i, m) in l.entries.iter().enumerate() {
            let d = m.date.as_ref().and_then(date);
            let full = d.clone().filter(|d| d.len() == 10);
            if d.is_some() && full.is_none() {
                self.warnings.push(Diagnostic::warning(
                    format!("{path}.entries[{i}].date"),
                    "JSON Resume 1.0.0 wants a full date (YYYY-MM-DD) for a certificate; the date is left out, only meta.vita keeps it",
                ));
            }
            self.r.certificates.push(Certificate {
                name: Some(m.name.clone()),
                date: full,
                url: uri(&m.url),
                issuer: m.issuer.clone(),
                extra: Map::new(),
            });
        }
    }

    fn publications(&mut self, l: &vita_model::PublicationList, sv: &SectionView) {
        for (m, pv) in sv.publications.iter().map(|p| (&l.entries[p.index], p)) {
            self.r.publications.push(Publication {
                name: Some(m.title.clone()),
                publisher: view::venue_line(m),
                release_date: m.date.as_ref().and_then(date),
                url: uri(&m.links.paper.clone().or_else(|| m.links.pairs().into_iter().next().map(|(_, u)| u))),
                summary: nonempty(publication_summary(m, pv, &self.v.labels)),
                extra: Map::new(),
            });
        }
    }

    fn skills(&mut self, l: &vita_model::List<vita_model::Skill>) {
        for m in &l.entries {
            self.r.skills.push(Skill {
                name: Some(m.name.clone()),
                level: m.level.clone(),
                keywords: m.keywords.clone(),
                extra: Map::new(),
            });
        }
    }

    fn languages(&mut self, l: &vita_model::List<vita_model::Language>) {
        for m in &l.entries {
            let fluency =
                m.fluency.clone().or_else(|| m.level.map(|c| format!("{c:?}"))).or_else(|| m.native.then(|| "Native speaker".to_string()));
            self.r.languages.push(Language { language: Some(m.name.clone()), fluency, extra: Map::new() });
        }
    }

    fn teaching(&mut self, l: &vita_model::List<vita_model::Course>) {
        for m in &l.entries {
            self.r.projects.push(Project {
                name: Some(match &m.code {
                    Some(c) => format!("{} ({c})", m.course),
                    None => m.course.clone(),
                }),
                description: plain(&m.description),
                start_date: m.term.as_ref().and_then(date),
                end_date: end_date(m.end.as_ref()),
                url: uri(&m.url),
                roles: m.role.iter().cloned().collect(),
                entity: m.institution.clone(),
                kind: Some("teaching".into()),
                ..Project::default()
            });
        }
    }

    fn mentoring(&mut self, l: &vita_model::List<vita_model::Mentee>, sv: &SectionView) {
        for (m, e) in sv.entries.iter().map(|e| (&l.entries[e.index], e)) {
            self.r.projects.push(Project {
                name: Some(m.name.clone()),
                description: entry_summary(&Entry {
                    context: e.context.clone(),
                    details: e.details.clone(),
                    highlights: e.highlights.clone(),
                    ..Entry::default()
                }),
                start_date: m.start.as_ref().and_then(date),
                end_date: end_date(m.end.as_ref()),
                entity: m.institution.clone(),
                kind: Some("mentoring".into()),
                ..Project::default()
            });
        }
    }

    fn talks(&mut self, l: &vita_model::List<vita_model::Talk>, sv: &SectionView) {
        for (m, e) in sv.entries.iter().map(|e| (&l.entries[e.index], e)) {
            self.r.projects.push(Project {
                name: Some(m.title.clone()),
                description: nonempty(sentences(e.context.iter().chain(&e.details).cloned())),
                start_date: m.date.as_ref().and_then(date),
                url: uri(&m.url),
                entity: m.event.clone(),
                kind: Some(if m.invited { "invited talk" } else { "talk" }.into()),
                ..Project::default()
            });
        }
    }

    fn research(&mut self, res: &vita_model::Research) {
        if !res.areas.is_empty() {
            self.r.interests.push(Interest { name: Some(res.title.clone()), keywords: res.areas.clone(), extra: Map::new() });
        }
        if let Some(vis) = &res.vision {
            self.summary.push(self.v.labels.labelled(&self.v.labels.vision, &vis.to_plain()));
        }
        for pr in &res.projects {
            let refs: Vec<String> = pr.publications.iter().filter_map(|id| self.doc.number(id)).map(|n| format!("[{n}]")).collect();
            let mut parts: Vec<String> = plain(&pr.description).into_iter().collect();
            if !refs.is_empty() {
                parts.push(format!("Publications {}", refs.join(" ")));
            }
            self.r.projects.push(Project {
                name: Some(pr.name.clone()),
                description: nonempty(sentences(parts)),
                url: uri(&pr.url),
                kind: Some("research".into()),
                ..Project::default()
            });
        }
    }
}

fn project(m: &Item, section_title: Option<&String>) -> Project {
    Project {
        name: Some(m.title.clone()),
        description: plain(&m.description),
        highlights: m.highlights.iter().map(|h| h.to_plain()).collect(),
        keywords: m.keywords.clone(),
        start_date: m.date.as_ref().and_then(date),
        end_date: end_date(m.end.as_ref()),
        url: uri(&m.url),
        roles: m.roles.clone(),
        entity: m.subtitle.clone(),
        kind: m.kind.clone().or_else(|| section_title.cloned()),
        extra: Map::new(),
    }
}

/// Authors (with equal-contribution marks), acceptance, awards, other links,
/// then the note as written.
fn publication_summary(m: &vita_model::Publication, pv: &PubView, labels: &view::Labels) -> String {
    let mut parts = Vec::new();
    if !pv.authors.is_empty() {
        let mut a: String = pv.authors.iter().map(|a| format!("{}{}{}", a.sep, a.name, if a.equal { "*" } else { "" })).collect();
        if pv.has_equal {
            a.push_str(&format!(" (*{})", labels.equal));
        }
        parts.push(a);
    }
    // A status ("To appear"); a published paper's date is in releaseDate.
    if m.status != vita_model::Status::Published {
        parts.extend(pv.when.iter().cloned());
    }
    parts.extend(pv.acceptance.iter().cloned());
    parts.extend(pv.awards.iter().cloned());
    let paper = m.links.paper.clone();
    for (label, url) in m.links.pairs() {
        if Some(&url) != paper.as_ref() {
            parts.push(format!("{label}: {url}"));
        }
    }
    let mut s = sentences(parts);
    if let Some(n) = plain(&m.note) {
        s = if s.is_empty() { n } else { format!("{s} {n}") };
    }
    s
}

fn meta(cv: &Cv) -> Option<Meta> {
    // `meta.NAME` entries of the format's settings: the imported file's `meta` strings.
    let mut stored: std::collections::BTreeMap<String, String> = cv
        .settings
        .formats
        .get(crate::FORMAT)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.strip_prefix("meta.")?.to_string(), v.clone())))
        .collect();
    let mut m = Meta::default();
    let updated = cv.updated.as_ref().and_then(date);
    let last = stored.remove("lastModified");
    m.last_modified = match (updated, last) {
        (Some(u), Some(l)) if l.starts_with(&u) => Some(l),
        (Some(u), _) => Some(u),
        (None, l) => l,
    };
    m.canonical = stored.remove("canonical");
    m.version = stored.remove("version");
    for (k, v) in stored {
        m.extra.insert(k, Value::String(v));
    }
    (m != Meta::default()).then_some(m)
}

/// The leaf sections (groups opened), each with its path (`sections[2].sections[0]`).
fn leaves(sections: &[SectionView]) -> Vec<&SectionView> {
    let mut out = Vec::new();
    for s in sections {
        if s.is_group {
            out.extend(s.sections.iter());
        } else {
            out.push(s);
        }
    }
    out
}

/// Canonical JSON text of a value (keys sorted at every level), for comparing.
pub(crate) fn canonical(v: &Value) -> String {
    let mut out = Vec::new();
    write_canonical(v, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a value's canonical JSON into any sink (a hasher, a buffer),
/// without copying the value.
fn write_canonical(v: &Value, out: &mut impl std::io::Write) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let _ = out.write_all(b"{");
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    let _ = out.write_all(b",");
                }
                let _ = serde_json::to_writer(&mut *out, k);
                let _ = out.write_all(b":");
                write_canonical(&m[k], out);
            }
            let _ = out.write_all(b"}");
        }
        Value::Array(a) => {
            let _ = out.write_all(b"[");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    let _ = out.write_all(b",");
                }
                write_canonical(x, out);
            }
            let _ = out.write_all(b"]");
        }
        v => {
            let _ = serde_json::to_writer(&mut *out, v);
        }
    }
}

/// A sha256 writer.
struct Hashing(Sha256);

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of a résumé's JSON Resume fields (everything but `meta.vita`).
pub(crate) fn fingerprint(v: &Value) -> String {
    let mut h = Hashing(Sha256::new());
    let Value::Object(top) = v else {
        write_canonical(v, &mut h);
        return hex(h.0.finalize().as_slice());
    };
    // The same bytes as the canonical text of the value without meta.vita.
    let mut keys: Vec<&String> = top.keys().collect();
    keys.sort();
    let meta_rest: Option<serde_json::Map<String, Value>> = top
        .get("meta")
        .and_then(Value::as_object)
        .map(|m| m.iter().filter(|(k, _)| *k != "vita").map(|(k, v)| (k.clone(), v.clone())).collect());
    let _ = std::io::Write::write_all(&mut h, b"{");
    let mut first = true;
    for k in keys {
        let value = if k == "meta" {
            match &meta_rest {
                Some(m) if m.is_empty() => continue,
                Some(m) => &Value::Object(m.clone()),
                None => &top[k],
            }
        } else {
            &top[k]
        };
        if !first {
            let _ = std::io::Write::write_all(&mut h, b",");
        }
        first = false;
        let _ = serde_json::to_writer(&mut h, k);
        let _ = std::io::Write::write_all(&mut h, b":");
        write_canonical(value, &mut h);
    }
    let _ = std::io::Write::write_all(&mut h, b"}");
    hex(h.0.finalize().as_slice())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a CV surely holds more than the JSON Resume fields carry, so that
/// export keeps it under `meta.vita` without trying the import (which would
/// copy a large CV once more): content only vita has, or sections not named
/// as an import names them.
fn surely_needs_meta(cv: &Cv) -> bool {
    if !cv.person.aliases.is_empty() || !cv.targets.is_empty() {
        return true;
    }
    cv.sections.iter().any(|s| match s {
        Section::Positions(l) => l.title != "Work" || l.entries.iter().any(|e| e.advisor.is_some() || e.unit.is_some()),
        Section::Service(l) => l.title != "Volunteer",
        Section::Education(l) => l.title != "Education",
        Section::Awards(l) => l.title != "Awards",
        Section::Certificates(l) => l.title != "Certificates",
        Section::Publications(l) => l.title != "Publications" || l.entries.iter().any(|p| !p.authors.is_empty() || p.acceptance.is_some()),
        Section::Skills(l) => l.title != "Skills",
        Section::Languages(l) => l.title != "Languages",
        Section::Custom(_) => false,
        _ => true,
    })
}

/// The whole export: the JSON Resume fields, the fields kept from an import
/// (`jsonresume-extra`) put back where they were, and `meta.vita` when the
/// fields alone would not give the CV back.
pub fn export(doc: &Document, options: &Options) -> anyhow::Result<(Value, Vec<Diagnostic>)> {
    let (resume, mut warnings) = standard(doc, options);
    let mut value = serde_json::to_value(&resume)?;
    for s in doc.cv.all_sections() {
        if let Section::Custom(l) = s {
            if s.id() == EXTRA_SECTION {
                for e in &l.entries {
                    let text = e.description.as_ref().map(|d| d.to_plain()).unwrap_or_default();
                    let extra: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
                    // JSON Resume 1.0.0 has no room for other top-level fields: they go under `meta`.
                    let top = e.title.matches('/').count() == 1 && !TOP_LEVEL.contains(&e.title.trim_start_matches('/'));
                    let pointer = if top { format!("/meta{}", e.title) } else { e.title.clone() };
                    match check_extra(&e.title, &extra) {
                        Ok(()) if !exists_at(&value, &pointer) => {
                            if !insert_at(&mut value, &pointer, extra) {
                                warnings.push(Diagnostic::warning(
                                    "",
                                    format!("{EXTRA_SECTION} `{}`: the entry it belonged to is not in the CV; left out", e.title),
                                ));
                            } else if top {
                                warnings.push(Diagnostic::warning(
                                    "",
                                    format!(
                                        "{EXTRA_SECTION} `{}`: written as `meta.{}`, as JSON Resume allows no other top-level field",
                                        e.title,
                                        e.title.trim_start_matches('/')
                                    ),
                                ));
                            }
                        }
                        Ok(()) => warnings.push(Diagnostic::warning(
                            "",
                            format!("{EXTRA_SECTION} `{}`: the CV's own field is there already; kept", e.title),
                        )),
                        Err(why) => warnings.push(Diagnostic::warning("", format!("{EXTRA_SECTION} `{}`: {why}; left out", e.title))),
                    }
                }
            }
        }
    }
    let needed = surely_needs_meta(&doc.cv) || crate::import::from_value(&value).ok().map(|i| i.cv).as_ref() != Some(&doc.cv);
    if needed {
        let fp = fingerprint(&value);
        let cv = serde_json::to_value(&doc.cv)?;
        let obj = value.as_object_mut().expect("a résumé is an object");
        let meta = obj.entry("meta").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.insert("vita".into(), json!({ "version": VITA_META_VERSION, "fingerprint": fp, "cv": cv }));
        }
    }
    Ok((value, warnings))
}

/// The whole export as the text of `cv.json`: what [`export`] gives, written
/// straight from the typed résumé and the CV (no JSON value of either, which
/// for a large CV were two copies of it). A CV holding fields kept from an
/// import (`jsonresume-extra`), which go back at their places in the JSON,
/// goes through [`export`].
pub fn export_text(doc: &Document, options: &Options) -> anyhow::Result<(String, Vec<Diagnostic>)> {
    let kept = doc.cv.all_sections().any(|s| matches!(s, Section::Custom(_)) && s.id() == EXTRA_SECTION);
    let (mut resume, warnings) = standard(doc, options);
    if kept || !resume.extra.is_empty() {
        let (value, warnings) = export(doc, options)?;
        return Ok((crate::to_json(&value), warnings));
    }
    let needed = surely_needs_meta(&doc.cv)
        || crate::import::from_value(&serde_json::to_value(&resume)?).ok().map(|i| i.cv).as_ref() != Some(&doc.cv);
    if !needed {
        let mut text = serde_json::to_string_pretty(&resume)?;
        text.push('\n');
        return Ok((text, warnings));
    }
    let (fingerprint, compact) = typed_fingerprint(&resume)?;
    // `meta` last, as the value's `meta` entry, with `vita` after its own fields.
    let meta = resume.meta.take();
    #[derive(serde::Serialize)]
    struct Vita<'a> {
        version: u64,
        fingerprint: String,
        cv: &'a Cv,
    }
    #[derive(serde::Serialize)]
    struct MetaWithVita<'a> {
        #[serde(flatten)]
        meta: Option<Meta>,
        vita: Vita<'a>,
    }
    #[derive(serde::Serialize)]
    struct WithVita<'a> {
        #[serde(flatten)]
        resume: Resume,
        meta: MetaWithVita<'a>,
    }
    let whole = WithVita { resume, meta: MetaWithVita { meta, vita: Vita { version: VITA_META_VERSION, fingerprint, cv: &doc.cv } } };
    // Room for the whole text at once (the résumé and the CV, indented: about
    // four times the résumé's compact JSON), not grown by doubling: a large
    // CV's text is not held twice while it is written.
    let mut bytes = Vec::with_capacity(compact.saturating_mul(4).saturating_add(1024));
    serde_json::to_writer_pretty(&mut bytes, &whole)?;
    bytes.push(b'\n');
    Ok((String::from_utf8(bytes)?, warnings))
}

/// [`fingerprint`] of the value a résumé serialises to, from the résumé;
/// and the length of its canonical JSON.
fn typed_fingerprint(resume: &Resume) -> anyhow::Result<(String, usize)> {
    let (digest, len) = crate::canonical::digest(resume)?;
    Ok((hex(&digest), len))
}

/// Checks a kept field before it goes back into the file: every address in
/// it (a string under a key named like an address, or any string that starts
/// with a scheme) must pass the checks every address of the CV passes.
fn check_extra(pointer: &str, value: &Value) -> Result<(), String> {
    fn walk(key: &str, v: &Value) -> Result<(), String> {
        match v {
            Value::String(s) => {
                let addressy = matches!(key, "url" | "image" | "website" | "href" | "link");
                let scheme = s.split_once(':').is_some_and(|(sch, _)| {
                    sch.len() > 1
                        && sch.starts_with(|c: char| c.is_ascii_alphabetic())
                        && sch.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                });
                if (addressy && !s.is_empty()) || scheme {
                    vita_model::validate::check_url(s).map_err(|(msg, _)| msg)?;
                }
                Ok(())
            }
            Value::Array(items) => items.iter().try_for_each(|i| walk(key, i)),
            Value::Object(m) => m.iter().try_for_each(|(k, v)| walk(k, v)),
            _ => Ok(()),
        }
    }
    let last = pointer.rsplit('/').next().unwrap_or("");
    walk(last, value)
}

/// Whether a JSON Pointer names a value already in the document.
fn exists_at(root: &Value, pointer: &str) -> bool {
    root.pointer(pointer).is_some()
}

/// The top-level fields of the schema.
const TOP_LEVEL: &[&str] = &[
    "$schema",
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
    "meta",
];

/// Puts a value at a JSON Pointer (`/work/0/extraField`), making objects on
/// the way; false when the pointer leads into an entry the document does
/// not have (a list's item, which only the CV's own entries make).
fn insert_at(root: &mut Value, pointer: &str, value: Value) -> bool {
    let parts: Vec<String> = pointer.split('/').skip(1).map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, path)) = parts.split_last() else { return false };
    let mut cur = root;
    for (i, p) in path.iter().enumerate() {
        let next_is_index = path.get(i + 1).or(Some(last)).is_some_and(|n| n.parse::<usize>().is_ok());
        cur = match cur {
            Value::Object(m) if next_is_index && !m.contains_key(p) => return false,
            Value::Object(m) => m.entry(p.clone()).or_insert_with(|| json!({})),
            Value::Array(a) => match p.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match cur {
        Value::Object(m) => {
            m.insert(last.clone(), value);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLES: &[&str] = &[
        include_str!("../../../examples/seojin-park.ron"),
        include_str!("../../../examples/every-kind.ron"),
        include_str!("../../../examples/minimal.ron"),
        include_str!("../../../examples/hostile.ron"),
    ];

    /// The text written from the types is the text of the value, and the
    /// fingerprint from the types the value's.
    #[test]
    fn the_typed_export_writes_what_the_value_gives() {
        let imported = r#"{"basics": {"name": "A. Person", "x-extra": {"b": 1, "a": [true, null]}}, "work": [{"name": "Org", "startDate": "2020"}], "meta": {"theme": "even"}}"#;
        let from_import = crate::import::load(imported).document.expect("imports");
        let mut docs: Vec<Document> = EXAMPLES.iter().map(|s| vita_model::load(s).document.expect("the example is valid")).collect();
        docs.push(from_import);
        // A CV the JSON Resume fields carry whole: no `meta.vita`.
        let plain = r#"{"basics": {"name": "A. Person"}, "work": [{"name": "Org", "position": "P", "startDate": "2020-01"}]}"#;
        docs.push(crate::import::load(plain).document.expect("imports"));
        for doc in &docs {
            let (value, w1) = export(doc, &Options::default()).unwrap();
            let (text, w2) = export_text(doc, &Options::default()).unwrap();
            assert_eq!(text, crate::to_json(&value), "{}", doc.cv.person.name);
            assert_eq!(w1, w2);
            let (resume, _) = standard(doc, &Options::default());
            assert_eq!(typed_fingerprint(&resume).unwrap().0, fingerprint(&serde_json::to_value(&resume).unwrap()));
        }
        let texts: Vec<String> = docs.iter().map(|d| export_text(d, &Options::default()).unwrap().0).collect();
        assert!(texts[0].contains("\"vita\": {"), "the seed keeps its CV");
        assert!(!texts[5].contains("\"vita\""), "{}", texts[5]);
        assert!(texts[4].contains("x-extra"), "{}", texts[4]);
    }
}
