//! Publications read from a file and joined to a section.
//!
//! A publication section may name a file (`from: "papers.bib"`). A reader
//! (BibTeX, CSL-JSON, ORCID: each in its own crate) turns the file's text
//! into [`SourceEntry`]s; [`merge`] then leaves out the excluded ones, lays
//! the section's `overlay` over the rest, adds them to the entries written
//! in RON and orders the whole list. Nothing here reads a file.
//!
//! The merged section is validated like a hand-written one. Its entries'
//! paths (`sections[2].entries[5].title`) name no place in the CV for the
//! file's entries, so [`Merged::place`] tells the caller where a
//! diagnostic of the merged section belongs: in the CV (an entry written
//! there, at its index before ordering) or in the file (an entry of it).

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use std::collections::HashMap;

use crate::validate::closest;
use crate::{Diagnostic, Order, Overlay, Pos, Publication, PublicationList, When};

/// One publication read from a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceEntry {
    /// Its key in the file (a citation key; for a file without keys, one
    /// the reader makes, such as the DOI).
    pub key: String,
    /// The publication; its `id` is the key.
    pub publication: Publication,
    /// Where the entry starts in the file.
    pub pos: Option<Pos>,
    /// Where fields of the publication come from in the file, by the
    /// field's path in the publication (`.title`, `.links.doi`), so that a
    /// problem with one points at it.
    pub fields: Vec<(&'static str, Pos)>,
}

impl SourceEntry {
    /// Where a field (a path within the publication, such as
    /// `.venue.name`) comes from: its own position, or the entry's.
    pub fn pos_of(&self, rest: &str) -> Option<Pos> {
        self.fields
            .iter()
            .filter(|(p, _)| rest == *p || rest.strip_prefix(*p).is_some_and(|after| after.starts_with(['.', '['])))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, pos)| *pos)
            .or(self.pos)
    }
}

/// What a reader made of a file: its entries and the problems found, the
/// latter positioned in the file, with the entry's key as their path.
#[derive(Clone, Debug, Default)]
pub struct SourceRead {
    /// The entries, in the file's order.
    pub entries: Vec<SourceEntry>,
    /// Errors and warnings about the file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where an entry of a merged section came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the CV, at this index of `entries`.
    Written(usize),
    /// Read from the file: this index of the reader's entries.
    Read(usize),
}

/// The result of [`merge`]: where each entry of the section came from, and
/// the problems of the overlay and exclusions (with paths in the CV).
#[derive(Clone, Debug, Default)]
pub struct Merged {
    /// The section's path (`sections[2]`).
    pub path: String,
    /// For each entry of the merged section, in order, its origin.
    pub origins: Vec<Origin>,
    /// Problems of `overlay` and `exclude`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a diagnostic of a merged section belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the CV, at this path.
    Cv(String),
    /// In the file: the reader's entry of this index, and the rest of the
    /// path within the entry (`.title`, or empty).
    Read(usize, String),
}

impl Merged {
    /// Where a diagnostic path of the merged document belongs; `None` when
    /// the path is outside this section's entries.
    pub fn place(&self, path: &str) -> Option<Place> {
        let rest = path.strip_prefix(&self.path)?.strip_prefix(".entries[")?;
        let (index, rest) = rest.split_once(']')?;
        let index: usize = index.parse().ok()?;
        Some(match self.origins.get(index)? {
            Origin::Written(i) => Place::Cv(format!("{}.entries[{i}]{rest}", self.path)),
            Origin::Read(j) => Place::Read(*j, rest.to_string()),
        })
    }
}

/// Joins a file's entries to a publication section: drops the excluded
/// ones, applies the overlay, and orders the section (newest first unless
/// `order` says otherwise). `file` names the file in messages.
pub fn merge(list: &mut PublicationList, path: &str, file: &str, read: &[SourceEntry]) -> Merged {
    let mut diagnostics = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (j, e) in read.iter().enumerate() {
        by_key.entry(e.key.clone()).or_insert(j);
        if let Some(doi) = &e.publication.links.doi {
            by_key.entry(doi.to_lowercase()).or_insert(j);
        }
    }
    let keys = || read.iter().map(|e| e.key.as_str());
    let find = |key: &str| by_key.get(key).or_else(|| by_key.get(&key.to_lowercase())).copied();
    let unknown = |here: String, key: &str| {
        let hint = match closest(key, keys()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("give a citation key or a DOI of an entry in {file}"),
        };
        Diagnostic::error(here, format!("{file} has no entry `{key}`")).with_hint(hint)
    };
    let mut excluded = vec![false; read.len()];
    for (i, key) in list.exclude.iter().enumerate() {
        match find(key) {
            Some(j) => excluded[j] = true,
            None => diagnostics.push(unknown(format!("{path}.exclude[{i}]"), key)),
        }
    }
    let mut overlays: Vec<Option<(&String, &Overlay)>> = vec![None; read.len()];
    for (key, overlay) in &list.overlay {
        let here = format!("{path}.overlay.{key}");
        match find(key) {
            Some(j) if overlays[j].is_some() => {
                let first = overlays[j].map(|(k, _)| k.clone()).unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(here, format!("`{key}` and `{first}` name the same entry of {file}"))
                        .with_hint("merge the two into one"),
                );
            }
            Some(j) if excluded[j] => diagnostics.push(
                Diagnostic::warning(here, format!("`{key}` is excluded, so its overlay is not used")).with_hint("remove one of the two"),
            ),
            Some(j) => overlays[j] = Some((key, overlay)),
            None => diagnostics.push(unknown(here, key)),
        }
    }
    let written = std::mem::take(&mut list.entries);
    let mut all: Vec<(Publication, Origin)> = written.into_iter().enumerate().map(|(i, p)| (p, Origin::Written(i))).collect();
    for (j, e) in read.iter().enumerate() {
        if excluded[j] {
            continue;
        }
        let mut p = e.publication.clone();
        if let Some((key, o)) = overlays[j] {
            diagnostics.extend(apply(&mut p, o, &format!("{path}.overlay.{key}")));
        }
        all.push((p, Origin::Read(j)));
    }
    let order = list.order.unwrap_or(if list.from.is_some() { Order::Newest } else { Order::AsWritten });
    // Stable sorts: entries of one date keep their order. An entry without
    // a date (a paper under review) counts as the newest.
    match order {
        Order::Newest => all.sort_by_key(|a| std::cmp::Reverse(sort_key(&a.0))),
        Order::Oldest => all.sort_by_key(|a| sort_key(&a.0)),
        Order::AsWritten => {}
    }
    let (entries, origins) = all.into_iter().unzip();
    list.entries = entries;
    // The section is now as if written out: in order, with nothing left to apply.
    list.from = None;
    list.overlay.clear();
    list.exclude.clear();
    list.order = None;
    Merged { path: path.to_string(), origins, diagnostics }
}

/// A date's place in time; no date sorts after every date.
fn sort_key(p: &Publication) -> (u16, u8, u8) {
    match &p.date {
        Some(When::Date(d)) => (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)),
        Some(When::Term { season, year }) => (*year, season.month(), 0),
        _ => (u16::MAX, 0, 0),
    }
}

/// Lays an overlay over a publication; problems have paths under `here`.
fn apply(p: &mut Publication, o: &Overlay, here: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(id) = &o.id {
        p.id = id.clone();
    }
    if let Some(t) = &o.title {
        p.title = t.clone();
    }
    if let Some(a) = &o.authors {
        p.authors = a.clone();
    }
    for (i, name) in o.equal.iter().enumerate() {
        let found = p.authors.iter().position(|a| a.name == *name).or_else(|| {
            p.authors.iter().position(|a| crate::types::same_person(&a.name, name) || crate::types::same_person(name, &a.name))
        });
        match found {
            Some(k) => p.authors[k].equal = true,
            None => {
                let hint = match closest(name, p.authors.iter().map(|a| a.name.as_str())) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "name an author of this entry".to_string(),
                };
                out.push(
                    Diagnostic::error(format!("{here}.equal[{i}]"), format!("`{name}` is not an author of this entry")).with_hint(hint),
                );
            }
        }
    }
    if let Some(v) = &o.venue {
        let venue = p.venue.get_or_insert_with(Default::default);
        let set = |slot: &mut Option<String>, value: &Option<String>| {
            if value.is_some() {
                slot.clone_from(value);
            }
        };
        if let Some(n) = &v.name {
            venue.name = n.clone();
        }
        set(&mut venue.short, &v.short);
        set(&mut venue.edition, &v.edition);
        set(&mut venue.volume, &v.volume);
        set(&mut venue.issue, &v.issue);
        set(&mut venue.article, &v.article);
        set(&mut venue.pages, &v.pages);
        set(&mut venue.publisher, &v.publisher);
        set(&mut venue.location, &v.location);
        if venue.name.trim().is_empty() {
            out.push(
                Diagnostic::error(format!("{here}.venue"), "the entry has no venue in the file, so the overlay must give its `name`")
                    .with_hint("add `name: \"...\"`"),
            );
        }
    }
    if let Some(k) = o.kind {
        p.kind = k;
    }
    if let Some(s) = o.status {
        p.status = s;
    }
    match &o.date {
        // A date that is not one is reported where the overlay gives it.
        Some(When::Invalid { reason, .. }) => out.push(
            Diagnostic::error(format!("{here}.date"), reason.clone())
                .with_hint("write YYYY, YYYY-MM, YYYY-MM-DD or a term like `Fall 2017`"),
        ),
        Some(d) => p.date = Some(d.clone()),
        None => {}
    }
    if let Some(a) = &o.acceptance {
        p.acceptance = Some(a.clone());
    }
    for a in &o.awards {
        if !p.awards.contains(a) {
            p.awards.push(a.clone());
        }
    }
    let l = &o.links;
    for (slot, value) in [
        (&mut p.links.paper, &l.paper),
        (&mut p.links.doi, &l.doi),
        (&mut p.links.slides, &l.slides),
        (&mut p.links.code, &l.code),
        (&mut p.links.video, &l.video),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    if o.peer_reviewed.is_some() {
        p.peer_reviewed = o.peer_reviewed;
    }
    if let Some(n) = &o.note {
        p.note = Some(n.clone());
    }
    for t in &o.tags {
        if !p.tags.contains(t) {
            p.tags.push(t.clone());
        }
    }
    if let Some(s) = o.selected {
        p.selected = s;
    }
    out
}

/// A proceedings title taken apart: `20th {USENIX} Symposium on Networked
/// Systems Design and Implementation, {NSDI} 2023, Boston, MA, April 17-19,
/// 2023` (as DBLP writes it) gives the edition `20th`, the name up to the
/// comma before the short name, and the location `Boston, MA`.
#[derive(Debug, PartialEq)]
pub struct EventName {
    /// `20th`, `The 25th`, `2018`.
    pub edition: Option<String>,
    /// The event's name.
    pub name: String,
    /// Where it took place.
    pub location: Option<String>,
    /// A short name in parentheses at the end (`... Implementation (NSDI
    /// 19)`, as Google Scholar writes it).
    pub short: Option<String>,
}

/// Takes a proceedings title apart (see [`EventName`]).
pub fn split_event_name(title: &str, short: Option<&str>) -> EventName {
    let mut name = title.trim();
    let mut edition = None;
    let (the, rest) = match name.strip_prefix("The ").or_else(|| name.strip_prefix("the ")) {
        Some(r) => ("The ", r),
        None => ("", name),
    };
    if let Some((first, after)) = rest.split_once(' ') {
        let digits = first.chars().take_while(char::is_ascii_digit).count();
        let suffix = first.get(digits..).unwrap_or_default();
        let ordinal = digits > 0 && matches!(suffix, "st" | "nd" | "rd" | "th");
        let year = digits == 4 && suffix.is_empty() && the.is_empty();
        if (ordinal || year) && !after.is_empty() {
            edition = Some(format!("{the}{first}"));
            name = after.trim();
        }
    }
    let mut location = None;
    // `... Implementation (NSDI 19)`: a short name and a year in parentheses.
    let mut found_short = None;
    if let Some(inner) = name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
        let (before, inside) = inner;
        let mut words = inside.split_whitespace();
        let first = words.next().unwrap_or_default();
        let year = words.next().map(|y| y.trim_start_matches('\''));
        let is_short = first.len() >= 2 && first.chars().all(|c| c.is_alphanumeric() || c == '-') && first.chars().any(char::is_uppercase);
        if is_short && year.is_none_or(|y| y.len() == 2 || y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())) && words.next().is_none()
        {
            found_short = Some(first.to_string());
            name = before.trim();
        }
    }
    let short = short.or(found_short.as_deref());
    // `, NSDI 2023, Boston, MA, April 17-19, 2023`: the name ends before it.
    if let Some(short) = short.filter(|s| !s.is_empty()) {
        // Compared character by character: a lower-case copy may have other
        // byte offsets than the name (`İ` is two characters in lower case).
        let short_lower = short.to_lowercase();
        let wanted = short.chars().count();
        let found = name.match_indices(", ").find_map(|(i, _)| {
            let rest = name.get(i + 2..)?;
            let n = rest.char_indices().nth(wanted).map_or(rest.len(), |(j, _)| j);
            if rest.get(..n)?.to_lowercase() != short_lower {
                return None;
            }
            let end = i + 2 + n;
            let after = name.get(end..)?.trim_start();
            let year = after.get(..4).is_some_and(|y| y.chars().all(|c| c.is_ascii_digit()));
            (year || after.starts_with('\'') || after.is_empty() || after.starts_with(',')).then_some((i, end))
        });
        if let Some((i, end)) = found {
            let tail = name.get(end..).unwrap_or_default();
            // Past the year: the place, then the dates.
            let place = tail.split_once(", ").map(|(_, p)| p).unwrap_or_default();
            let months =
                ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
            let cut = months.iter().filter_map(|m| place.find(&format!(", {m}"))).min();
            let place = match cut {
                Some(c) => place.get(..c).unwrap_or(place),
                None if months.iter().any(|m| place.starts_with(m)) => "",
                None => place,
            };
            location = Some(place.trim().to_string()).filter(|p| !p.is_empty());
            name = name.get(..i).unwrap_or(name).trim();
        }
    }
    EventName { edition, name: name.to_string(), location, short: found_short }
}

/// An entry's key, position and the positions of its fields.
type Placed = (String, Option<Pos>, Vec<(&'static str, Pos)>);

/// Brings the entries a reader gave to what `vita check` accepts, as an
/// import does: a link written without its scheme (`github.com/x`) or as
/// several addresses gets the first one, complete; what the model still
/// cannot hold is left out (see [`crate::check_imported`]). Each repair is
/// a warning at the entry's key and field.
pub fn settle(read: &mut SourceRead) {
    for e in &mut read.entries {
        let links = &mut e.publication.links;
        for (field, link) in
            [("paper", &mut links.paper), ("slides", &mut links.slides), ("code", &mut links.code), ("video", &mut links.video)]
        {
            let Some(written) = link.clone() else { continue };
            if crate::validate::check_url(&written).is_ok() {
                continue;
            }
            let first = written.split(|c: char| c.is_whitespace() || c == ',' || c == ';').find(|t| !t.is_empty()).unwrap_or_default();
            if let Some(full) = crate::imported::web_address(first) {
                let at = e.fields.iter().find(|(p, _)| *p == format!(".links.{field}")).map(|(_, p)| *p).or(e.pos);
                read.diagnostics
                    .push(Diagnostic::warning(format!("{}.links.{field}", e.key), format!("`{written}` is read as {full}")).at(at));
                *link = Some(full);
            }
        }
    }
    let list = crate::PublicationList {
        title: "Publications".into(),
        entries: read.entries.iter().map(|e| e.publication.clone()).collect(),
        ..crate::PublicationList::default()
    };
    let cv = crate::Cv {
        person: crate::Person { name: "-".into(), ..crate::Person::default() },
        sections: vec![crate::Section::Publications(list)],
        ..crate::Cv::default()
    };
    let quick = crate::validate::validate(&cv, &crate::SpanIndex::default());
    if !quick.iter().any(Diagnostic::is_error) {
        return;
    }
    let checked = crate::check_imported(cv, &crate::SpanIndex::default());
    let Some(doc) = checked.document else { return };
    // Entries left out whole: by their ids, which the readers give as keys
    // (all of them when the section went too).
    let kept: std::collections::HashMap<String, Publication> = match doc.cv.sections.into_iter().next() {
        Some(crate::Section::Publications(list)) => list.entries.into_iter().map(|p| (p.id.clone(), p)).collect(),
        _ => std::collections::HashMap::new(),
    };
    let before: Vec<Placed> = read.entries.iter().map(|e| (e.key.clone(), e.pos, e.fields.clone())).collect();
    for d in checked.diagnostics.into_iter().filter(|d| d.message.ends_with("left out") && d.path.starts_with("sections[0].entries[")) {
        // `sections[0].entries[3].links.doi` → the entry's key and `.links.doi`.
        let rest = d.path.strip_prefix("sections[0].entries[").unwrap_or_default();
        let Some((n, field)) = rest.split_once(']') else { continue };
        let Some((key, pos, fields)) = n.parse::<usize>().ok().and_then(|n| before.get(n)) else { continue };
        let at = fields.iter().find(|(p, _)| *p == field).map(|(_, p)| *p).or(*pos);
        read.diagnostics.push(Diagnostic { path: format!("{key}{field}"), pos: at, ..d });
    }
    read.entries.retain_mut(|e| match kept.get(&e.publication.id) {
        Some(p) => {
            e.publication = p.clone();
            true
        }
        None => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, date: Option<&str>) -> SourceEntry {
        SourceEntry {
            key: key.into(),
            publication: Publication {
                id: key.into(),
                title: key.to_uppercase(),
                date: date.map(When::parse),
                authors: vec![crate::Author { name: "Park, Seo Jin".into(), ..Default::default() }],
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn ids(list: &PublicationList) -> Vec<&str> {
        list.entries.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn orders_and_overlays() {
        let read = [entry("b", Some("2019-02")), entry("c", None), entry("a", Some("2021")), entry("d", Some("2019-02"))];
        let written = Publication { id: "w".into(), title: "W".into(), date: Some(When::parse("2020")), ..Default::default() };
        let mut list = PublicationList { from: Some("p.bib".into()), entries: vec![written.clone()], ..Default::default() };
        list.overlay.insert("b".into(), Overlay { id: Some("bee".into()), equal: vec!["S. J. Park".into()], ..Default::default() });
        list.exclude.push("d".into());
        let m = merge(&mut list, "sections[0]", "p.bib", &read);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        // Newest first, undated as newest, ties in the file's order; the overlay's id.
        assert_eq!(ids(&list), ["c", "a", "w", "bee"]);
        assert!(list.entries[3].authors[0].equal);
        assert_eq!(m.origins, [Origin::Read(1), Origin::Read(2), Origin::Written(0), Origin::Read(0)]);
        assert_eq!(m.place("sections[0].entries[2].title"), Some(Place::Cv("sections[0].entries[0].title".into())));
        assert_eq!(m.place("sections[0].entries[3].title"), Some(Place::Read(0, ".title".into())));
        assert!(list.from.is_none() && list.overlay.is_empty() && list.exclude.is_empty());

        for (order, want) in [(Order::Oldest, ["b", "d", "w", "a", "c"]), (Order::AsWritten, ["w", "b", "c", "a", "d"])] {
            let mut list =
                PublicationList { from: Some("p.bib".into()), order: Some(order), entries: vec![written.clone()], ..Default::default() };
            merge(&mut list, "sections[0]", "p.bib", &read);
            assert_eq!(ids(&list), want, "{order:?}");
        }
    }

    #[test]
    fn overlay_keys_match_citation_keys_and_dois() {
        let mut e = entry("park19", Some("2019"));
        e.publication.links.doi = Some("10.1145/ABC".into());
        let mut list = PublicationList { from: Some("p.bib".into()), ..Default::default() };
        list.overlay.insert("10.1145/abc".into(), Overlay { selected: Some(true), ..Default::default() });
        list.overlay.insert("park91".into(), Overlay::default());
        let m = merge(&mut list, "sections[0]", "p.bib", &[e]);
        assert!(list.entries[0].selected);
        assert_eq!(m.diagnostics.len(), 1);
        assert_eq!(m.diagnostics[0].path, "sections[0].overlay.park91");
        assert_eq!(m.diagnostics[0].hint.as_deref(), Some("did you mean `park19`?"));
    }

    #[test]
    fn dblp_booktitles_come_apart() {
        let b = split_event_name(
            "20th USENIX Symposium on Networked Systems Design and Implementation, NSDI 2023, Boston, MA, April 17-19, 2023",
            Some("NSDI"),
        );
        assert_eq!(b.edition.as_deref(), Some("20th"));
        assert_eq!(b.name, "USENIX Symposium on Networked Systems Design and Implementation");
        assert_eq!(b.location.as_deref(), Some("Boston, MA"));
        let b = split_event_name("The 25th ACM Symposium on Operating Systems Principles", Some("SOSP"));
        assert_eq!(
            (b.edition.as_deref(), b.name.as_str(), b.location),
            (Some("The 25th"), "ACM Symposium on Operating Systems Principles", None)
        );
        let b = split_event_name("Proceedings of the 2018 USENIX Annual Technical Conference", None);
        assert_eq!((b.edition, b.name.as_str()), (None, "Proceedings of the 2018 USENIX Annual Technical Conference"));
        let b = split_event_name("16th USENIX Symposium on Networked Systems Design and Implementation (NSDI 19)", None);
        assert_eq!(
            (b.short.as_deref(), b.name.as_str()),
            (Some("NSDI"), "USENIX Symposium on Networked Systems Design and Implementation")
        );
    }

    /// Names whose lower case has other byte offsets, and characters of
    /// every width after the short name, come apart without a panic.
    #[test]
    fn multibyte_names_come_apart_at_characters() {
        let b = split_event_name("İİİ Symposium on Ünïcode, ÜSYM 2023, İzmir, Türkiye, May 2-4, 2023", Some("ÜSYM"));
        assert_eq!((b.name.as_str(), b.location.as_deref()), ("İİİ Symposium on Ünïcode", Some("İzmir, Türkiye")));
        for tail in ["é", "20é3", "€€€€", "😀", "'😀", ", é"] {
            for short in ["NSDI", "İ", "é"] {
                let _ = split_event_name(&format!("İ Conf, {short}{tail}"), Some(short));
                let _ = split_event_name(&format!("Conf (😀 {tail})"), Some(short));
            }
        }
    }
}
