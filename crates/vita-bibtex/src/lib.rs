//! BibTeX (`cv.bib`): the CV's publications as a bibliography a personal
//! website or a thesis can cite, and ([`read`]) publications read from a
//! `.bib` file into a CV's publication section.
//!
//! Written with standard BibTeX entry types and fields, so every BibTeX and
//! BibLaTeX tool reads it; UTF-8 text is kept as it is (no `{\"u}`). Keys are
//! the publications' ids (made safe for BibTeX where needed), so `cv.bib`
//! of a CV whose list came from a `.bib` keeps that file's keys. Values are
//! escaped for BibTeX and LaTeX: `\ { } % & $ # _ ^ ~` come out as those
//! characters in any consumer, a title's case is kept (`{{...}}`), and a
//! no-break space is `~`.
//!
//! What BibTeX has no field for (acceptance counts, equal contribution,
//! slides, code and video links, selection) is named in one warning per
//! kind; awards go into `note`.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

pub mod read;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use vita_backend::{Backend, Document, Options, Rendered};
use vita_model::{Author, PubKind, Publication, Section, Status, When};

/// The BibTeX backend.
pub struct Bibtex;

impl Backend for Bibtex {
    fn name(&self) -> &'static str {
        "bibtex"
    }

    fn description(&self) -> &'static str {
        "BibTeX of the publications (cv.bib), for a website or a thesis to cite"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.bib")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let (text, left_out) = write(doc);
        let mut rendered = Rendered::single(format!("{}.bib", options.basename), text);
        for (what, (path, count)) in left_out {
            let more = match count {
                1 => String::new(),
                2 => " (and in 1 more entry)".to_string(),
                n => format!(" (and in {} more entries)", n - 1),
            };
            rendered.warn(path, format!("BibTeX has no field for {what}; it is left out of cv.bib{more}"));
        }
        Ok(rendered)
    }
}

/// The publications with their paths in the CV, in output order.
fn publications(doc: &Document) -> Vec<(String, &Publication)> {
    let mut out = Vec::new();
    for (i, s) in doc.cv.sections.iter().enumerate() {
        let path = format!("sections[{i}]");
        match s {
            Section::Publications(l) => out.extend(l.entries.iter().enumerate().map(|(j, p)| (format!("{path}.entries[{j}]"), p))),
            Section::Group(g) => {
                for (k, inner) in g.sections.iter().enumerate() {
                    if let Section::Publications(l) = inner {
                        out.extend(l.entries.iter().enumerate().map(|(j, p)| (format!("{path}.sections[{k}].entries[{j}]"), p)));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of `cv.bib`, and what it left out: (what, (first path, count)).
pub fn write(doc: &Document) -> (String, BTreeMap<&'static str, (String, usize)>) {
    let mut out = String::from("% Publications of a CV, written by vita (UTF-8).\n");
    let mut left_out: BTreeMap<&'static str, (String, usize)> = BTreeMap::new();
    let mut note_left = |what: &'static str, path: String| left_out.entry(what).or_insert((path, 0)).1 += 1;
    let mut keys = HashSet::new();
    for (path, p) in publications(doc) {
        let mut key = safe_key(&p.id);
        while !keys.insert(key.clone()) {
            key.push('-');
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        let ty = entry_type(p);
        if !p.authors.is_empty() {
            fields.push(("author", p.authors.iter().map(name).collect::<Vec<_>>().join(" and ")));
        }
        fields.push(("title", format!("{{{}}}", text(&p.title))));
        let arxiv = p.links.paper.as_deref().and_then(|u| u.strip_prefix("https://arxiv.org/abs/"));
        if let Some(v) = &p.venue {
            if !v.name.is_empty() {
                let field = match ty {
                    "article" => "journal",
                    "inproceedings" | "incollection" => "booktitle",
                    "phdthesis" => "school",
                    // A report's series is its `type` when its institution is the publisher.
                    "techreport" if v.publisher.is_some() => "type",
                    "techreport" => "institution",
                    "book" if v.publisher.as_deref() == Some(v.name.as_str()) => "",
                    // Read from `publisher` (a book's venue is its publisher unless it has a series).
                    "book" if v.publisher.is_none() => "publisher",
                    "book" => "series",
                    _ => "howpublished",
                };
                if !field.is_empty() {
                    // Proceedings titles carry their edition, as DBLP writes them.
                    match (&v.edition, field) {
                        (Some(e), "booktitle") if ty == "inproceedings" => fields.push((field, text(&format!("{e} {}", v.name)))),
                        _ => fields.push((field, text(&v.name))),
                    }
                }
            }
            if let Some(s) = &v.short {
                fields.push((if ty == "article" { "shortjournal" } else { "shortbooktitle" }, text(s)));
            }
            let edition = if ty == "inproceedings" && !v.name.is_empty() { &None } else { &v.edition };
            // A report's or patent's number; software's and data's version.
            let numbered = matches!(ty, "techreport" | "patent");
            let versioned = matches!(ty, "software" | "dataset");
            for (field, value) in [
                (if versioned { "version" } else { "edition" }, edition),
                ("volume", &v.volume),
                ("number", if numbered { &v.article } else { &v.issue }),
                ("issue", if numbered { &v.issue } else { &None }),
                ("eid", if numbered { &None } else { &v.article }),
                ("pages", &v.pages),
                (if ty == "techreport" { "institution" } else { "publisher" }, &v.publisher),
                ("address", &v.location),
            ] {
                if let Some(value) = value {
                    fields.push((field, text(value)));
                }
            }
        }
        if let Some(When::Date(d)) = &p.date {
            fields.push(("year", d.year.to_string()));
            if let Some(m) = d.month {
                fields.push(("month", MONTHS[usize::from(m.clamp(1, 12)) - 1].to_string()));
            }
            if d.day.is_some() {
                fields.push(("date", d.iso()));
            }
        } else if let Some(When::Term { year, .. }) = &p.date {
            fields.push(("year", year.to_string()));
        }
        if let Some(d) = &p.links.doi {
            fields.push(("doi", verbatim(d)));
        }
        match (arxiv, &p.links.paper) {
            (Some(id), _) => {
                fields.push(("eprint", verbatim(id)));
                fields.push(("archiveprefix", "arXiv".into()));
            }
            (None, Some(u)) => fields.push(("url", verbatim(u))),
            (None, None) => {}
        }
        let mut note: Vec<String> = p.note.iter().map(|n| text(&n.to_plain())).collect();
        note.extend(p.awards.iter().map(|a| text(a)));
        if !note.is_empty() {
            fields.push(("note", note.join(". ")));
        }
        if !p.tags.is_empty() {
            fields.push(("keywords", p.tags.iter().map(|t| text(t)).collect::<Vec<_>>().join(", ")));
        }
        let state = match p.status {
            Status::Published => None,
            Status::ToAppear => Some("forthcoming"),
            Status::Accepted => Some("accepted"),
            Status::UnderReview => Some("underreview"),
            Status::Submitted => Some("submitted"),
            Status::InPreparation => Some("inpreparation"),
        };
        if let Some(s) = state {
            fields.push(("pubstate", s.into()));
        }
        if p.acceptance.is_some() {
            note_left("acceptance counts", format!("{path}.acceptance"));
        }
        if let Some(i) = p.authors.iter().position(|a| a.equal) {
            note_left("equal contribution", format!("{path}.authors[{i}].equal"));
        }
        for (what, link) in [("slides links", &p.links.slides), ("code links", &p.links.code), ("video links", &p.links.video)] {
            if link.is_some() {
                note_left(what, format!("{path}.links"));
            }
        }
        if p.links.paper.is_some()
            && arxiv.is_some()
            && p.links.paper.as_deref() != Some(&format!("https://arxiv.org/abs/{}", arxiv.unwrap_or_default()))
        {
            note_left("paper links", format!("{path}.links.paper"));
        }
        let _ = write!(out, "\n@{ty}{{{key},\n");
        for (f, v) in fields {
            // A month is BibTeX's macro (`aug`), which every style prints in its language.
            if f == "month" {
                let _ = writeln!(out, "  {f} = {v},");
            } else {
                let _ = writeln!(out, "  {f} = {{{v}}},");
            }
        }
        out.push_str("}\n");
    }
    (out, left_out)
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The BibTeX entry type of a publication.
fn entry_type(p: &Publication) -> &'static str {
    let arxiv = p.links.paper.as_deref().is_some_and(|u| u.starts_with("https://arxiv.org/abs/"));
    match p.kind {
        PubKind::Conference | PubKind::Workshop | PubKind::Poster => "inproceedings",
        PubKind::Journal => "article",
        PubKind::Preprint if arxiv => "misc",
        PubKind::Preprint => "techreport",
        PubKind::Book => "book",
        PubKind::Chapter => "incollection",
        PubKind::Thesis => "phdthesis",
        PubKind::Report => "techreport",
        // BibLaTeX's types (BibTeX's styles print them as `misc`).
        PubKind::Patent => "patent",
        PubKind::Software => "software",
        PubKind::Dataset => "dataset",
        PubKind::Other => "misc",
    }
}

/// A key BibTeX reads: characters that end or break a key become `-`.
fn safe_key(id: &str) -> String {
    let k: String = id
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || matches!(c, ',' | '{' | '}' | '(' | ')' | '"' | '#' | '%' | '\'' | '=' | '\\' | '~') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if k.is_empty() {
        "pub".into()
    } else {
        k
    }
}

/// An author as BibTeX reads it back into the same parts.
fn name(a: &Author) -> String {
    if a.is_et_al() {
        return "others".into();
    }
    let (main, suffix) = match a.name.split_once(", ") {
        Some((m, s)) => (m, Some(s)),
        None => (a.name.as_str(), None),
    };
    let family = a.family.as_deref().filter(|f| main.ends_with(f));
    let given = family.and_then(|f| main.strip_suffix(f)).map(str::trim);
    let braced = |s: &str| format!("{{{}}}", text(s));
    match (family, given, suffix) {
        // An organisation: the whole name is the family name.
        (Some(f), Some(""), None) => braced(f),
        (Some(f), Some(g), None) => format!("{}, {}", text(f), text(g)),
        (Some(f), Some(g), Some(s)) => format!("{}, {}, {}", text(f), text(s), text(g)),
        (_, _, Some(s)) => {
            let (g, f) = main.rsplit_once(' ').unwrap_or(("", main));
            format!("{}, {}, {}", text(f), text(s), text(g))
        }
        // ` and ` inside a name would split it.
        _ if a.name.to_lowercase().split_whitespace().any(|w| w == "and") => braced(&a.name),
        _ => text(&a.name),
    }
}

/// Text for a BibTeX value in braces: the characters BibTeX or LaTeX
/// would read as markup are written as commands that give them back.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\u{a0}' => out.push('~'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL or DOI for a verbatim field: braces, backslashes and spaces
/// percent-encoded (they are not valid in an address anyway).
fn verbatim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {
                for b in c.encode_utf8(&mut [0; 4]).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}
