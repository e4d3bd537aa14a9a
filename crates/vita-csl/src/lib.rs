//! Publications from JSON: CSL-JSON (what Zotero, Mendeley, Crossref's
//! content negotiation and citation.js export: an array of items) and a
//! saved ORCID record (`/works` of the public API v3.0, or a `/works/...`
//! bulk response, which also has contributors). Nothing is fetched.
//!
//! [`kind`] tells the two apart (and from a JSON Resume file) by content;
//! [`read`] maps either to [`SourceEntry`]s: CSL's `author` (`family`,
//! `given`, particles, `suffix`, `literal`), `title`, `container-title`,
//! `container-title-short`/`journalAbbreviation`, `issued`, `DOI`, `URL`,
//! `volume`, `issue`, `page`, `number`, `publisher`, `event-place`/
//! `publisher-place`, `edition`, `note`, `keyword`, `status`, `type`;
//! ORCID's title, `journal-title`, `publication-date`, external ids (DOI,
//! arXiv), `url`, `type` and contributors. Keys are CSL's `id`, and for
//! ORCID the DOI or `orcid-<put-code>`. Problems are positioned at their
//! item in the file.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use std::collections::HashMap;

use serde_json::Value;
use vita_model::source::{SourceEntry, SourceRead};
use vita_model::{Author, Date, Diagnostic, LineStarts, Links, Pos, PubKind, Publication, Rich, Status, Venue, When};

/// What a JSON file of publications is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// CSL-JSON: an array of items with `type` and `title` or `id`.
    Csl,
    /// An ORCID works record.
    Orcid,
}

/// What a JSON text holds, by its content: CSL-JSON, an ORCID works
/// record, or neither (`None`: a JSON Resume file, say).
pub fn kind(src: &str) -> Option<Kind> {
    let start = src.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('[') {
        // An array of objects with a CSL `type`: look at the first item only.
        let v = parse(src.trim_start_matches('\u{feff}'))?;
        let first = v.as_array()?.first()?;
        if first.get("bulk").is_some_and(Value::is_array) {
            // The ORCID site's export: `[{"bulk": [...]}]`, one array per line.
            return Some(Kind::Orcid);
        }
        return (first.get("type").is_some() && (first.get("id").is_some() || first.get("title").is_some())).then_some(Kind::Csl);
    }
    if start.starts_with('{') {
        // Cheap test before parsing: ORCID records name their groups or
        // bulk; a citeproc test fixture its `input`.
        if !(src.contains("\"group\"") || src.contains("\"bulk\"") || src.contains("\"input\"")) {
            return None;
        }
        let v = parse(src.trim_start_matches('\u{feff}'))?;
        let o = v.as_object()?;
        if o.contains_key("csl")
            && o.get("input").and_then(Value::as_array).and_then(|a| a.first()).is_some_and(|f| f.get("type").is_some())
        {
            return Some(Kind::Csl);
        }
        let orcid = o.get("group").is_some_and(Value::is_array) && (o.contains_key("last-modified-date") || o.contains_key("path"))
            || o.get("bulk").is_some_and(Value::is_array);
        return orcid.then_some(Kind::Orcid);
    }
    None
}

/// A JSON text, or JSON Lines (one value per line, as the ORCID site
/// exports works) as the array of its values.
fn parse(src: &str) -> Option<Value> {
    if let Ok(v) = serde_json::from_str(src) {
        return Some(v);
    }
    let lines: Vec<&str> = src.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return None;
    }
    let mut all = Vec::with_capacity(lines.len());
    for l in lines {
        match serde_json::from_str::<Value>(l).ok()? {
            Value::Array(items) => all.extend(items),
            v => all.push(v),
        }
    }
    Some(Value::Array(all))
}

/// Reads a CSL-JSON or ORCID file's text.
pub fn read(src: &str) -> SourceRead {
    let src = src.trim_start_matches('\u{feff}');
    let mut out = SourceRead::default();
    let value: Value = match serde_json::from_str(src).or_else(|e| parse(src).ok_or(e)) {
        Ok(v) => v,
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::error("", format!("not valid JSON: {}", strip_position(&e.to_string())))
                    .with_hint("check the punctuation just before this point")
                    .at(Some(Pos { line: e.line(), col: e.column() })),
            );
            return out;
        }
    };
    let offsets = element_offsets(src);
    let lines = LineStarts::new(src);
    let at = |path: &str| offsets.get(path).map(|o| lines.pos(src, *o));
    match kind(src) {
        Some(Kind::Csl) => {
            // A citeproc test fixture holds its items under `input`.
            let items = value.as_array().or_else(|| value.get("input").and_then(Value::as_array)).map(Vec::as_slice).unwrap_or_default();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                let pos = at(&format!("[{i}]"));
                let key = item.get("id").map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let key = key.unwrap_or_else(|| format!("item-{}", i + 1));
                if let Some(first) = seen.insert(key.clone(), i) {
                    out.diagnostics.push(
                        Diagnostic::warning(key.clone(), format!("the id `{key}` is used twice; this item is skipped"))
                            .with_hint(format!("item {} has it too; ids name one item each", first + 1))
                            .at(pos),
                    );
                    continue;
                }
                if let Some(p) = csl_item(item, &key, pos, &mut out.diagnostics) {
                    out.entries.push(SourceEntry { key, publication: p, pos, fields: Vec::new() });
                }
            }
        }
        Some(Kind::Orcid) => {
            // `[{"bulk": [...]}, ...]`: the works of every array, as one bulk.
            let joined;
            let value = match value.as_array() {
                Some(parts) => {
                    let works: Vec<Value> =
                        parts.iter().filter_map(|p| p.get("bulk").and_then(Value::as_array)).flatten().cloned().collect();
                    joined = serde_json::json!({ "bulk": works });
                    &joined
                }
                None => &value,
            };
            let (list, field) = match value.get("bulk").and_then(Value::as_array) {
                Some(b) => (b.as_slice(), "bulk"),
                None => (value.get("group").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default(), "group"),
            };
            let mut seen = HashMap::new();
            for (i, g) in list.iter().enumerate() {
                let pos = at(&format!("{field}[{i}]"));
                let work = if field == "bulk" { g.get("work") } else { g.get("work-summary").and_then(|w| w.get(0)) };
                let Some(work) = work else { continue };
                // The ORCID site writes its works in camelCase (`putCode`,
                // `JOURNAL_ARTICLE`); the API, which the reader follows, in kebab-case.
                let kebab;
                let work = if work.get("putCode").is_some() {
                    kebab = kebab_case(work, 0);
                    &kebab
                } else {
                    work
                };
                if let Some((key, p)) = orcid_work(work, pos, &mut out.diagnostics) {
                    if let Some(first) = seen.insert(key.clone(), i) {
                        out.diagnostics.push(
                            Diagnostic::warning(key.clone(), format!("the work `{key}` is listed twice; the first is kept"))
                                .with_hint(format!("see item {} of `{field}`", first + 1))
                                .at(pos),
                        );
                        continue;
                    }
                    out.entries.push(SourceEntry { key, publication: p, pos, fields: Vec::new() });
                }
            }
        }
        None => out.diagnostics.push(
            Diagnostic::error("", "this JSON is neither CSL-JSON (an array of items) nor an ORCID works record")
                .with_hint(
                    "export CSL-JSON from Zotero (File > Export Library > CSL JSON), or save https://pub.orcid.org/v3.0/<ORCID iD>/works",
                )
                .at(Some(Pos { line: 1, col: 1 })),
        ),
    }
    out
}

fn strip_position(m: &str) -> String {
    match m.find(" at line ") {
        Some(i) => m.get(..i).unwrap_or(m).to_string(),
        None => m.to_string(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// A number or a string as text (CSL allows both for volume, issue, page).
fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn csl_item(item: &Value, key: &str, pos: Option<Pos>, diags: &mut Vec<Diagnostic>) -> Option<Publication> {
    let Some(title) = str_of(item, "title") else {
        diags.push(
            Diagnostic::warning(key.to_string(), format!("the item `{key}` has no title; it is skipped"))
                .with_hint("add `\"title\": \"...\"`")
                .at(pos),
        );
        return None;
    };
    let ty = str_of(item, "type").unwrap_or_default();
    let container = str_of(item, "container-title").or_else(|| str_of(item, "event-title")).or_else(|| str_of(item, "event"));
    let kind = match ty {
        "paper-conference" if container.is_some_and(|c| c.to_lowercase().contains("workshop")) => PubKind::Workshop,
        "paper-conference" => PubKind::Conference,
        "article-journal" | "article-magazine" | "article-newspaper" | "review" => PubKind::Journal,
        "article" | "manuscript" => PubKind::Preprint,
        "report" => PubKind::Report,
        "patent" => PubKind::Patent,
        "software" => PubKind::Software,
        "dataset" => PubKind::Dataset,
        "chapter" | "entry-encyclopedia" | "entry-dictionary" => PubKind::Chapter,
        "book" | "collection" => PubKind::Book,
        "thesis" => PubKind::Thesis,
        "poster" => PubKind::Poster,
        _ => PubKind::Other,
    };
    let mut authors = Vec::new();
    for a in item.get("author").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        if let Some(l) = str_of(a, "literal") {
            authors.push(Author { name: l.to_string(), family: Some(l.to_string()), ..Author::default() });
            continue;
        }
        let family: Vec<&str> = ["dropping-particle", "non-dropping-particle", "family"].iter().filter_map(|k| str_of(a, k)).collect();
        let family = family.join(" ");
        let given = str_of(a, "given").unwrap_or_default();
        let mut name = [given, family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            continue;
        }
        let suffix = str_of(a, "suffix");
        if let Some(s) = suffix {
            name = format!("{name}, {s}");
        }
        let last = name.split(' ').next_back().unwrap_or_default();
        let family = (!family.is_empty() && (family != last || suffix.is_some())).then_some(family);
        authors.push(Author { name, family, ..Author::default() });
    }
    // A `literal` or `raw` date that is no date (`Summer session`, `in
    // press`) is kept as text, in the note.
    let mut undated = None;
    let date = match item.get("issued") {
        None => None,
        Some(issued) => match csl_date(issued) {
            Ok(d) => d,
            Err(shown) if issued.get("date-parts").is_none() => {
                diags.push(
                    Diagnostic::warning(format!("{key}.issued"), format!("`{shown}` is not a date vita reads; it is kept in the note"))
                        .with_hint("write `\"issued\": {\"date-parts\": [[2023, 4]]}` to date the entry")
                        .at(pos),
                );
                undated = Some(shown);
                None
            }
            Err(shown) => {
                diags.push(
                    Diagnostic::warning(format!("{key}.issued"), format!("`{shown}` is not a date; the item has none"))
                        .with_hint("write `\"issued\": {\"date-parts\": [[2023, 4]]}`")
                        .at(pos),
                );
                None
            }
        },
    };
    let mut short = str_of(item, "container-title-short").or_else(|| str_of(item, "journalAbbreviation")).map(str::to_string);
    // A report's series, a patent's office; a report's or patent's number,
    // software's and data's version.
    let numbered = matches!(kind, PubKind::Report | PubKind::Patent);
    let name = container.or_else(|| str_of(item, "collection-title").filter(|_| numbered));
    let mut name = name.or_else(|| str_of(item, "publisher")).or_else(|| str_of(item, "authority")).unwrap_or_default().to_string();
    let mut edition = text_of(item, "edition");
    if matches!(kind, PubKind::Software | PubKind::Dataset) {
        edition = edition.or_else(|| text_of(item, "version"));
    }
    let mut location = str_of(item, "event-place").or_else(|| str_of(item, "publisher-place")).map(str::to_string);
    if matches!(kind, PubKind::Conference | PubKind::Workshop) && edition.is_none() {
        let parts = vita_model::source::split_event_name(&name, short.as_deref());
        name = parts.name;
        edition = parts.edition;
        short = short.or(parts.short);
        location = location.or(parts.location);
    }
    let publisher = str_of(item, "publisher").filter(|p| *p != name).map(str::to_string);
    let venue = Venue {
        short,
        name,
        edition,
        volume: text_of(item, "volume"),
        issue: text_of(item, "issue").or_else(|| text_of(item, "number").filter(|_| kind == PubKind::Journal)),
        article: text_of(item, "number").filter(|_| numbered),
        pages: text_of(item, "page").map(|p| p.replace("--", "–").replace('-', "–")),
        publisher,
        location,
    };
    let status = match str_of(item, "status").map(str::to_lowercase).as_deref() {
        Some("forthcoming" | "in press" | "to appear") => Status::ToAppear,
        Some("submitted") => Status::Submitted,
        Some("accepted") => Status::Accepted,
        _ => Status::Published,
    };
    let doi = str_of(item, "DOI").map(|d| Links::bare_doi(d).to_string());
    let links = Links {
        doi: doi.clone(),
        paper: str_of(item, "URL").filter(|u| doi.as_ref().is_none_or(|d| !u.ends_with(d.as_str()))).map(str::to_string),
        ..Links::default()
    };
    Some(Publication {
        id: key.to_string(),
        title: title.to_string(),
        authors,
        venue: (venue != Venue::default()).then_some(venue),
        kind,
        status,
        date,
        links,
        note: match (str_of(item, "note"), undated) {
            (Some(n), Some(u)) => Some(Rich::plain(&format!("{n}; {u}"))),
            (n, u) => n.map(str::to_string).or(u).map(|t| Rich::plain(&t)),
        },
        tags: str_of(item, "keyword")
            .map(|k| k.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        ..Publication::default()
    })
}

/// A CSL date: `date-parts` (numbers or numeric strings) or a `raw` ISO date.
fn csl_date(issued: &Value) -> Result<Option<When>, String> {
    if let Some(parts) = issued.get("date-parts").and_then(|p| p.get(0)).and_then(Value::as_array) {
        let num = |i: usize| -> Option<Result<u16, String>> {
            parts.get(i).map(|v| match v {
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()).ok_or_else(|| n.to_string()),
                Value::String(s) => s.trim().parse::<u16>().map_err(|_| s.clone()),
                other => Err(other.to_string()),
            })
        };
        let year = match num(0) {
            None => return Ok(None),
            Some(y) => y?,
        };
        let month = num(1).transpose()?;
        let day = num(2).transpose()?;
        let shown = [Some(year), month, day].iter().flatten().map(u16::to_string).collect::<Vec<_>>().join("-");
        let ok = (1000..=9999).contains(&year) && month.is_none_or(|m| (1..=12).contains(&m)) && day.is_none_or(|d| (1..=31).contains(&d));
        if !ok {
            return Err(shown);
        }
        return Ok(Some(When::Date(Date { year, month: month.map(|m| m as u8), day: day.map(|d| d as u8) })));
    }
    if let Some(raw) = str_of(issued, "raw").or_else(|| str_of(issued, "literal")) {
        return vita_model::date::lenient(raw).map(Some).ok_or_else(|| raw.to_string());
    }
    Ok(None)
}

fn value_of<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for p in path {
        v = v.get(p)?;
    }
    v.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// A work as the ORCID site writes it, in the API's spelling: keys in
/// kebab-case, enumerated values (`JOURNAL_ARTICLE`, `SELF`) in lower case.
fn kebab_case(v: &Value, depth: usize) -> Value {
    match v {
        Value::Object(o) if depth < 16 => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let mut key = String::with_capacity(k.len() + 4);
                    for c in k.chars() {
                        if c.is_ascii_uppercase() {
                            key.push('-');
                            key.push(c.to_ascii_lowercase());
                        } else {
                            key.push(c);
                        }
                    }
                    let enumerated = matches!(key.as_str(), "type" | "external-id-type" | "external-id-relationship" | "contributor-role");
                    let v = match v {
                        Value::String(s) if enumerated => Value::String(s.to_lowercase().replace('_', "-")),
                        v => kebab_case(v, depth + 1),
                    };
                    (key, v)
                })
                .collect(),
        ),
        Value::Array(a) if depth < 16 => Value::Array(a.iter().map(|x| kebab_case(x, depth + 1)).collect()),
        v => v.clone(),
    }
}

fn orcid_work(w: &Value, pos: Option<Pos>, diags: &mut Vec<Diagnostic>) -> Option<(String, Publication)> {
    let put_code = w.get("put-code").map(|p| p.to_string()).unwrap_or_default();
    let mut doi = None;
    let mut arxiv = None;
    for id in w.get("external-ids").and_then(|e| e.get("external-id")).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        if value_of(id, &["external-id-relationship"]).is_some_and(|r| r != "self") {
            continue;
        }
        match value_of(id, &["external-id-type"]) {
            Some("doi") => doi = doi.or(value_of(id, &["external-id-value"]).map(|d| Links::bare_doi(d).to_string())),
            Some("arxiv") => arxiv = arxiv.or(value_of(id, &["external-id-value"]).map(|a| a.trim_start_matches("arXiv:").to_string())),
            _ => {}
        }
    }
    let key = doi.clone().unwrap_or_else(|| format!("orcid-{put_code}"));
    let Some(title) = value_of(w, &["title", "title", "value"]) else {
        diags.push(
            Diagnostic::warning(key.clone(), format!("the work `{key}` has no title; it is skipped"))
                .with_hint("add its title in ORCID and save the record again")
                .at(pos),
        );
        return None;
    };
    let ty = value_of(w, &["type"]).unwrap_or_default();
    let journal = value_of(w, &["journal-title", "value"]);
    let kind = match ty {
        "conference-paper" if journal.is_some_and(|j| j.to_lowercase().contains("workshop")) => PubKind::Workshop,
        "conference-paper" => PubKind::Conference,
        "journal-article" | "magazine-article" | "review" => PubKind::Journal,
        "preprint" | "working-paper" => PubKind::Preprint,
        "report" => PubKind::Report,
        "patent" => PubKind::Patent,
        "software" => PubKind::Software,
        "data-set" => PubKind::Dataset,
        "book" | "edited-book" => PubKind::Book,
        "book-chapter" | "encyclopedia-entry" | "dictionary-entry" => PubKind::Chapter,
        "dissertation" | "dissertation-thesis" => PubKind::Thesis,
        "conference-poster" => PubKind::Poster,
        _ => PubKind::Other,
    };
    let date = match w.get("publication-date").filter(|d| !d.is_null()) {
        None => None,
        Some(d) => {
            let part = |k: &str| value_of(d, &[k, "value"]);
            let shown = [part("year"), part("month"), part("day")].iter().flatten().copied().collect::<Vec<_>>().join("-");
            match When::parse(&shown) {
                w @ When::Date(_) => Some(w),
                _ if shown.is_empty() => None,
                _ => {
                    diags.push(
                        Diagnostic::warning(format!("{key}.publication-date"), format!("`{shown}` is not a date; the work has none"))
                            .with_hint("correct the date in ORCID")
                            .at(pos),
                    );
                    None
                }
            }
        }
    };
    let mut authors = Vec::new();
    for c in w.get("contributors").and_then(|c| c.get("contributor")).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let role = value_of(c, &["contributor-attributes", "contributor-role"]).unwrap_or("author");
        if role != "author" && role != "http://credit.niso.org/contributor-roles/writing-original-draft/" {
            continue;
        }
        if let Some(n) = value_of(c, &["credit-name", "value"]) {
            authors.push(Author { name: n.to_string(), ..Author::default() });
        }
    }
    let url = value_of(w, &["url", "value"]).map(str::to_string);
    let paper = url
        .filter(|u| doi.as_ref().is_none_or(|d| !u.ends_with(d.as_str())))
        .or_else(|| arxiv.map(|a| format!("https://arxiv.org/abs/{a}")));
    let venue = journal.map(|j| Venue { name: j.to_string(), ..Venue::default() });
    Some((
        key.clone(),
        Publication {
            id: key,
            title: title.to_string(),
            authors,
            venue,
            kind,
            date,
            links: Links { doi, paper, ..Links::default() },
            ..Publication::default()
        },
    ))
}

/// Where the elements of the top-level array (`[3]`) and of arrays in the
/// top-level object (`group[3]`) start, by byte offset.
fn element_offsets(src: &str) -> HashMap<String, usize> {
    let bytes = src.as_bytes();
    let mut out = HashMap::new();
    // Container stack: (is array, key of this container in the top object, next index).
    let mut stack: Vec<(bool, String, usize)> = Vec::new();
    let mut last_key = String::new();
    let mut expecting_value = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let s = src.get(start..i.min(bytes.len())).unwrap_or_default();
                // A string in an object before a colon is a key.
                let rest = src.get(i + 1..).unwrap_or_default().trim_start();
                if rest.starts_with(':') && stack.last().is_some_and(|(arr, _, _)| !arr) {
                    last_key = s.to_string();
                    expecting_value = true;
                } else {
                    record(&mut out, &mut stack, start - 1, &mut expecting_value);
                }
            }
            b'[' | b'{' => {
                record(&mut out, &mut stack, i, &mut expecting_value);
                let key = if stack.len() == 1 && !stack[0].0 { last_key.clone() } else { String::new() };
                stack.push((b == b'[', key, 0));
                expecting_value = b == b'[';
            }
            b']' | b'}' => {
                stack.pop();
                expecting_value = false;
            }
            b',' => expecting_value = stack.last().is_some_and(|(arr, _, _)| *arr),
            b':' => expecting_value = true,
            c if !c.is_ascii_whitespace() => {
                record(&mut out, &mut stack, i, &mut expecting_value);
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b',' | b']' | b'}') && !bytes[i + 1].is_ascii_whitespace() {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn record(out: &mut HashMap<String, usize>, stack: &mut [(bool, String, usize)], at: usize, expecting: &mut bool) {
    if !*expecting {
        return;
    }
    *expecting = false;
    let depth = stack.len();
    if let Some((true, key, next)) = stack.last_mut() {
        if depth == 1 || depth == 2 && !key.is_empty() {
            out.insert(format!("{key}[{next}]"), at);
        }
        *next += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_items() {
        let src = "[\n {\"id\": \"a\", \"x\": [1, 2]},\n {\"id\": \"b\"}\n]";
        let o = element_offsets(src);
        assert_eq!(o.get("[0]"), Some(&3));
        assert_eq!(o.get("[1]"), Some(&src.find("{\"id\": \"b\"").unwrap()));
        let src = "{\"path\": \"/x\", \"group\": [ {\"a\": [3]}, {\"b\": 1} ]}";
        let o = element_offsets(src);
        assert_eq!(o.get("group[1]"), Some(&src.find("{\"b\"").unwrap()));
    }

    /// Every prefix of real files, and each with a bracket, a brace, a
    /// quote or a character of two, three or four bytes in every place:
    /// entries or diagnostics, no panic.
    #[test]
    fn cut_and_broken_files_never_panic() {
        for src in [include_str!("../../../tests/sources/zotero.json"), include_str!("../../../tests/sources/orcid-works.json")] {
            for (i, _) in src.char_indices().step_by(7) {
                let (head, tail) = src.split_at_checked(i).unwrap();
                let _ = read(head);
                for c in ["{", "}", "[", "\"", "0", "é", "€", "😀"] {
                    let _ = read(&format!("{head}{c}{tail}"));
                }
            }
        }
    }

    /// `literal` and `raw` dates (valid CSL) are read where they hold a
    /// date, and kept as text with a warning where they do not.
    #[test]
    fn literal_and_raw_dates() {
        let item = |issued: &str| format!(r#"[{{"id": "a", "type": "article-journal", "title": "T", "issued": {issued}}}]"#);
        for (issued, year, month) in [
            (r#"{"literal": "2019"}"#, 2019, None),
            (r#"{"raw": "2021-3"}"#, 2021, Some(3)),
            (r#"{"literal": "March 2020"}"#, 2020, Some(3)),
            (r#"{"raw": "05/2018"}"#, 2018, Some(5)),
        ] {
            let r = read(&item(issued));
            assert!(r.diagnostics.is_empty(), "{issued}: {:?}", r.diagnostics);
            let date = r.entries[0].publication.date.as_ref().and_then(|d| d.as_date()).unwrap();
            assert_eq!((date.year, date.month), (year, month), "{issued}");
        }
        let r = read(&item(r#"{"literal": "Summer session"}"#));
        assert_eq!(r.entries.len(), 1);
        assert_eq!(r.diagnostics[0].message, "`Summer session` is not a date vita reads; it is kept in the note");
        assert!(!r.diagnostics[0].is_error());
        assert_eq!(r.entries[0].publication.note.as_ref().map(|n| n.to_plain()), Some("Summer session".into()));
    }

    #[test]
    fn tells_kinds_apart() {
        assert_eq!(kind(r#"[{"id": "a", "type": "book", "title": "T"}]"#), Some(Kind::Csl));
        assert_eq!(kind(r#"{"last-modified-date": null, "group": [], "path": "/0000/works"}"#), Some(Kind::Orcid));
        assert_eq!(kind(r#"{"basics": {"name": "A"}}"#), None);
    }
}
