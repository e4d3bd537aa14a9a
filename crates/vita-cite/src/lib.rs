//! Publications in a citation style: the CSL styles bundled with the
//! processor (APA, IEEE, Chicago, MLA, Vancouver, ...) or a user's `.csl`
//! file, formatted by hayagriva (the CSL processor Typst uses) in the CV's
//! language, for every format that prints a publication list.
//!
//! Each publication becomes a CSL-JSON item ([`item`]: its kind a CSL type,
//! its venue the container, volume, issue, pages and publisher, its status
//! the `status` variable), the same item a user could give citeproc-js.
//! Each is formatted on its own, as one entry of a bibliography whose
//! numbering starts at its stable number: a CV's list keeps vita's order
//! and numbers, with no year suffixes (`2022a`) or repeated-author dashes
//! that belong to a bibliography of many works. The result is a
//! [`vita_backend::Reference`]: runs of text with their emphasis, links,
//! and which runs are which author's name, so a format marks the owner and
//! co-first authors inside the formatted string.
//!
//! No I/O: a `.csl` file's text is given by the caller, who read it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::{
    self, taxonomy::Kind, taxonomy::NameVariable, FontStyle, FontWeight, IndependentStyle, Locale, LocaleCode, Style,
};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren, ElemMeta};
use serde_json::{json, Map, Value};
use vita_backend::{Citations, Piece, Reference};
use vita_model::{Author, PubKind, Publication, Status, When};
use vita_view::labels::Labels;

/// A citation style ready to format with.
#[derive(Debug)]
pub struct CitationStyle {
    /// The name the user gave (`apa`, `styles/mine.csl`).
    pub name: String,
    /// The style's own title (`APA Style 7th edition`).
    pub title: String,
    /// Numbered (IEEE, Vancouver): the style numbers its entries.
    pub numeric: bool,
    style: IndependentStyle,
    /// The style as each CSL type reads it (see [`for_kind`]), made when
    /// first needed.
    kinds: Mutex<HashMap<Kind, Arc<IndependentStyle>>>,
}

impl CitationStyle {
    /// The style for an item of a CSL type.
    fn for_kind(&self, kind: Kind) -> Arc<IndependentStyle> {
        let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        kinds.entry(kind).or_insert_with(|| Arc::new(for_kind(&self.style, kind))).clone()
    }
}

/// The bundled styles that have no `<bibliography>` (they format
/// citations only), so cannot format a list of publications.
const CITATIONS_ONLY: &[&str] = &["alphanumeric"];

/// The bundled styles that format a list of works.
fn listing() -> impl Iterator<Item = &'static ArchivedStyle> {
    ArchivedStyle::all().iter().filter(|s| !s.names().iter().any(|n| CITATIONS_ONLY.contains(n)))
}

/// The bundled styles, by name: each one's shortest name (`apa`), its
/// title, and its other names (`american-psychological-association`).
pub fn bundled() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let mut v: Vec<(&'static str, &'static str, Vec<&'static str>)> = listing()
        .map(|s| {
            let mut names = s.names().to_vec();
            names.sort_by_key(|n| (n.len(), *n));
            let short = names.remove(0);
            (short, s.display_name(), names)
        })
        .collect();
    v.sort();
    v
}

/// Every name a bundled style answers to (`mla` and
/// `modern-language-association`).
pub fn bundled_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = listing().flat_map(|s| s.names().iter().copied()).collect();
    v.sort();
    v
}

/// Why a style cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleError {
    /// No bundled style has this name; the names that come closest.
    Unknown(Vec<&'static str>),
    /// A `.csl` file that is not a usable style: what is wrong.
    Bad(String),
}

/// A bundled style by name (`apa`, `ieee`, `chicago-author-date`,
/// `vancouver`; `bundled()` lists them), decoded once per process.
pub fn by_name(name: &str) -> Result<Shared, StyleError> {
    static DECODED: Mutex<Vec<Shared>> = Mutex::new(Vec::new());
    let Some(archived) = ArchivedStyle::by_name(name) else {
        return Err(StyleError::Unknown(closest(name)));
    };
    if archived.names().iter().any(|n| CITATIONS_ONLY.contains(n)) {
        return Err(StyleError::Bad(format!("the style `{name}` formats citations only: it has no bibliography to list publications in")));
    }
    if let Some(s) = DECODED.lock().ok().and_then(|d| d.iter().find(|s| s.name == name).cloned()) {
        return Ok(s);
    }
    let title = archived.display_name().to_string();
    let style = match archived.get() {
        Style::Independent(style) => ready(name, title, style),
        Style::Dependent(d) => {
            parent(&d.parent_link.href).map(|p| ready(name, title, p)).ok_or_else(|| StyleError::Unknown(closest(name)))?
        }
    };
    let style = Arc::new(style);
    if let Ok(mut d) = DECODED.lock() {
        d.push(style.clone());
    }
    Ok(style)
}

/// A style from the text of a `.csl` file (`name` is how the user named
/// the file). A dependent style (one that names a parent) is given its
/// parent when vita bundles it.
pub fn from_csl(name: &str, xml: &str) -> Result<CitationStyle, StyleError> {
    shape(xml).map_err(StyleError::Bad)?;
    let style = Style::from_xml(xml).map_err(|e| StyleError::Bad(format!("not a CSL style: {e}")))?;
    match style {
        Style::Independent(style) => {
            if style.bibliography.is_none() {
                return Err(StyleError::Bad("the style has no <bibliography>: it formats citations only".into()));
            }
            let title = style.info.title.value.clone();
            Ok(ready(name, title, style))
        }
        Style::Dependent(d) => {
            let href = d.parent_link.href.clone();
            let parent = parent(&href).ok_or_else(|| {
                StyleError::Bad(format!("a dependent style whose parent ({href}) vita does not bundle; give the parent's .csl file"))
            })?;
            if parent.bibliography.is_none() {
                return Err(StyleError::Bad("its parent style has no <bibliography>: it formats citations only".into()));
            }
            Ok(ready(name, d.info.title.value.clone(), parent))
        }
    }
}

/// Checks a style file's shape before it is read into a style: XML
/// nested at most [`vita_view::xml::MAX_DEPTH`] deep, and no macro that
/// calls itself, directly or through others (the processor would follow
/// it forever).
fn shape(xml: &str) -> Result<(), String> {
    let root = vita_view::xml::read(xml)?;
    fn called(e: &vita_view::xml::Element, out: &mut Vec<String>) {
        if let Some(m) = e.attrs.get("macro") {
            out.push(m.clone());
        }
        for c in &e.children {
            called(c, out);
        }
    }
    let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in root.all("macro") {
        let mut out = Vec::new();
        for c in &m.children {
            called(c, &mut out);
        }
        calls.entry(m.attrs.get("name").cloned().unwrap_or_default()).or_default().extend(out);
    }
    check_calls(&calls)
}

/// The most macros one entry may expand (with repeats): the bundled styles
/// expand at most about 3,000 (APA).
pub const MAX_EXPANSIONS: u64 = 200_000;

/// No macro calls itself, and no macro expands into more than
/// [`MAX_EXPANSIONS`] macros (a style whose macros each call the next
/// twice would double at each step).
fn check_calls(calls: &BTreeMap<String, Vec<String>>) -> Result<(), String> {
    // A macro reached again from itself: a cycle.
    for start in calls.keys() {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo: Vec<&str> = calls[start].iter().map(String::as_str).collect();
        while let Some(m) = todo.pop() {
            if m == start {
                return Err(format!("the macro `{start}` calls itself"));
            }
            if !seen.contains(&m) {
                seen.push(m);
                todo.extend(calls.get(m).into_iter().flatten().map(String::as_str));
            }
        }
    }
    // Without cycles, each macro's expansions from those of the ones it calls.
    fn expansions<'a>(m: &'a str, calls: &'a BTreeMap<String, Vec<String>>, memo: &mut BTreeMap<&'a str, u64>) -> u64 {
        if let Some(n) = memo.get(m) {
            return *n;
        }
        let n = calls.get(m).into_iter().flatten().fold(1u64, |n, c| n.saturating_add(expansions(c, calls, memo)));
        memo.insert(m, n);
        n
    }
    let mut memo = BTreeMap::new();
    for m in calls.keys() {
        if expansions(m, calls, &mut memo) > MAX_EXPANSIONS {
            return Err(format!("the macro `{m}` expands into more than {MAX_EXPANSIONS} macros"));
        }
    }
    Ok(())
}

/// The bundled style a dependent style's parent link names
/// (`http://www.zotero.org/styles/apa`).
fn parent(href: &str) -> Option<IndependentStyle> {
    let id = href.trim_end_matches('/').rsplit('/').next()?;
    match ArchivedStyle::by_name(id)?.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(_) => None,
    }
}

/// The style made ready: its citation layout and sorting emptied (a CV
/// prints no in-text citations, and keeps its own order), which also
/// makes each entry quicker to format.
fn ready(name: &str, title: String, mut style: IndependentStyle) -> CitationStyle {
    let numeric = style.info.category.iter().any(|c| matches!(c, citationberg::StyleCategory::CitationFormat { format, .. } if matches!(format, citationberg::CitationFormat::Numeric)));
    style.citation.layout.elements.clear();
    style.citation.sort = None;
    style.citation.disambiguate_add_givenname = false;
    style.citation.disambiguate_add_names = false;
    style.citation.disambiguate_add_year_suffix = false;
    if let Some(b) = style.bibliography.as_mut() {
        b.sort = None;
        b.subsequent_author_substitute = None;
        named(&mut b.layout.elements);
    }
    for m in &mut style.macros {
        named(&mut m.children);
    }
    CitationStyle { name: name.to_string(), title, numeric, style, kinds: Mutex::default() }
}

/// The style as an item of one CSL type reads it: every `cs:choose`
/// test of the type decided, and the branches the type never takes
/// gone. It formats exactly as the whole style does; the processor no
/// longer parses the item's type at each test, nor looks into branches
/// it cannot take (a quarter of the time APA took).
fn for_kind(style: &IndependentStyle, kind: Kind) -> IndependentStyle {
    let mut style = style.clone();
    if let Some(b) = style.bibliography.as_mut() {
        decide(&mut b.layout.elements, kind);
    }
    for m in &mut style.macros {
        decide(&mut m.children, kind);
    }
    style
}

fn decide(elements: &mut [citationberg::LayoutRenderingElement], kind: Kind) {
    use citationberg::{ChooseBranch, ElseBranch, LayoutRenderingElement as E, NamesChild};
    for e in elements {
        match e {
            E::Group(g) => decide(&mut g.children, kind),
            E::Names(n) => {
                for c in &mut n.children {
                    if let NamesChild::Substitute(s) = c {
                        decide(&mut s.children, kind);
                    }
                }
            }
            E::Choose(c) => {
                let mut open: Vec<ChooseBranch> = Vec::new();
                let mut otherwise = c.otherwise.take();
                let mut branches = std::iter::once(std::mem::replace(&mut c.if_, never())).chain(c.else_if.drain(..));
                for mut b in branches.by_ref() {
                    match settle(&mut b, kind) {
                        Some(false) => {}
                        // Taken whenever the open branches before it are not.
                        Some(true) => {
                            otherwise = Some(ElseBranch { children: b.children });
                            break;
                        }
                        None => open.push(b),
                    }
                }
                drop(branches);
                let mut open = open.into_iter();
                match open.next() {
                    Some(first) => {
                        c.if_ = first;
                        c.else_if = open.collect();
                        c.otherwise = otherwise;
                    }
                    None => {
                        let mut only = never();
                        if let Some(o) = otherwise {
                            // No test, all of them passed: always taken.
                            only.match_ = citationberg::ChooseMatch::All;
                            only.children = o.children;
                        }
                        c.if_ = only;
                    }
                }
                decide(&mut c.if_.children, kind);
                for b in &mut c.else_if {
                    decide(&mut b.children, kind);
                }
                if let Some(o) = &mut c.otherwise {
                    decide(&mut o.children, kind);
                }
            }
            _ => {}
        }
    }
}

/// A branch no item takes: no test, any of which must pass.
fn never() -> citationberg::ChooseBranch {
    citationberg::ChooseBranch {
        disambiguate: None,
        is_numeric: None,
        is_uncertain_date: None,
        locator: None,
        position: None,
        type_: None,
        variable: None,
        match_: citationberg::ChooseMatch::Any,
        children: Vec::new(),
    }
}

/// Decides a branch's type tests for an item of `kind`: whether the
/// branch is taken whatever its other tests say, or not taken, or (its
/// type tests removed) up to its other tests.
fn settle(b: &mut citationberg::ChooseBranch, kind: Kind) -> Option<bool> {
    use citationberg::ChooseMatch;
    let types = b.type_.take()?;
    let others = b.disambiguate.is_some()
        || b.is_numeric.is_some()
        || b.is_uncertain_date.is_some()
        || b.locator.is_some()
        || b.position.is_some()
        || b.variable.is_some();
    let hit = types.contains(&kind);
    let all = types.iter().all(|t| *t == kind);
    match b.match_ {
        ChooseMatch::All if !all => Some(false),
        ChooseMatch::Any if hit => Some(true),
        ChooseMatch::None if hit => Some(false),
        // The type tests passed (or, for `any`, decide nothing): the rest decide.
        ChooseMatch::All | ChooseMatch::None => (!others).then_some(true),
        ChooseMatch::Any => (!others).then_some(false),
    }
}

/// Gives every `cs:names` without a `cs:name` the default one, as the CSL
/// specification reads it. hayagriva 0.10 prints no name at all for a
/// `cs:names` that has a `cs:label` and no `cs:name` (the author list of
/// the NLM styles, `vancouver` among them).
fn named(elements: &mut [citationberg::LayoutRenderingElement]) {
    use citationberg::{LayoutRenderingElement as E, NamesChild};
    for e in elements {
        match e {
            E::Names(n) if n.name().is_none() => {
                // A `cs:names` inside `cs:substitute` takes its parent's
                // `cs:name`, so only those outside one are given the default.
                n.children.insert(0, NamesChild::Name(Default::default()));
            }
            E::Group(g) => named(&mut g.children),
            E::Choose(c) => {
                named(&mut c.if_.children);
                for b in &mut c.else_if {
                    named(&mut b.children);
                }
                if let Some(o) = &mut c.otherwise {
                    named(&mut o.children);
                }
            }
            _ => {}
        }
    }
}

/// The bundled names closest to a misspelt one (for did-you-mean).
fn closest(name: &str) -> Vec<&'static str> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = bundled_names()
        .into_iter()
        .map(|n| {
            let prefix = if n.starts_with(&lower) && !lower.is_empty() { 0.5 } else { 0.0 };
            (strsim::jaro_winkler(&lower, n) + prefix, n)
        })
        .filter(|(s, _)| *s > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The CSL locales a language reads from, decoded once per process and
/// language: its own (`de-AT`), its base's (`de-DE`), and American
/// English, the fallback of every term; decoding all 64 would cost a
/// build some 50 ms, and every term looked up searches the list given.
fn locales_for(lang: Option<&LocaleCode>) -> Arc<[Locale]> {
    static HEADS: OnceLock<Vec<Option<String>>> = OnceLock::new();
    /// The locales chosen, by the language asked for.
    type Chosen = BTreeMap<Option<String>, Arc<[Locale]>>;
    static CHOSEN: Mutex<Chosen> = Mutex::new(BTreeMap::new());
    let key = lang.map(|l| l.0.clone());
    let mut chosen = CHOSEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = chosen.get(&key) {
        return found.clone();
    }
    let heads = HEADS.get_or_init(|| LOCALES.iter().map(|bytes| head(bytes)).collect());
    let mut wanted: Vec<String> = Vec::new();
    if let Some(l) = lang {
        wanted.push(l.0.clone());
        if let Some(base) = l.fallback() {
            wanted.push(base.0);
        }
    }
    wanted.push(LocaleCode::en_us().0);
    let picked: Arc<[Locale]> = heads
        .iter()
        .zip(LOCALES)
        .filter(|(head, _)| head.as_ref().is_some_and(|h| wanted.contains(h)))
        .filter_map(|(_, bytes)| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
        .collect();
    chosen.insert(key, picked.clone());
    picked
}

/// A CSL locale file's language, read from the start of its CBOR (a map
/// whose first key is `@xml:lang`) without decoding the rest.
fn head(bytes: &[u8]) -> Option<String> {
    use ciborium_ll::{Decoder, Header};
    let mut d = Decoder::from(bytes);
    let (Header::Map(_), Header::Text(Some(n))) = (d.pull().ok()?, d.pull().ok()?) else { return None };
    let at = d.offset();
    if bytes.get(at..at + n)? != b"@xml:lang" {
        return None;
    }
    let mut d = Decoder::from(bytes.get(at + n..)?);
    let Header::Text(Some(m)) = d.pull().ok()? else { return None };
    let start = at + n + d.offset();
    std::str::from_utf8(bytes.get(start..start + m)?).ok().map(str::to_string)
}

/// The words a status prints as in a language (`To appear`); none for
/// a published work.
pub fn status_words(words: &Labels, s: Status) -> Option<String> {
    Some(match s {
        Status::ToAppear => words.to_appear.to_string(),
        Status::Accepted => words.statuses[0].to_string(),
        Status::UnderReview => words.statuses[1].to_string(),
        Status::Submitted => words.statuses[2].to_string(),
        Status::InPreparation => words.statuses[3].to_string(),
        Status::Published => return None,
    })
}

/// A publication as a CSL-JSON item (`id` its vita id), as citeproc-js
/// and hayagriva read it; a status in the words of `words`.
pub fn item(p: &Publication, words: &Labels) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(p.id));
    let kind = match p.kind {
        PubKind::Conference | PubKind::Workshop => "paper-conference",
        PubKind::Journal => "article-journal",
        PubKind::Preprint => "article",
        PubKind::Book => "book",
        PubKind::Chapter => "chapter",
        PubKind::Thesis => "thesis",
        PubKind::Poster => "speech",
        PubKind::Report => "report",
        PubKind::Patent => "patent",
        PubKind::Software => "software",
        PubKind::Dataset => "dataset",
        PubKind::Other => "document",
    };
    m.insert("type".into(), json!(kind));
    m.insert("title".into(), json!(p.title));
    let names: Vec<Value> = p.authors.iter().filter(|a| !a.is_et_al()).map(name).collect();
    if !names.is_empty() {
        m.insert("author".into(), Value::Array(names));
    }
    if let Some(When::Date(d)) = &p.date {
        let mut parts = vec![json!(d.year)];
        if let Some(month) = d.month {
            parts.push(json!(month));
            if let Some(day) = d.day {
                parts.push(json!(day));
            }
        }
        m.insert("issued".into(), json!({ "date-parts": [parts] }));
    } else if let Some(When::Term { year, .. }) = &p.date {
        m.insert("issued".into(), json!({ "date-parts": [[year]] }));
    }
    if p.status != Status::Published {
        if let Some(words) = status_words(words, p.status) {
            m.insert("status".into(), json!(words));
        }
    }
    if let Some(v) = &p.venue {
        let put = |m: &mut Map<String, Value>, k: &str, x: &Option<String>| {
            if let Some(x) = x {
                m.insert(k.into(), json!(x));
            }
        };
        put(&mut m, "volume", &v.volume);
        put(&mut m, "issue", &v.issue);
        put(&mut m, "page", &v.pages);
        put(&mut m, "number", &v.article);
        let publisher_or_name = || v.publisher.clone().unwrap_or_else(|| v.name.clone());
        // A book's edition is the edition; a meeting's (`20th`) is part of its name.
        let with_edition = match (&v.edition, p.kind) {
            (Some(e), PubKind::Conference | PubKind::Workshop | PubKind::Poster) => format!("{e} {}", v.name),
            _ => v.name.clone(),
        };
        match p.kind {
            PubKind::Book | PubKind::Preprint | PubKind::Thesis | PubKind::Report => {
                put(&mut m, "edition", if p.kind == PubKind::Book { &v.edition } else { &None });
                m.insert("publisher".into(), json!(publisher_or_name()));
                if v.publisher.is_some() && p.kind != PubKind::Preprint {
                    m.insert("collection-title".into(), json!(v.name));
                }
                put(&mut m, "publisher-place", &v.location);
            }
            // The office that granted it; the country where it holds.
            PubKind::Patent => {
                m.insert("authority".into(), json!(publisher_or_name()));
                put(&mut m, "jurisdiction", &v.location);
            }
            PubKind::Software | PubKind::Dataset => {
                m.insert("publisher".into(), json!(publisher_or_name()));
                put(&mut m, "version", &v.edition);
                put(&mut m, "publisher-place", &v.location);
            }
            PubKind::Poster => {
                m.insert("genre".into(), json!("Poster"));
                m.insert("event-title".into(), json!(with_edition));
                put(&mut m, "event-place", &v.location);
                put(&mut m, "publisher", &v.publisher);
            }
            _ => {
                // `short` (`NSDI`, `TOCS`) is vita's tag of the venue, not a
                // journal's standard abbreviation: no `container-title-short`.
                m.insert("container-title".into(), json!(with_edition));
                put(&mut m, "publisher", &v.publisher);
                if matches!(p.kind, PubKind::Conference | PubKind::Workshop) {
                    put(&mut m, "event-place", &v.location);
                } else {
                    put(&mut m, "publisher-place", &v.location);
                }
                if p.kind == PubKind::Chapter {
                    put(&mut m, "edition", &v.edition);
                }
            }
        }
    }
    if let Some(doi) = &p.links.doi {
        m.insert("DOI".into(), json!(doi));
    }
    if let Some(url) = &p.links.paper {
        m.insert("URL".into(), json!(url));
    }
    Value::Object(m)
}

/// An author as a CSL name: an organisation (family name the whole name)
/// literal; else the family name (the given one, or the name's last word)
/// and the rest as given names.
fn name(a: &Author) -> Value {
    let full = a.name.trim();
    let family = a.family.as_deref().map(str::trim).unwrap_or_else(|| full.rsplit(' ').next().unwrap_or(full));
    if family == full {
        return json!({ "literal": full });
    }
    let given = full.strip_suffix(family).or_else(|| full.strip_prefix(family)).unwrap_or(full).trim();
    if given.is_empty() {
        return json!({ "literal": full });
    }
    // Lower-case words before the family name are its particle (`van der
    // Spoel`, `de Fernex`), which styles print or sort apart.
    let words: Vec<&str> = family.split(' ').collect();
    let particles = words.iter().take_while(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
    if particles > 0 && particles < words.len() {
        return json!({ "family": words[particles..].join(" "), "given": given, "non-dropping-particle": words[..particles].join(" ") });
    }
    json!({ "family": family, "given": given })
}

/// Formats publications (each with its stable number) in a style and a
/// language (`de`; none: the style's own, else American English), on at
/// most `workers` threads: each entry is formatted alone, so a long list
/// splits into parts with the same result.
pub fn format(style: &CitationStyle, lang: Option<&str>, pubs: &[(&Publication, u32)], words: &Labels, workers: usize) -> Citations {
    let locale = lang.map(|l| LocaleCode(l.to_string())).or_else(|| style.style.default_locale.clone());
    let locales = locales_for(locale.as_ref());
    // A thread costs some 50 µs to start, a complex style's entry a
    // quarter of a millisecond: a part of four entries is worth it.
    let parts = workers.min(pubs.len() / 4).max(1);
    let mut references = BTreeMap::new();
    if parts == 1 {
        references = format_part(style, locale.as_ref(), &locales, pubs, words, true);
    } else {
        let size = pubs.len().div_ceil(parts);
        std::thread::scope(|scope| {
            let running: Vec<_> =
                pubs.chunks(size).map(|part| scope.spawn(|| format_part(style, locale.as_ref(), &locales, part, words, true))).collect();
            for done in running {
                // A part that panicked leaves its entries in vita's own format.
                references.extend(done.join().unwrap_or_default());
            }
        });
    }
    Citations { style: style.name.clone(), references }
}

/// Formats some publications, each alone (by the style `decided` for its
/// type, or the whole style).
fn format_part(
    style: &CitationStyle,
    locale: Option<&LocaleCode>,
    locales: &[Locale],
    pubs: &[(&Publication, u32)],
    words: &Labels,
    decided: bool,
) -> BTreeMap<String, Reference> {
    let mut references = BTreeMap::new();
    for (p, number) in pubs {
        let mut value = item(p, words);
        let guarded = guard_numbers(&mut value);
        let kind = value["type"].as_str().and_then(|t| t.parse::<Kind>().ok()).filter(|_| decided);
        let Ok(entry) = serde_json::from_value::<citationberg::json::Item>(value) else { continue };
        let read = kind.map(|k| style.for_kind(k));
        let csl = read.as_deref().unwrap_or(&style.style);
        let mut driver = BibliographyDriver::new().with_citation_number_offset((*number as usize).saturating_sub(1));
        driver.citation(CitationRequest::from_items(vec![CitationItem::with_entry(&entry)], csl, locales));
        let rendered = driver.finish(BibliographyRequest::new(csl, locale.cloned(), locales));
        let Some(item) = rendered.bibliography.and_then(|b| b.items.into_iter().next()) else { continue };
        let mut pieces = Vec::new();
        walk(&item.content, None, &mut pieces);
        if guarded {
            for piece in &mut pieces {
                piece.text = piece.text.replace(COMMA, ",").replace(HYPHEN, "-");
            }
        }
        trim(&mut pieces);
        keep_case(&mut pieces, p);
        tidy(&mut pieces);
        references.insert(p.id.clone(), Reference { pieces });
    }
    references
}

/// A shared style for a build's targets.
pub type Shared = Arc<CitationStyle>;

/// Stand-ins (private-use characters) for the comma and the hyphen of a
/// number written as text, which hayagriva 0.10 reads as structure.
const COMMA: char = '\u{e000}';
const HYPHEN: char = '\u{e001}';

/// Volume, issue and number given to hayagriva so that it prints them as
/// written, as citeproc-js does: of those hayagriva reads as more than
/// one number, a number in thousands (a patent's `11,234,567`, read as a
/// list: `Nos 11, 234, 567`) and an identifier with hyphens (`TR24-021`,
/// `INL/LTD-19-52963`, read as ranges: `TR24–21`) get stand-ins, put back
/// after; a range of plain numbers (`4-6`) is the style's to print
/// (`4–6`). Whether any was.
fn guard_numbers(item: &mut Value) -> bool {
    if item.to_string().contains([COMMA, HYPHEN]) {
        return false;
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let mut guarded = false;
    for key in ["volume", "issue", "number"] {
        let Some(n) = item.get(key).and_then(Value::as_str) else { continue };
        // Only what hayagriva reads as more than one number.
        let set = n.parse::<hayagriva::types::Numeric>().is_ok_and(|x| matches!(x.value, hayagriva::types::NumericValue::Set(_)));
        let mut kept = n.to_string();
        if set && thousands(n) {
            kept = kept.replace(',', &COMMA.to_string());
        }
        if let Some((head, tail)) = n.split_once('-').filter(|_| set) {
            if !(digits(head) && digits(tail) && !tail.starts_with('0')) {
                kept = kept.replace('-', &HYPHEN.to_string());
            }
        }
        if kept != n {
            item[key] = json!(kept);
            guarded = true;
        }
    }
    guarded
}

/// A number written in groups of three digits (`11,234,567`).
fn thousands(n: &str) -> bool {
    let mut groups = n.split(',');
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    n.contains(',') && (1..=3).contains(&first.len()) && digits(first) && groups.all(|g| g.len() == 3 && digits(g))
}

/// Flattens rendered elements into pieces, noting which author's name each is part of.
fn walk(children: &ElemChildren, author: Option<usize>, out: &mut Vec<Piece>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => push(out, &f.text, &f.formatting, None, author),
            ElemChild::Link { text, url } => push(out, &text.text, &text.formatting, Some(url.clone()), author),
            ElemChild::Markup(m) => push(out, m, &Default::default(), None, author),
            ElemChild::Elem(e) => {
                // A block (a style's second line) reads on after a space.
                if e.display.is_some() && !out.is_empty() && !out.last().is_some_and(|p: &Piece| p.text.ends_with(' ')) {
                    push(out, " ", &Default::default(), None, None);
                }
                let who = match &e.meta {
                    Some(ElemMeta::Name(NameVariable::Author, i)) => Some(*i),
                    _ => author,
                };
                walk(&e.children, who, out);
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn push(out: &mut Vec<Piece>, text: &str, f: &hayagriva::Formatting, link: Option<String>, author: Option<usize>) {
    if text.is_empty() {
        return;
    }
    let emph = f.font_style == FontStyle::Italic;
    let strong = f.font_weight == FontWeight::Bold;
    if let Some(last) = out.last_mut() {
        if last.emph == emph && last.strong == strong && last.link.is_none() && link.is_none() && last.author == author {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Piece { text: text.to_string(), emph, strong, link, author });
}

/// English words a title-cased title keeps in lower case (the CSL
/// specification's stop words, those a CV's titles hold).
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on", "onto", "or", "over", "so", "the",
    "to", "up", "upon", "via", "with", "yet",
];

/// Words of the title and venue printed in their own case where title
/// case would change them against the CSL specification: words written
/// with capitals inside (`RPCs`, `DispersedLedger`, `NSDI`), whose case
/// "stays the same", and stop words the source has in lower case, which
/// stay so unless first or after a colon. hayagriva 0.10 lowercases the
/// inner capitals and capitalises a stop word after a comma.
fn keep_case(pieces: &mut [Piece], p: &Publication) {
    let sources = std::iter::once(p.title.as_str()).chain(p.venue.as_ref().map(|v| v.name.as_str()));
    let mut words: Vec<&str> = Vec::new();
    let mut stops: Vec<&str> = Vec::new();
    let mut all: Vec<&str> = Vec::new();
    for s in sources {
        for w in s.split(|c: char| !c.is_alphanumeric()) {
            all.push(w);
            if w.chars().skip(1).any(char::is_uppercase) && !words.contains(&w) {
                words.push(w);
            } else if STOP_WORDS.contains(&w) && !stops.contains(&w) {
                stops.push(w);
            }
        }
    }
    if words.is_empty() && stops.is_empty() {
        return;
    }
    for piece in pieces.iter_mut() {
        // Addresses print as they are.
        if piece.link.is_some() || piece.text.contains("://") {
            continue;
        }
        let mut out = String::with_capacity(piece.text.len());
        let mut rest = piece.text.as_str();
        while !rest.is_empty() {
            let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
            let (word, tail) = rest.split_at(end);
            // A word the style set in capitals (`text-case="uppercase"`) stays so.
            let damaged = word.chars().any(char::is_lowercase);
            let lower = word.to_lowercase();
            let before = out.trim_end_matches([' ', '\u{201c}', '"', '\'']);
            let opening = before.is_empty() || before.ends_with([':', '.', '?', '!', '\u{201c}']);
            match words.iter().find(|w| damaged && **w != word && w.to_lowercase() == lower) {
                Some(w) => out.push_str(w),
                // Capitalised by the style, not by the author.
                None if damaged && !opening && word != lower && stops.contains(&lower.as_str()) && !all.contains(&word) => {
                    out.push_str(&lower)
                }
                None => out.push_str(word),
            }
            let sep = tail.chars().next().map_or(0, char::len_utf8);
            out.push_str(&tail[..sep]);
            rest = &tail[sep..];
        }
        piece.text = out;
    }
}

/// Punctuation as citeproc-js leaves it where an element printed nothing:
/// no delimiter before a closing bracket (`(2023,)`), no space before a
/// semicolon or colon that follows a number or a letter (`Aug ;33`,
/// `264 : 28`), and one mark where two meet (`CoRR,.`, `Vortices?.`).
fn tidy(pieces: &mut [Piece]) {
    /// Two marks that meet, and the one kept (0 the first, 1 the second).
    const MEET: &[(char, char, usize)] = &[(',', ')', 1), (',', '.', 1), ('?', '.', 0), ('!', '.', 0), ('?', ':', 0)];
    // Where two pieces meet.
    for i in 1..pieces.len() {
        let (a, b) = pieces.split_at_mut(i);
        let (prev, next) = (&mut a[i - 1], &mut b[0]);
        if prev.link.is_some() || next.link.is_some() {
            continue;
        }
        let (Some(x), Some(y)) = (prev.text.chars().last(), next.text.chars().next()) else { continue };
        match MEET.iter().find(|(p, n, _)| *p == x && *n == y) {
            Some((_, _, 1)) => {
                prev.text.pop();
            }
            Some(_) => {
                next.text.remove(0);
            }
            None => {}
        }
    }
    for i in 1..pieces.len() {
        if pieces[i - 1].text.ends_with(' ') && pieces[i].text.starts_with(' ') && pieces[i].link.is_none() {
            pieces[i].text.remove(0);
        }
    }
    for piece in pieces.iter_mut().filter(|p| p.link.is_none()) {
        let t = &mut piece.text;
        for (x, y, keep) in MEET {
            let pair: String = [*x, *y].iter().collect();
            if t.contains(&pair) {
                *t = t.replace(&pair, &[*x, *y][*keep].to_string());
            }
        }
        // A full stop of the data and the style's (`Sci. Adv..`,
        // `Appearance..”`): one, where two stand alone (not an ellipsis).
        let mut from = 0;
        while let Some(found) = t[from..].find("..") {
            let at = from + found;
            if t[..at].ends_with('.') || t[at + 2..].starts_with('.') {
                from = at + 2 + t[at + 2..].chars().take_while(|c| *c == '.').count();
                continue;
            }
            t.remove(at);
            from = at + 1;
        }
        // One space where an empty element left two (IEEE's `Implementation,  2023`).
        while t.contains("  ") {
            *t = t.replace("  ", " ");
        }
        for mark in [" ;", " :"] {
            while let Some(at) = t.find(mark) {
                // French puts a space before these; only a space after a word or number is dropped.
                if !t[..at].ends_with(|c: char| c.is_alphanumeric()) {
                    break;
                }
                t.replace_range(at..at + 1, "");
            }
        }
    }
}

/// No space at the ends.
fn trim(pieces: &mut Vec<Piece>) {
    if let Some(first) = pieces.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = pieces.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    pieces.retain(|p| !p.text.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundled style's text, serialised again (for the checks a file gets).
    fn bundled_xml(name: &str) -> Option<String> {
        let xml = ArchivedStyle::by_name(name)?.get().to_xml().ok()?;
        let body = xml.strip_prefix("<style").unwrap_or(&xml);
        Some(format!("<style xmlns=\"http://purl.org/net/xbiblio/csl\"{body}"))
    }

    fn csl(macros: &str) -> String {
        format!(
            "<style xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\" class=\"in-text\"><info><title>T</title><id>t</id>\
             <updated>2020-01-01T00:00:00+00:00</updated></info>{macros}<citation><layout><text variable=\"title\"/></layout></citation>\
             <bibliography><layout><text macro=\"m0\"/></layout></bibliography></style>"
        )
    }

    #[test]
    fn a_style_whose_macros_call_themselves_or_double_is_refused() {
        let looped = csl("<macro name=\"m0\"><text macro=\"m1\"/></macro><macro name=\"m1\"><group><text macro=\"m0\"/></group></macro>");
        assert_eq!(shape(&looped), Err("the macro `m0` calls itself".into()));
        let doubling: String =
            (0..30).map(|i| format!("<macro name=\"m{i}\"><text macro=\"m{0}\"/><text macro=\"m{0}\"/></macro>", i + 1)).collect();
        let doubling = csl(&(doubling + "<macro name=\"m30\"><text variable=\"title\"/></macro>"));
        assert_eq!(shape(&doubling), Err(format!("the macro `m0` expands into more than {MAX_EXPANSIONS} macros")));
        assert!(from_csl("mine.csl", &doubling).is_err());
    }

    #[test]
    fn every_style_decided_for_a_type_formats_as_the_whole_style() {
        // The seed's publications and the example of every kind, each as every kind.
        let cvs = [include_str!("../../../examples/every-kind.ron"), include_str!("../../../examples/seojin-park.ron")];
        let mut all: Vec<Publication> = Vec::new();
        for cv in cvs {
            let doc = vita_model::load(cv).document.unwrap();
            for p in doc.cv.publications() {
                for kind in [
                    PubKind::Conference,
                    PubKind::Journal,
                    PubKind::Workshop,
                    PubKind::Preprint,
                    PubKind::Book,
                    PubKind::Chapter,
                    PubKind::Thesis,
                    PubKind::Poster,
                    PubKind::Report,
                    PubKind::Patent,
                    PubKind::Software,
                    PubKind::Dataset,
                    PubKind::Other,
                ] {
                    all.push(Publication { id: format!("{}-{kind:?}", p.id), kind, ..p.clone() });
                }
            }
        }
        let pubs: Vec<(&Publication, u32)> = all.iter().zip(1..).collect();
        assert!(pubs.len() > 100);
        let words = Labels::english();
        for (name, _, _) in bundled() {
            let style = by_name(name).unwrap();
            let locale = style.style.default_locale.clone();
            let locales = locales_for(locale.as_ref());
            let decided = format_part(&style, locale.as_ref(), &locales, &pubs, words, true);
            let ids: std::collections::BTreeSet<&str> = pubs.iter().map(|(p, _)| p.id.as_str()).collect();
            assert_eq!(decided, format_part(&style, locale.as_ref(), &locales, &pubs, words, false), "{name}");
            assert_eq!(decided.len(), ids.len(), "{name}");
        }
    }

    #[test]
    fn the_styles_listed_are_those_with_a_bibliography() {
        for s in ArchivedStyle::all() {
            let style = match s.get() {
                Style::Independent(i) => i,
                Style::Dependent(d) => parent(&d.parent_link.href).unwrap(),
            };
            let listed = bundled_names().contains(&s.names()[0]);
            assert_eq!(listed, style.bibliography.is_some(), "{:?}", s.names());
        }
        assert_eq!(
            by_name("alphanumeric").unwrap_err(),
            StyleError::Bad("the style `alphanumeric` formats citations only: it has no bibliography to list publications in".into())
        );
    }

    #[test]
    fn every_bundled_style_passes_the_checks_a_file_gets() {
        for (name, _, _) in bundled() {
            let xml = bundled_xml(name).unwrap();
            assert_eq!(shape(&xml), Ok(()), "{name}");
        }
    }
}
