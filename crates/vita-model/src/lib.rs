//! The canonical CV model of vita: types, loading from RON text, validation
//! and derived facts. No filesystem, no terminal.
//!
//! The caller reads the file and hands its text to [`load`], which returns the
//! validated [`Document`] (the CV with its derived facts: publication numbers,
//! acceptance rates, venue counts) or every problem found, as
//! [`Diagnostic`]s with positions and field paths. Syntax and type errors stop
//! the parser, so there is at most one of those; semantic errors are all
//! collected in one pass.
//!
//! RON is read with `implicit_some` (optional fields need no `Some(...)`) and
//! `unwrap_variant_newtypes` (a section is written `Positions(title: ..., entries: [...])`)
//! switched on, so a hand-written file stays short.

pub mod budget;
pub mod date;
pub mod derive;
pub mod diag;
pub mod imported;
pub mod layout;
pub mod rich;
pub mod source;
pub mod spans;
pub mod target;
pub mod types;
pub mod validate;
pub mod visit;
pub use imported::check_imported;

pub use date::{Date, End, Season, When};
pub use derive::{venue_counts, venue_key, venue_tag, Document, Rate, VenueCount};
pub use diag::{Diagnostic, Severity};
pub use rich::{Inline, Rich};
use spans::join;
pub use spans::{LazySpans, LineStarts, Pos, SpanIndex};
pub use target::{DateStyle, Target};
pub use types::*;

use ron::extensions::Extensions;

/// The result of loading a CV: the document when there were no errors, and
/// every diagnostic (warnings included).
#[derive(Debug)]
pub struct Checked {
    /// The validated document; `None` when any diagnostic is an error.
    pub document: Option<Document>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The longest prefix of `s` of at most `max` bytes that ends at a
/// character boundary: text is never cut inside a character.
pub fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// The RON options vita reads with.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// Parses and validates RON source text. A leading byte-order mark (as
/// Windows editors write) is skipped.
pub fn load(src: &str) -> Checked {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    match parse(src) {
        // The source is scanned for positions only when there is something to point at.
        Ok(cv) => check_with(cv, || SpanIndex::scan(src)),
        Err(d) => Checked { document: None, diagnostics: vec![*d] },
    }
}

/// Validates a CV that came from elsewhere (an import); `index` gives positions.
pub fn check(cv: Cv, index: &SpanIndex) -> Checked {
    check_with(cv, || index.clone())
}

/// Validates a CV; `index` is called for positions only when a diagnostic needs them.
pub fn check_with(cv: Cv, index: impl FnOnce() -> SpanIndex) -> Checked {
    let mut diagnostics = validate::validate(&cv, &SpanIndex::default());
    if !diagnostics.is_empty() {
        let index = index();
        for d in &mut diagnostics {
            if d.pos.is_none() {
                d.pos = index.find(&d.path);
            }
        }
    }
    diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    let document = if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(Document::new(cv)) };
    Checked { document, diagnostics }
}

/// Parses RON source into the model without semantic checks.
pub fn parse(src: &str) -> Result<Cv, Box<Diagnostic>> {
    parse_as(src)
}

/// Parses RON source into any of the model's types (a list of targets, a
/// preset) with the same options and diagnostics as a CV.
pub fn parse_as<T: serde::de::DeserializeOwned>(src: &str) -> Result<T, Box<Diagnostic>> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let options = ron_options();
    let mut de = ron::Deserializer::from_str_with_options(src, &options).map_err(|e| Box::new(syntax(e, String::new(), src)))?;
    let value: T = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            let path = user_path(e.path());
            let inner = e.into_inner();
            let spanned = de.span_error(inner);
            return Err(Box::new(syntax(spanned, path, src)));
        }
    };
    if let Err(e) = de.end() {
        return Err(Box::new(syntax(de.span_error(e), String::new(), src)));
    }
    Ok(value)
}

/// How many unknown fields [`check_past_unknown_fields`] reports before it
/// stops looking for more.
pub const MAX_UNKNOWN_FIELDS: usize = 50;

/// How many bytes [`check_past_unknown_fields`] parses again in all: a CV
/// at the input limit is parsed four times at most.
const REPARSE_BYTES: usize = 64 * 1024 * 1024;

/// Parses and checks a CV whose parse stopped at an unknown field, so that
/// one run reports them all and the problems of the values around them:
/// each unknown field is blanked (its name and value turned to spaces, so
/// every other place keeps its line and column) and the text parsed again,
/// up to [`MAX_UNKNOWN_FIELDS`] times; the CV the rest makes is then
/// checked as any other. Never a document: an unknown field is an error.
pub fn check_past_unknown_fields(src: &str) -> Checked {
    let mut text = src.strip_prefix('\u{feff}').unwrap_or(src).to_string();
    let mut diagnostics = Vec::new();
    // Each pass parses the whole text again: a large file gets fewer.
    let passes = MAX_UNKNOWN_FIELDS.min(1 + REPARSE_BYTES / text.len().max(1));
    loop {
        match parse(&text) {
            Ok(cv) => {
                diagnostics.extend(check_with(cv, || SpanIndex::scan(&text)).diagnostics);
                break;
            }
            Err(d) => {
                let unknown = d.message.starts_with("unknown field");
                let blanked = match d.pos {
                    Some(p) if unknown && diagnostics.len() + 1 < passes => blank_field(&text, p),
                    _ => None,
                };
                // A field missing because it was written under another
                // tool's name is said once, by that name's hint.
                let parent = |p: &str| p.rsplit_once('.').map_or(String::new(), |(head, _)| head.to_string());
                let named = d.message.strip_prefix("missing field ").is_some_and(|field| {
                    diagnostics
                        .iter()
                        .any(|u: &Diagnostic| parent(&u.path) == parent(&d.path) && u.hint.as_deref().is_some_and(|h| h.contains(field)))
                });
                if !named {
                    diagnostics.push(*d);
                }
                match blanked {
                    Some(t) => text = t,
                    None => break,
                }
            }
        }
    }
    diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    Checked { document: None, diagnostics }
}

/// The text with the field written at `at` (`name: value,`) turned to
/// spaces, line breaks kept; `None` when no field is found there.
fn blank_field(text: &str, at: Pos) -> Option<String> {
    use layout::Kind;
    let mut chars: Vec<char> = text.chars().collect();
    // The character index of the line and column.
    let mut i = 0;
    for _ in 1..at.line {
        i += chars[i..].iter().position(|c| *c == '\n')? + 1;
    }
    let start = i + at.col.checked_sub(1)?;
    // The name, `:`, then the value: up to a comma or a closing bracket
    // outside any bracket of its own (strings and comments are tokens).
    let toks = layout::tokens(text).ok()?;
    let k = toks.iter().position(|t| t.start == start && t.kind == Kind::Atom)?;
    if toks.get(k + 1)?.kind != Kind::Colon {
        return None;
    }
    let mut depth = 0usize;
    let end = toks[k + 2..].iter().find_map(|t| match t.kind {
        Kind::Open(_) => {
            depth += 1;
            None
        }
        Kind::Close if depth == 0 => Some(t.start),
        Kind::Close => {
            depth -= 1;
            None
        }
        Kind::Comma if depth == 0 => Some(t.start + 1),
        _ => None,
    })?;
    for c in &mut chars[start..end] {
        if *c != '\n' {
            *c = ' ';
        }
    }
    Some(chars.into_iter().collect())
}

/// A field path as users write it: `sections[2].entries[0].end`, without enum variant names.
pub fn user_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Turns a `ron` error into a diagnostic with a readable message and a hint.
fn syntax(e: ron::error::SpannedError, path: String, src: &str) -> Diagnostic {
    use ron::Error as E;
    let mut pos = Some(Pos { line: e.span.start.line, col: e.span.start.col });
    let (path, message, hint) = match e.code {
        E::NoSuchStructField { expected, found, .. } => {
            let hint = match validate::closest(&found, expected.iter().copied()) {
                // Settings of earlier versions that moved.
                _ if found == "jsonresume" && expected.contains(&"formats") => {
                    "JSON Resume's settings moved: write `formats: {\"jsonresume\": {\"$schema\": \"...\", \"meta.version\": \"...\"}}`, or run `vita import` on the JSON file again".to_string()
                }
                // A name from JSON Resume, RenderCV, Europass or LinkedIn.
                _ if foreign_name(&found, expected).is_some() => {
                    format!("vita calls it `{}`", foreign_name(&found, expected).unwrap_or_default())
                }
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("expected one of {}", list(expected)),
            };
            // The parser stops after the field name: point at the name.
            let path = if path.ends_with(&format!(".{found}")) || path == found { path } else { join(&path, &found) };
            (path, format!("unknown field `{found}`"), Some(hint))
        }
        E::MissingStructField { field, .. } => {
            // The parser stops at the end of the entry; point at its start.
            if let Some(p) = SpanIndex::scan(src).find(&path) {
                pos = Some(p);
            }
            (join(&path, field), format!("missing field `{field}`"), Some(format!("add `{field}: ...` to this entry")))
        }
        E::DuplicateStructField { field, .. } => {
            (join(&path, field), format!("field `{field}` is given twice"), Some("keep one of them".into()))
        }
        E::NoSuchEnumVariant { expected, found, .. } => {
            let what = if path.is_empty() || path.ends_with(']') && path.starts_with("sections") && !path.contains('.') {
                "section kind"
            } else {
                "value"
            };
            let hint = match validate::closest(&found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("expected one of {}", list(expected)),
            };
            (path, format!("unknown {what} `{found}`"), Some(hint))
        }
        E::InvalidValueForType { expected, found } => (path, format!("expected {expected}, found {found}"), None),
        E::ExpectedDifferentLength { expected, found } => (path, format!("expected {expected}, found {found} elements"), None),
        E::Message(m) => (path, m, None),
        E::Eof => (path, "the file ends too early".into(), Some("a bracket or parenthesis is not closed".into())),
        // A name in quotes (`kind: "Journal"`), as JSON and YAML write every value.
        E::ExpectedIdentifier if quoted_name(src, e.span.start.line, e.span.start.col).is_some() => {
            let name = quoted_name(src, e.span.start.line, e.span.start.col).unwrap_or_default();
            (path, format!("expected a name, found the text \"{name}\""), Some(format!("drop the quotes: `{name}`")))
        }
        E::ExpectedString | E::ExpectedStringEnd => (path, "expected a string in double quotes".into(), None),
        E::ExpectedInteger => (path, "expected a whole number".into(), Some("write it without quotes, such as 2018".into())),
        E::ExpectedBoolean => (path, "expected `true` or `false`".into(), None),
        E::TrailingCharacters => (path, "unexpected text after the end of the CV".into(), Some("the whole CV is one `( ... )`".into())),
        other => {
            let hint = match &other {
                E::ExpectedComma => Some("separate fields and entries with commas".into()),
                E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
                    Some("check for a missing comma or bracket just before".into())
                }
                E::ExpectedIdentifier => Some("check for a missing `)` or a stray comma just before".into()),
                _ => None,
            };
            (path, lower_first(&other.to_string()), hint)
        }
    };
    Diagnostic { severity: Severity::Error, pos, path, message, hint }
}

/// Field names other tools use, and vita's: the first of the vita names
/// that the place takes is the one to write. (JSON Resume: `company`,
/// `startDate`, `studyType`, `area`, `awarder`, ...; RenderCV: `position`,
/// `start_date`, `institution` in an experience; Europass and LinkedIn:
/// `employer`, `organization`, `school`.)
const FOREIGN: &[(&str, &[&str])] = &[
    ("company", &["org", "institution", "issuer"]),
    ("employer", &["org", "institution"]),
    ("organization", &["org", "institution", "issuer", "funder"]),
    ("organisation", &["org", "institution", "issuer", "funder"]),
    ("institution", &["org", "issuer"]),
    ("school", &["institution", "org"]),
    ("university", &["institution", "org"]),
    ("position", &["title", "role"]),
    ("jobTitle", &["title", "role"]),
    ("job_title", &["title", "role"]),
    ("startDate", &["start", "date", "term"]),
    ("start_date", &["start", "date", "term"]),
    ("endDate", &["end"]),
    ("end_date", &["end"]),
    ("releaseDate", &["date"]),
    ("release_date", &["date"]),
    ("studyType", &["degree"]),
    ("study_type", &["degree"]),
    ("area", &["field"]),
    ("score", &["grade"]),
    ("gpa", &["grade"]),
    ("summary", &["description", "body", "note"]),
    ("awarder", &["by"]),
    ("publisher", &["venue"]),
    ("website", &["url"]),
    ("url", &["website"]),
    ("picture", &["photo"]),
    ("image", &["photo"]),
    ("authority", &["issuer"]),
    ("proficiency", &["level", "fluency"]),
    ("language", &["name"]),
    ("label", &["title"]),
    ("name", &["org", "institution", "course", "title"]),
];

/// vita's name for a field another tool names `found`, if the place has it.
fn foreign_name(found: &str, expected: &[&str]) -> Option<&'static str> {
    let (_, ours) = FOREIGN.iter().find(|(theirs, _)| *theirs == found)?;
    ours.iter().copied().find(|o| expected.contains(o))
}

/// The name a parse error points at when it is written in quotes
/// (`"Journal"` where `Journal` belongs): the text between the quotes.
fn quoted_name(src: &str, line: usize, col: usize) -> Option<String> {
    let text = src.lines().nth(line.checked_sub(1)?)?;
    let rest: String = text.chars().skip(col.checked_sub(1)?).collect();
    let inner = rest.strip_prefix('"')?;
    let name = &inner[..inner.find('"')?];
    let mut chars = name.chars();
    (chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| name.to_string())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// Serialises a CV as the RON vita reads: `implicit_some`, one field per line.
pub fn to_ron(cv: &Cv) -> Result<String, ron::Error> {
    to_ron_value(cv)
}

/// Serialises any part of a CV (a section) as the RON vita reads.
pub fn to_ron_value<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .extensions(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES);
    let mut s = ron::ser::to_string_pretty(value, config)?;
    s.push('\n');
    Ok(s)
}
