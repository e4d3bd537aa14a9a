//! Publications read from BibTeX and BibLaTeX (`from: "papers.bib"`).
//!
//! Parsed with the `biblatex` crate (the parser Typst uses), which resolves
//! `@string` abbreviations, month macros and `crossref`, and turns the
//! common LaTeX in values into text: accents (`{\"u}`, `\'e`, `{\c c}`),
//! dashes (`--`), escapes (`\&`). Here the rest becomes Unicode: `~` a
//! no-break space, formatting commands (`\emph{x}`) their argument, Greek
//! letters in math (`$\mu$`) the letter; a command vita does not know stays
//! as written, with a warning.
//!
//! Mapping: authors (`Park, Seo Jin` -> `Seo Jin Park`; `and others` -> `et
//! al.`; `{Corporate Author}` keeps its whole name as the family name),
//! title, venue from `journal`/`journaltitle`/`booktitle`/`school`/
//! `institution`/`howpublished`, a short name from `shortjournal` or
//! `shortbooktitle` or a DBLP key (`DBLP:conf/nsdi/...` -> `NSDI`), date from
//! `date` or `year` and `month`, `doi`/`url`/`eprint` to links, `volume`,
//! `number`, `pages`, `eid`/`articleno`, `publisher`, `address`/`location`,
//! `edition`, `note`, `keywords` to tags, `pubstate` to the status, and the
//! entry type to the kind. Fields vita has no place for are named in one
//! warning per file; bookkeeping fields (`timestamp`, `biburl`, ...) are not.

use std::collections::{BTreeMap, HashMap};

use biblatex::{Bibliography, Chunk, ChunksRef, ParseError, ParseErrorKind, Person, RawBibliography, Token};
use vita_model::source::{SourceEntry, SourceRead};
use vita_model::{Author, Date, Diagnostic, LineStarts, Links, Pos, PubKind, Publication, Rich, Status, Venue, When};

/// Fields a bibliography tool keeps for itself; not worth a warning.
const BOOKKEEPING: &[&str] = &[
    "timestamp",
    "biburl",
    "bibsource",
    "file",
    "owner",
    "added-at",
    "urldate",
    "interhash",
    "intrahash",
    "langid",
    "crossref",
    "xdata",
    "archiveprefix",
    "eprinttype",
    "primaryclass",
    "eprintclass",
    "copyright",
    "mendeley-tags",
    "annote",
];

/// Fields this reader maps.
const MAPPED: &[&str] = &[
    "author",
    "title",
    "journal",
    "journaltitle",
    "booktitle",
    "school",
    "institution",
    "howpublished",
    "organization",
    "shortjournal",
    "shortbooktitle",
    "date",
    "year",
    "month",
    "doi",
    "url",
    "eprint",
    "volume",
    "number",
    "issue",
    "pages",
    "eid",
    "articleno",
    "publisher",
    "address",
    "location",
    "venue",
    "edition",
    "note",
    "keywords",
    "pubstate",
    "series",
];

/// How BibTeX files write a tilde character (as opposed to `~`, a no-break space).
const TILDES: &[&str] = &["\\textasciitilde{}", "\\textasciitilde", "\\~{}"];

/// The fields a publication's parts come from, for positions.
const FIELD_PATHS: &[(&str, &[&str])] = &[
    (".title", &["title"]),
    (".authors", &["author", "editor"]),
    (".venue", &["booktitle", "journal", "journaltitle", "school", "institution", "howpublished", "publisher"]),
    (".venue.volume", &["volume"]),
    (".venue.issue", &["number", "issue"]),
    (".venue.pages", &["pages"]),
    (".venue.publisher", &["publisher"]),
    (".date", &["date", "year"]),
    (".links.doi", &["doi"]),
    (".links.paper", &["url", "eprint"]),
    (".note", &["note"]),
    (".tags", &["keywords"]),
];

/// A patent's country, as patent numbers are written (`US`, `EP`), from
/// BibLaTeX's `type` (`patentus`, `patreqeu`); any other type as written.
fn patent_office(t: &str) -> String {
    let code = t.strip_prefix("patent").or_else(|| t.strip_prefix("patreq"));
    match code {
        Some("us") => "US".into(),
        Some("eu") => "EP".into(),
        Some("uk") => "GB".into(),
        Some("de") => "DE".into(),
        Some("fr") => "FR".into(),
        _ => t.to_string(),
    }
}

/// Reads a `.bib` file's text.
pub fn read(src: &str) -> SourceRead {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let fixed = dotless_under_accents(src);
    let src = fixed.as_deref().unwrap_or(src);
    // A tilde written as a character (not a tie) is kept apart from `~`.
    let tildes = TILDES.iter().any(|t| src.contains(t)).then(|| TILDES.iter().fold(src.to_string(), |s, t| s.replace(t, "\u{e000}")));
    let src = tildes.as_deref().unwrap_or(src);
    // `@article( ... )`, as older files write entries: braces, in place.
    let braced = parens_to_braces(src);
    let src = braced.as_deref().unwrap_or(src);
    let lines = LineStarts::new(src);
    let mut out = SourceRead::default();
    if let Some(d) = too_deep(src, &lines) {
        out.diagnostics.push(d);
        return out;
    }
    // As BibTeX and biber do, an entry that does not parse is skipped with a
    // warning naming it, and the rest is read: its text is blanked (line
    // breaks kept, so every position stays) and the file parsed again.
    let mut blanked: Option<String> = None;
    loop {
        let text = blanked.as_deref().unwrap_or(src);
        let Err(e) = RawBibliography::parse(text) else { break };
        let d = parse_error(&e, text, &lines);
        let entry = bad_entry(text, e.span.start).filter(|_| out.diagnostics.len() < MAX_SKIPPED);
        let Some((start, end, ran_on)) = entry else {
            out.diagnostics.push(d);
            return out;
        };
        let key = entry_key(text.get(start..end).unwrap_or_default());
        let skipped = if ran_on && d.message != "a brace `{` is not closed" {
            // The parser stopped at the next entry: this one was never closed.
            let next = lines.pos(text, end);
            Diagnostic::warning(key.clone(), format!("the entry `{key}` is skipped: it runs into the next one, at line {}", next.line))
                .with_hint("a brace `{` or a quote in it is not closed")
                .at(Some(lines.pos(text, start)))
        } else {
            let mut w = Diagnostic::warning(key.clone(), format!("the entry `{key}` is skipped: {}", d.message)).at(d.pos);
            w.hint = d.hint;
            w
        };
        out.diagnostics.push(skipped);
        let mut bytes = text.as_bytes().to_vec();
        for b in bytes.get_mut(start..end).into_iter().flatten() {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        // Only ASCII was written over whole characters' bytes: still UTF-8.
        blanked = String::from_utf8(bytes).ok();
        if blanked.is_none() {
            return out;
        }
    }
    let src = blanked.as_deref().unwrap_or(src);
    let mut raw = match RawBibliography::parse(src) {
        Ok(r) => r,
        Err(e) => {
            out.diagnostics.push(parse_error(&e, src, &lines));
            return out;
        }
    };
    if let Some(d) = abbreviations_out_of_bounds(&raw, src, &lines) {
        out.diagnostics.push(d);
        return out;
    }
    // Every duplicate key is reported; the first entry of a key is kept.
    let mut first: HashMap<String, Pos> = HashMap::new();
    let mut kept = Vec::with_capacity(raw.entries.len());
    for e in std::mem::take(&mut raw.entries) {
        let pos = lines.pos(src, e.span.start);
        let key = e.v.key.v.to_string();
        if let Some(p) = first.get(&key) {
            out.diagnostics.push(
                Diagnostic::warning(key.clone(), format!("the key `{key}` is used twice; this entry is skipped"))
                    .with_hint(format!("the first entry with it, at line {}, is read; keys name one entry each", p.line))
                    .at(Some(pos)),
            );
        } else {
            first.insert(key, pos);
            kept.push(e);
        }
    }
    raw.entries = kept;
    // Each entry's own fields, as written (the parser merges a `crossref`'d
    // volume's fields in, and may fold a `year` into a `date`).
    let own: HashMap<String, Vec<(String, String)>> = raw
        .entries
        .iter()
        .map(|e| {
            let fields =
                e.v.fields
                    .iter()
                    .map(|f| {
                        let value: String = f
                            .value
                            .v
                            .iter()
                            .map(|c| match c.v {
                                biblatex::RawChunk::Normal(s) | biblatex::RawChunk::Abbreviation(s) => s,
                            })
                            .collect();
                        (f.key.v.to_ascii_lowercase(), value)
                    })
                    .collect();
            (e.v.key.v.to_string(), fields)
        })
        .collect();
    let kinds: HashMap<String, (String, Pos)> =
        raw.entries.iter().map(|e| (e.v.key.v.to_string(), (e.v.kind.v.to_ascii_lowercase(), lines.pos(src, e.span.start)))).collect();
    let parents: std::collections::HashSet<String> = raw
        .entries
        .iter()
        .flat_map(|e| e.v.fields.iter())
        .filter(|f| f.key.v.eq_ignore_ascii_case("crossref"))
        .map(|f| {
            f.value
                .v
                .iter()
                .map(|c| match c.v {
                    biblatex::RawChunk::Normal(s) | biblatex::RawChunk::Abbreviation(s) => s,
                })
                .collect::<String>()
        })
        .collect();
    undefined_abbreviations(&mut raw, src, &lines, &mut out.diagnostics);
    // A value the parser cannot read (a stray `}` inside it): that entry
    // is skipped, as a malformed one is.
    let bib = loop {
        match Bibliography::from_raw(raw.clone()) {
            Ok(b) => break b,
            Err(e) => {
                let at = e.span.start;
                let bad = raw.entries.iter().position(|x| x.span.start <= at && at <= x.span.end);
                match bad.filter(|_| out.diagnostics.len() < MAX_SKIPPED) {
                    Some(i) => {
                        let d = parse_error(&e, src, &lines);
                        let key = raw.entries[i].v.key.v.to_string();
                        let mut w = Diagnostic::warning(key.clone(), format!("the entry `{key}` is skipped: {}", d.message)).at(d.pos);
                        w.hint = d.hint;
                        out.diagnostics.push(w);
                        raw.entries.remove(i);
                    }
                    None => {
                        out.diagnostics.push(parse_error(&e, src, &lines));
                        return out;
                    }
                }
            }
        }
    };
    let mut unused: BTreeMap<String, usize> = BTreeMap::new();
    for entry in bib.iter() {
        let Some((kind, pos)) = kinds.get(&entry.key) else { continue };
        // A volume other entries point to (DBLP's `@proceedings` for `crossref`)
        // is where they appeared, not a publication of its own.
        if parents.contains(&entry.key) {
            continue;
        }
        let fields = own.get(&entry.key).map_or(&[][..], Vec::as_slice);
        let mut reader = EntryReader { entry, own: fields, kind, pos: *pos, src, lines: &lines, diagnostics: Vec::new() };
        let mut publication = reader.publication();
        let mut said = std::mem::take(&mut reader.diagnostics);
        // An entry vita cannot read (no title) is skipped, as biber skips
        // one it cannot use, and the rest of the file is read.
        if said.iter().any(Diagnostic::is_error) {
            publication = None;
            for d in &mut said {
                if d.is_error() {
                    *d = Diagnostic {
                        severity: vita_model::Severity::Warning,
                        message: format!("{}; the entry is skipped", d.message),
                        ..d.clone()
                    };
                }
            }
        }
        out.diagnostics.append(&mut said);
        for name in entry.fields.keys() {
            let own = match name.as_str() {
                "version" => matches!(kind.as_str(), "software" | "dataset" | "data"),
                // A patent's office; a report's series.
                "type" => {
                    kind == "patent" || (matches!(kind.as_str(), "techreport" | "report") && entry.fields.contains_key("institution"))
                }
                _ => false,
            };
            if !MAPPED.contains(&name.as_str()) && !BOOKKEEPING.contains(&name.as_str()) && !own {
                *unused.entry(name.clone()).or_default() += 1;
            }
        }
        if let Some(p) = publication {
            let mut fields = Vec::new();
            for (path, names) in FIELD_PATHS {
                if let Some(at) = names.iter().find_map(|n| reader.field_start(n)) {
                    fields.push((*path, at));
                }
            }
            out.entries.push(SourceEntry { key: entry.key.clone(), publication: p, pos: Some(*pos), fields });
        }
    }
    if !unused.is_empty() {
        let list: Vec<String> = unused.iter().map(|(f, n)| format!("`{f}` ({n})")).collect();
        out.diagnostics.push(
            Diagnostic::warning("", format!("vita has no place for these fields, so they are left out: {}", list.join(", ")))
                .with_hint("an entry's overlay in the CV can carry what matters of them as a `note` or `tags`"),
        );
    }
    out
}

/// How deep braces may nest: the parser (and LaTeX commands' arguments)
/// recurse per level; real files stay under ten.
pub const MAX_DEPTH: usize = 64;

/// How long one value may grow once `@string` abbreviations are expanded
/// (`@string{b = a # a}` doubles a string per line): the CV's own limit for
/// one text field.
pub const MAX_EXPANDED: usize = vita_model::budget::STRING_BYTES;

/// How far the whole file may grow once expanded ([`vita_model::budget::BIB_EXPANDED_BYTES`]).
const BIB_EXPANDED_BYTES: usize = vita_model::budget::BIB_EXPANDED_BYTES;

/// Braces nested deeper than [`MAX_DEPTH`], as a diagnostic at the first
/// brace past it.
fn too_deep(src: &str, lines: &LineStarts) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in src.char_indices() {
        match c {
            '\\' => {
                escaped = !escaped;
                continue;
            }
            '{' if !escaped => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(
                        Diagnostic::error("", format!("braces are nested more than {MAX_DEPTH} levels deep"))
                            .with_hint("a bibliography entry needs a few levels; check for braces that are not closed")
                            .at(Some(lines.pos(src, i))),
                    );
                }
            }
            '}' if !escaped => depth = depth.saturating_sub(1),
            // A new entry starts from the top (an unclosed brace is reported by the parser).
            '@' if depth > 0 && src.as_bytes().get(i.wrapping_sub(1)) == Some(&b'\n') => depth = 0,
            _ => {}
        }
        escaped = false;
    }
    None
}

/// An abbreviation that refers to itself or to one defined after it (which
/// the parser would follow forever), or a value longer than
/// [`MAX_EXPANDED`] once abbreviations are expanded.
fn abbreviations_out_of_bounds(raw: &RawBibliography, src: &str, lines: &LineStarts) -> Option<Diagnostic> {
    use biblatex::RawChunk;
    let defined: std::collections::HashSet<&str> = raw.abbreviations.iter().map(|p| p.key.v).collect();
    let mut lengths: HashMap<&str, usize> = HashMap::new();
    let length = |field: &[biblatex::Spanned<RawChunk>], lengths: &HashMap<&str, usize>| -> Result<usize, String> {
        let mut n = 0usize;
        for c in field {
            n = n.saturating_add(match c.v {
                RawChunk::Normal(s) => s.len(),
                RawChunk::Abbreviation(a) => match lengths.get(a) {
                    Some(l) => *l,
                    None if defined.contains(a) => return Err(a.to_string()),
                    // A month, or an undefined name the parser reports.
                    None => 9,
                },
            });
        }
        Ok(n)
    };
    let too_long = |what: String, at: usize, n: usize| {
        Diagnostic::error("", format!("{what} is {n} bytes long once its abbreviations are expanded, over the limit of {MAX_EXPANDED}"))
            .with_hint("an `@string` that joins others doubles with each line; write the value out")
            .at(Some(lines.pos(src, at)))
    };
    for pair in &raw.abbreviations {
        match length(&pair.value.v, &lengths) {
            Err(other) => {
                return Some(
                    Diagnostic::error("", format!("the abbreviation `{}` uses `{other}`, which is not defined before it", pair.key.v))
                        .with_hint("define an `@string` before the ones that use it; none may use itself")
                        .at(Some(lines.pos(src, pair.key.span.start))),
                )
            }
            Ok(n) if n > MAX_EXPANDED => return Some(too_long(format!("the abbreviation `{}`", pair.key.v), pair.key.span.start, n)),
            Ok(n) => {
                lengths.insert(pair.key.v, n);
            }
        }
    }
    // One level of `crossref` (and `xdata`), as BibTeX resolves: the parser
    // follows chains recursively, and a cycle forever.
    let links = |e: &biblatex::RawEntry| -> Vec<String> {
        e.fields
            .iter()
            .filter(|f| f.key.v.eq_ignore_ascii_case("crossref") || f.key.v.eq_ignore_ascii_case("xdata"))
            .map(|f| {
                f.value
                    .v
                    .iter()
                    .map(|c| match c.v {
                        RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                    })
                    .collect::<String>()
            })
            .collect()
    };
    let parents: std::collections::HashSet<String> =
        raw.entries.iter().flat_map(|e| links(&e.v)).flat_map(|l| l.split(',').map(|k| k.trim().to_string()).collect::<Vec<_>>()).collect();
    for e in &raw.entries {
        if parents.contains(e.v.key.v) && !links(&e.v).is_empty() {
            return Some(
                Diagnostic::error(e.v.key.v.to_string(), format!("`{}` is named by a `crossref` and has one itself", e.v.key.v))
                    .with_hint("BibTeX resolves one level: give the volume's fields here instead of a second `crossref`")
                    .at(Some(lines.pos(src, e.span.start))),
            );
        }
    }
    // Each value alone is bounded; so is the whole file once expanded: an
    // entry counts its own fields and those of the volume it crossrefs
    // (10,000 papers crossref'ing one volume with a 1 MiB field would be
    // 10 GB).
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for e in &raw.entries {
        let mut own = 0usize;
        for f in &e.v.fields {
            if let Ok(n) = length(&f.value.v, &lengths) {
                if n > MAX_EXPANDED {
                    return Some(too_long(format!("the field `{}` of `{}`", f.key.v, e.v.key.v), f.key.span.start, n));
                }
                own = own.saturating_add(n);
            }
        }
        sizes.insert(e.v.key.v, own);
    }
    let mut total = 0usize;
    for e in &raw.entries {
        let inherited: usize = links(&e.v)
            .iter()
            .flat_map(|l| l.split(',').map(str::trim).map(|k| sizes.get(k).copied().unwrap_or(0)).collect::<Vec<_>>())
            .sum();
        total = total.saturating_add(sizes.get(e.v.key.v).copied().unwrap_or(0)).saturating_add(inherited);
        if total > BIB_EXPANDED_BYTES {
            return Some(
                Diagnostic::error(
                    e.v.key.v.to_string(),
                    format!("the file grows past {BIB_EXPANDED_BYTES} bytes here once its abbreviations and `crossref`s are expanded"),
                )
                .with_hint("many entries take a long value from one `@string` or `crossref`; write shorter values")
                .at(Some(lines.pos(src, e.span.start))),
            );
        }
    }
    None
}

/// `{\'\i}` and `\'{\i}` (an accent over a dotless i, as BibTeX files
/// write í) as `{\'i}`: the parser would put the accent on the letter
/// before. `None` when there is none.
fn dotless_under_accents(src: &str) -> Option<String> {
    if !src.contains("\\i") && !src.contains("\\j") {
        return None;
    }
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut changed = false;
    let mut last = 0;
    for (i, _) in src.match_indices('\\') {
        let Some(&letter) = b.get(i + 1) else { continue };
        let ends = b.get(i + 2).is_none_or(|c| !c.is_ascii_alphabetic());
        // `\X\i` or `\X{\i`, X an accent command.
        let before = &b[..i];
        let accent = |k: usize| k >= 2 && b[k - 2] == b'\\' && b"'`^\"~=.uvHcdbkr".contains(&b[k - 1]);
        let under = accent(before.len()) || before.last() == Some(&b'{') && accent(before.len() - 1);
        if matches!(letter, b'i' | b'j') && ends && under {
            out.push_str(src.get(last..i).unwrap_or_default());
            last = i + 1;
            changed = true;
        }
    }
    changed.then(|| {
        out.push_str(src.get(last..).unwrap_or_default());
        out
    })
}

/// Where an entry that runs into the next one (at `next`, an `@` starting
/// a line) leaves a brace open: the first `{` of a line after which a new
/// field starts while that brace is still open.
fn unclosed_brace(src: &str, next: usize) -> Option<usize> {
    let start = src.get(..next)?.rfind("\n@").map(|i| i + 1).or_else(|| src.starts_with('@').then_some(0))?;
    let entry = src.get(start..next)?;
    let body = entry.find('{')? + 1;
    let mut open: Vec<usize> = Vec::new();
    let mut offset = start + body;
    let mut lines = entry.get(body..)?.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match c {
                '\\' => escaped = !escaped,
                '{' if !escaped => open.push(offset + i),
                '}' if !escaped => {
                    open.pop();
                }
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        offset += line.len();
        let next_is_field = lines.peek().is_some_and(|l| {
            let t = l.trim_start();
            let name = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(0);
            name > 0 && t.get(name..).is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        if next_is_field {
            if let Some(&first) = open.first() {
                return Some(first);
            }
        }
    }
    None
}

/// The first four-digit year (1000 to 2999) standing alone in a text.
fn year_in(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = b.get(i..i + 4)?;
        let alone = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (alone && digits.iter().all(u8::is_ascii_digit) && matches!(digits[0], b'1' | b'2'))
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
            .flatten()
    })
}

/// `@type( ... )` entries with braces instead, each parenthesis replaced in
/// place (positions stay); `None` when the file has none.
fn parens_to_braces(src: &str) -> Option<String> {
    let b = src.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'@' && (i == 0 || matches!(b[i - 1], b'\n' | b'\r' | b' ' | b'\t' | b'}' | b')')) {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            while j < b.len() && matches!(b[j], b' ' | b'\t') {
                j += 1;
            }
            if j > i + 1 && b.get(j) == Some(&b'(') {
                // The matching `)`: outside braces and quotes.
                let (mut depth, mut quoted, mut k) = (0usize, false, j + 1);
                let mut close = None;
                while k < b.len() {
                    match b[k] {
                        b'\\' => k += 1,
                        b'{' => depth += 1,
                        b'}' => depth = depth.saturating_sub(1),
                        b'"' if depth == 0 => quoted = !quoted,
                        b')' if depth == 0 && !quoted => {
                            close = Some(k);
                            break;
                        }
                        b'@' if depth == 0 && !quoted && matches!(b[k - 1], b'\n') => break,
                        _ => {}
                    }
                    k += 1;
                }
                if let Some(c) = close {
                    let o = out.get_or_insert_with(|| b.to_vec());
                    o[j] = b'{';
                    o[c] = b'}';
                    i = c;
                }
            }
        }
        i += 1;
    }
    // Only ASCII bytes were swapped for ASCII bytes: still UTF-8.
    out.and_then(|o| String::from_utf8(o).ok())
}

/// Abbreviations a field uses but the file never defines: read as their
/// names, with a warning (BibTeX warns and reads nothing; the name says more).
fn undefined_abbreviations(raw: &mut RawBibliography, src: &str, lines: &LineStarts, said: &mut Vec<Diagnostic>) {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let defined: std::collections::HashSet<String> = raw.abbreviations.iter().map(|p| p.key.v.to_ascii_lowercase()).collect();
    for e in &mut raw.entries {
        let key = e.v.key.v.to_string();
        for f in &mut e.v.fields {
            for c in &mut f.value.v {
                if let biblatex::RawChunk::Abbreviation(name) = c.v {
                    let lower = name.to_ascii_lowercase();
                    if !defined.contains(&lower) && !MONTHS.contains(&lower.as_str()) {
                        said.push(
                            Diagnostic::warning(
                                format!("{key}.{}", f.key.v),
                                format!("`{name}` is not a defined abbreviation; it is read as the text `{name}`"),
                            )
                            .with_hint(format!("define it with `@string{{{name} = {{...}}}}`, or put the value in braces"))
                            .at(Some(lines.pos(src, c.span.start))),
                        );
                        c.v = biblatex::RawChunk::Normal(name);
                    }
                }
            }
        }
    }
}

/// How many entries of one file may be skipped before the file is refused.
const MAX_SKIPPED: usize = 100;

/// Where the entry a parse error is in starts and ends: from its `@` at a
/// line's start to the next such `@`; and whether the error stood at the
/// next entry's `@` (the entry ran into it). `None` before the first entry.
fn bad_entry(src: &str, at: usize) -> Option<(usize, usize, bool)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut line = 0;
    for l in src.split_inclusive('\n') {
        if l.trim_start_matches([' ', '\t']).starts_with('@') {
            starts.push(line + (l.len() - l.trim_start_matches([' ', '\t']).len()));
        }
        line += l.len();
    }
    let at = at.min(src.len());
    let mut i = starts.iter().rposition(|s| *s <= at)?;
    let ran_on = starts[i] == at && i > 0;
    if ran_on {
        i -= 1;
    }
    Some((starts[i], starts.get(i + 1).copied().unwrap_or(src.len()), ran_on))
}

/// The key of an entry's text (`@article{key, ...`), or `?`.
fn entry_key(entry: &str) -> String {
    entry
        .split_once(['{', '('])
        .map(|(_, rest)| rest.split([',', '\n', '}', ' ', '\t', '=']).next().unwrap_or_default().trim().to_string())
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .unwrap_or_else(|| "?".into())
}

/// A parser error as a diagnostic: unbalanced braces get their own words.
fn parse_error(e: &ParseError, src: &str, lines: &LineStarts) -> Diagnostic {
    // An entry that runs into the next one has a brace left open.
    let at_next_entry = src.get(e.span.start..).is_some_and(|rest| rest.starts_with('@'))
        && src.get(..e.span.start).is_some_and(|before| before.ends_with('\n'));
    if at_next_entry && !matches!(e.kind, ParseErrorKind::DuplicateKey(_) | ParseErrorKind::UnknownAbbreviation(_)) {
        let next = lines.pos(src, e.span.start);
        if let Some(brace) = unclosed_brace(src, e.span.start) {
            return Diagnostic::error("", "a brace `{` is not closed")
                .with_hint(format!("add the `}}` that ends this value; the entry runs into the next one, at line {}", next.line))
                .at(Some(lines.pos(src, brace)));
        }
    }
    let pos = Some(lines.pos(src, e.span.start));
    let (message, hint) = match &e.kind {
        ParseErrorKind::UnexpectedEof => (
            "the file ends inside an entry".to_string(),
            "a brace `{` or a quote is not closed: count the braces of the entry that starts before this point".to_string(),
        ),
        ParseErrorKind::Unexpected(Token::ClosingBrace) => {
            ("a closing brace `}` with no opening one".to_string(), "remove it, or add the `{` it closes".to_string())
        }
        ParseErrorKind::Expected(Token::ClosingBrace) => {
            ("a brace `{` is not closed".to_string(), "add the `}` that ends this value or entry".to_string())
        }
        ParseErrorKind::Expected(t) => (format!("expected {t}"), "entries are written `@type{key, field = {value}, ...}`".to_string()),
        ParseErrorKind::Unexpected(t) => (format!("unexpected {t}"), "entries are written `@type{key, field = {value}, ...}`".to_string()),
        ParseErrorKind::UnknownAbbreviation(a) => (
            format!("`{a}` is not a defined abbreviation"),
            format!("define it with `@string{{{a} = {{...}}}}`, or put the value in braces"),
        ),
        ParseErrorKind::MalformedCommand => {
            ("a malformed LaTeX command".to_string(), "a backslash starts a command such as `\\'e`".to_string())
        }
        ParseErrorKind::DuplicateKey(k) => (format!("the key `{k}` is used twice"), "keys name one entry each".to_string()),
        ParseErrorKind::ResolutionError(t) => (format!("a `crossref` cannot be resolved: {t}"), "check the entry it names".to_string()),
        other => (other.to_string(), String::new()),
    };
    let d = Diagnostic::error("", message).at(pos);
    if hint.is_empty() {
        d
    } else {
        d.with_hint(hint)
    }
}

struct EntryReader<'a> {
    entry: &'a biblatex::Entry,
    /// The fields the entry itself gives (not taken from its `crossref`), as written.
    own: &'a [(String, String)],
    kind: &'a str,
    pos: Pos,
    src: &'a str,
    lines: &'a LineStarts,
    diagnostics: Vec<Diagnostic>,
}

impl EntryReader<'_> {
    fn key(&self) -> &str {
        &self.entry.key
    }

    /// Where a field's value starts, if the entry has the field.
    fn field_start(&self, field: &str) -> Option<Pos> {
        self.entry.fields.contains_key(field).then(|| self.field_pos(field)).flatten()
    }

    /// Where a field's value starts (the entry when it has no position).
    fn field_pos(&self, field: &str) -> Option<Pos> {
        let span = self.entry.fields.get(field).and_then(|c| c.first()).map(|c| c.span.clone());
        Some(span.filter(|s| s.start < s.end || s.start > 0).map_or(self.pos, |s| self.lines.pos(self.src, s.start)))
    }

    fn error(&mut self, field: &str, message: String, hint: &str) {
        let path = if field.is_empty() { self.key().to_string() } else { format!("{}.{field}", self.key()) };
        let pos = if field.is_empty() { Some(self.pos) } else { self.field_pos(field) };
        self.diagnostics.push(Diagnostic::error(path, message).with_hint(hint).at(pos));
    }

    fn warn(&mut self, field: &str, message: String, hint: &str) {
        let path = format!("{}.{field}", self.key());
        let pos = self.field_pos(field);
        self.diagnostics.push(Diagnostic::warning(path, message).with_hint(hint).at(pos));
    }

    /// A field's value as text, LaTeX resolved.
    fn text(&mut self, field: &str) -> Option<String> {
        let chunks = self.entry.fields.get(field)?;
        let (text, unknown) = to_text(chunks);
        for command in unknown {
            self.warn(field, format!("the LaTeX command `\\{command}` is kept as written"), "write the character it stands for instead");
        }
        let text = text.trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    /// A field's value as written (URLs, DOIs: verbatim fields).
    fn verbatim(&self, field: &str) -> Option<String> {
        let chunks = self.entry.fields.get(field)?;
        let text: String = chunks.iter().map(|c| c.v.get()).collect::<String>().replace('\u{e000}', "~");
        let text = text.trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    fn publication(&mut self) -> Option<Publication> {
        let title = self.text("title");
        if title.is_none() {
            self.error("", format!("the entry `{}` has no title", self.key()), "add `title = {...}`");
        }
        let authors = self.authors();
        let kind = self.kind();
        let venue = self.venue();
        let date = self.date();
        let links = self.links();
        let status = match self.text("pubstate").map(|s| s.to_lowercase()) {
            Some(s) if s == "forthcoming" || s == "inpress" || s == "in press" || s == "to appear" => Status::ToAppear,
            Some(s) if s == "submitted" => Status::Submitted,
            Some(s) if s == "accepted" => Status::Accepted,
            Some(s) if s == "inpreparation" || s == "in preparation" => Status::InPreparation,
            Some(s) if s == "underreview" || s == "under review" => Status::UnderReview,
            Some(s) if s == "prepublished" => Status::Published,
            Some(other) => {
                self.warn(
                    "pubstate",
                    format!("`{other}` is not a publication state vita knows; the entry counts as published"),
                    "use `forthcoming`, `inpress` or `submitted`, or set `status` in the overlay",
                );
                Status::Published
            }
            None => Status::Published,
        };
        let note = self.text("note").map(|n| Rich::plain(&n));
        let tags = self
            .text("keywords")
            .map(|k| k.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        Some(Publication {
            id: self.key().to_string(),
            title: title?,
            authors,
            venue,
            kind,
            status,
            date,
            links,
            note,
            tags,
            ..Publication::default()
        })
    }

    fn authors(&mut self) -> Vec<Author> {
        let field = if self.entry.fields.contains_key("author") {
            "author"
        } else if self.entry.fields.contains_key("editor") {
            self.warn(
                "editor",
                "the entry has no `author`; its editors are listed as its authors".into(),
                "add `author = {...}` if that is wrong",
            );
            "editor"
        } else {
            return Vec::new();
        };
        let Ok(people) = self.entry.get_as::<Vec<Person>>(field) else {
            self.error(field, "the names cannot be read".into(), "separate names with ` and `");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(people.len());
        for p in people {
            let clean = |s: &str| -> String {
                resolve_leftovers(&s.replace('~', " ").replace('\u{e000}', "~")).0.split_whitespace().collect::<Vec<_>>().join(" ")
            };
            let (given, prefix, family, suffix) = (clean(&p.given_name), clean(&p.prefix), clean(&p.name), clean(&p.suffix));
            if given.is_empty() && prefix.is_empty() && suffix.is_empty() && family == "others" {
                out.push(Author { name: Author::ET_AL.into(), ..Author::default() });
                continue;
            }
            let full_family = [prefix.as_str(), family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            let mut name = [given.as_str(), full_family.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            if !suffix.is_empty() {
                name = format!("{name}, {suffix}");
            }
            // The family name is recorded only when the name's last word is not it.
            let last_word = name.split(' ').next_back().unwrap_or_default();
            let family = (full_family != last_word || !suffix.is_empty()).then_some(full_family);
            out.push(Author { name, family, ..Author::default() });
        }
        out
    }

    fn kind(&mut self) -> PubKind {
        let in_title = |s: Option<String>, word: &str| s.is_some_and(|s| s.to_lowercase().contains(word));
        match self.kind {
            "article" => {
                let journal = self.text("journal").or_else(|| self.text("journaltitle"));
                if in_title(journal, "corr") || self.is_arxiv() {
                    PubKind::Preprint
                } else {
                    PubKind::Journal
                }
            }
            "inproceedings" | "conference" => {
                let booktitle = self.text("booktitle");
                if in_title(booktitle, "workshop") {
                    PubKind::Workshop
                } else {
                    PubKind::Conference
                }
            }
            "incollection" | "inbook" | "inreference" | "bookinbook" => PubKind::Chapter,
            "book" | "mvbook" | "collection" | "proceedings" | "booklet" => PubKind::Book,
            "phdthesis" | "thesis" => PubKind::Thesis,
            "mastersthesis" => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        self.key().to_string(),
                        "a master's thesis is read as a thesis; `cv.bib` writes it as `@phdthesis`",
                    )
                    .with_hint("vita does not tell master's from doctoral theses; say which in a note")
                    .at(Some(self.pos)),
                );
                PubKind::Thesis
            }
            "techreport" | "report" => PubKind::Report,
            "patent" => PubKind::Patent,
            "software" => PubKind::Software,
            "dataset" | "data" => PubKind::Dataset,
            "unpublished" => PubKind::Preprint,
            "online" | "electronic" | "www" | "misc" if self.is_arxiv() => PubKind::Preprint,
            _ => PubKind::Other,
        }
    }

    /// An arXiv preprint: an arXiv `eprint`, or (as Zotero writes them) an
    /// arXiv DOI or address.
    fn is_arxiv(&self) -> bool {
        let prefix = self.verbatim("archiveprefix").or_else(|| self.verbatim("eprinttype")).map(|s| s.to_lowercase());
        let eprint = self.entry.fields.contains_key("eprint") && prefix.is_none_or(|p| p == "arxiv");
        let doi = self.verbatim("doi").is_some_and(|d| d.to_lowercase().contains("10.48550/arxiv."));
        let url = self.verbatim("url").is_some_and(|u| u.contains("arxiv.org/abs/"));
        eprint || doi || url
    }

    fn venue(&mut self) -> Option<Venue> {
        // A report's `type` (`Technical Report`, as Zotero writes it) is its
        // series, before its number; its institution is then its publisher.
        let report = matches!(self.kind, "techreport" | "report");
        let series = self.text("type").filter(|_| report && self.entry.fields.contains_key("institution"));
        let name = match self.kind {
            "article" => self.text("journal").or_else(|| self.text("journaltitle")),
            "phdthesis" | "mastersthesis" | "thesis" => self.text("school").or_else(|| self.text("institution")),
            "techreport" | "report" => series.clone().or_else(|| self.text("institution")).or_else(|| self.text("school")),
            "patent" => self.text("type").map(|t| patent_office(&t)),
            "book" | "mvbook" | "collection" | "proceedings" => self.text("series"),
            _ => None,
        }
        .or_else(|| self.text("booktitle"))
        .or_else(|| self.text("journal"))
        .or_else(|| self.text("journaltitle"))
        .or_else(|| self.text("howpublished"))
        .or_else(|| self.text("organization"))
        .or_else(|| if self.is_arxiv() { Some("arXiv".into()) } else { None });
        let mut short = self.text("shortjournal").or_else(|| self.text("shortbooktitle")).or_else(|| dblp_short(self.key()));
        let location = self.text("venue").or_else(|| self.text("location")).or_else(|| self.text("address"));
        let mut name = name.unwrap_or_default();
        // `ACM Transactions on Computer Systems (TOCS)`, as Google Scholar writes journals.
        if self.kind == "article" {
            if let Some((before, inside)) = name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
                if (2..=12).contains(&inside.len())
                    && inside.chars().all(|c| c.is_alphanumeric() || c == '-')
                    && inside.chars().filter(|c| c.is_uppercase()).count() >= 2
                {
                    short = short.or_else(|| Some(inside.to_string()));
                    name = before.trim().to_string();
                }
            }
        }
        let mut edition = self.text("edition");
        let mut location = location;
        if matches!(self.kind, "inproceedings" | "conference") && self.entry.fields.contains_key("booktitle") && edition.is_none() {
            let parts = vita_model::source::split_event_name(&name, short.as_deref());
            name = parts.name;
            edition = parts.edition;
            location = location.or(parts.location);
            short = short.or(parts.short);
        }
        // A report's or patent's `number` is its own, not an issue's;
        // software and data have a `version`.
        let numbered = matches!(self.kind, "techreport" | "report" | "patent");
        if matches!(self.kind, "software" | "dataset" | "data") {
            edition = edition.or_else(|| self.text("version"));
        }
        let mut venue = Venue {
            short,
            name,
            edition,
            volume: self.text("volume"),
            issue: if numbered { self.text("issue") } else { self.text("number").or_else(|| self.text("issue")) },
            article: if numbered { self.text("number") } else { self.text("eid").or_else(|| self.text("articleno")) },
            pages: self.text("pages"),
            publisher: self.text("publisher").or_else(|| series.and_then(|_| self.text("institution"))),
            location,
        };
        if venue.name.is_empty() {
            // A book (or a preprint server) is where it appeared.
            if let Some(p) = venue.publisher.take() {
                venue.name = p;
            }
        }
        if venue.publisher.as_ref() == Some(&venue.name) {
            venue.publisher = None;
        }
        (venue != Venue::default()).then(|| {
            // A patent may go by its number alone (`US Patent App. 17/887,827`).
            if venue.name.is_empty() && !(self.kind == "patent" && venue.article.is_some()) {
                self.warn(
                    "title",
                    "the entry names no journal, book or event; its venue has details but no name".into(),
                    "add `booktitle` or `journal`, or a venue `name` in the overlay",
                );
            }
            venue
        })
    }

    fn date(&mut self) -> Option<When> {
        // The entry's own `year` wins over a `date` its volume gives.
        let own = |name: &str| self.own.iter().find(|(f, _)| f == name).map(|(_, v)| v.trim().to_string());
        let own_year = own("year").filter(|_| own("date").is_none());
        if let Some(d) = self.verbatim("date").filter(|_| own_year.is_none()) {
            // BibLaTeX: an ISO date, or a range whose start counts.
            let start = d.split('/').next().unwrap_or_default().trim().to_string();
            return match When::parse(&start) {
                w @ When::Date(_) => Some(w),
                _ => match vita_model::date::lenient(&start).or_else(|| year_in(&d).map(|y| When::Date(Date::year(y)))) {
                    Some(w) => {
                        self.warn(
                            "date",
                            format!("`{d}` is read as {}", w.source()),
                            "write `date = {2023}`, `{2023-04}` or `{2023-04-17}`",
                        );
                        Some(w)
                    }
                    None => {
                        self.warn(
                            "date",
                            format!("`{d}` is not a date; the entry has none"),
                            "write `date = {2023}`, `{2023-04}` or `{2023-04-17}`",
                        );
                        None
                    }
                },
            };
        }
        let mut year = match own_year {
            Some(y) => y,
            None => self.text("year")?,
        };
        // A range of years (`2003--2015`, as written for a long project): its first.
        if let Some((first, _)) = year.split_once(['–', '—', '-']).filter(|(f, l)| f.trim().len() == 4 && !l.trim().is_empty()) {
            let first = first.trim().to_string();
            self.warn("year", format!("`{year}` is a range; the first year, {first}, is read"), "write the year of publication");
            year = first;
        }
        let hint = "write four digits, such as `year = {2023}`; a paper to appear gets `pubstate = {forthcoming}`";
        let y = match year.parse::<u16>().ok().filter(|y| (1000..=9999).contains(y) && year.len() == 4) {
            Some(y) => y,
            None => match year_in(&year) {
                // `2018/ed`, `[2022] \copyright 2021`, `Accepted, February 3, 2020`: the first year in it.
                Some(y) => {
                    self.warn("year", format!("`{year}` is read as the year {y}"), hint);
                    y
                }
                None => {
                    self.warn("year", format!("`{year}` is not a year; the entry has no date"), hint);
                    return None;
                }
            },
        };
        let month = match self.text("month") {
            None => None,
            Some(m) => match month(&m) {
                Some(n) => Some(n),
                None => {
                    self.warn(
                        "month",
                        format!("`{m}` is not a month; the year alone is read"),
                        "write `month = jan` ... `dec`, or a number from 1 to 12",
                    );
                    None
                }
            },
        };
        Some(When::Date(Date { year: y, month, day: None }))
    }

    fn links(&mut self) -> Links {
        let mut links = Links::default();
        let mut url = self.verbatim("url").map(|u| unescape_address(&u));
        if let Some(raw) = self.verbatim("doi") {
            let written = unescape_address(&raw);
            match doi_of(&written) {
                Some(doi) => links.doi = Some(doi),
                // An address in `doi` (a publisher's page) is the entry's address.
                None if written.starts_with("http://") || written.starts_with("https://") => {
                    self.warn(
                        "doi",
                        format!("`{written}` is not a DOI; it is read as the entry's address"),
                        "give the DOI itself: 10.xxxx/...",
                    );
                    url = url.or(Some(written));
                }
                None => self.warn("doi", format!("`{written}` is not a DOI, so it is left out"), "give the DOI itself: 10.xxxx/..."),
            }
        }
        let eprint = self.verbatim("eprint").filter(|_| self.is_arxiv()).map(|e| format!("https://arxiv.org/abs/{e}"));
        match (url, eprint) {
            (Some(u), Some(e)) if u != e && !links.doi.as_ref().is_some_and(|d| u.ends_with(d.as_str())) => {
                self.warn(
                    "eprint",
                    format!("the entry has a `url` and an arXiv `eprint`; the paper link is the `url`, and {e} is left out"),
                    "give the arXiv link in the overlay's `links` if you want it instead",
                );
                links.paper = Some(u);
            }
            (Some(u), _) if links.doi.as_ref().is_some_and(|d| u.ends_with(d.as_str())) => {}
            (Some(u), _) => links.paper = Some(u),
            (None, Some(e)) => links.paper = Some(e),
            (None, None) => {}
        }
        links
    }
}

/// An address or DOI as a `.bib` file may escape it for LaTeX (`10.1000/a\_b`,
/// `https://x.org/\%7Ey`): the characters themselves.
fn unescape_address(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&n)) if "_%&#~$".contains(n) => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// The DOI in any usual spelling (`10.1145/x`, `doi:10.1145/x`, `DOI
/// 10.1145/x`, `https://doi.org/10.1145/x`, `dx.doi.org/10.1145/x`), or
/// `None` when it holds none.
fn doi_of(written: &str) -> Option<String> {
    let lower = written.to_ascii_lowercase();
    let start = lower.find("10.")?;
    let prefix = lower.get(..start)?.trim();
    let known =
        ["", "doi:", "doi", "doi.org/", "dx.doi.org/", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"];
    if !known.contains(&prefix) {
        return None;
    }
    let doi = written.get(start..)?.trim();
    let (registrant, suffix) = doi.split_once('/')?;
    let ok = registrant.len() > 3 && registrant.get(3..)?.chars().all(|c| c.is_ascii_digit() || c == '.') && !suffix.is_empty();
    (ok && !doi.contains(char::is_whitespace)).then(|| doi.to_string())
}

/// A DBLP key's venue as a short name: `DBLP:conf/nsdi/RuanPABS23` -> `NSDI`,
/// `DBLP:journals/corr/abs-...` -> `CoRR`.
pub fn dblp_short(key: &str) -> Option<String> {
    let rest = key.strip_prefix("DBLP:")?;
    let mut parts = rest.split('/');
    let (kind, venue) = (parts.next()?, parts.next()?);
    if !matches!(kind, "conf" | "journals") || venue.is_empty() || parts.next().is_none() {
        return None;
    }
    Some(match venue {
        "corr" => "CoRR".to_string(),
        v => v.to_uppercase(),
    })
}

/// A month as BibTeX files write it: `jan`, `January`, `Jan.`, `1`, `01`.
pub fn month(text: &str) -> Option<u8> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let t = text.trim().trim_end_matches('.').to_lowercase();
    if let Ok(n) = t.parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    (0..12).find(|&i| t == NAMES[i] || t == full[i] || (t == "sept" && i == 8)).map(|i| i as u8 + 1)
}

/// Chunks as text: `~` a no-break space, math's Greek letters resolved,
/// formatting commands replaced by their argument. Also returns the
/// commands left as written.
fn to_text(chunks: ChunksRef) -> (String, Vec<String>) {
    let mut out = String::new();
    for c in chunks {
        match &c.v {
            Chunk::Normal(s) | Chunk::Verbatim(s) => out.push_str(&s.replace('~', "\u{a0}").replace('\u{e000}', "~")),
            Chunk::Math(m) => out.push_str(&math(m)),
        }
    }
    let (text, unknown) = resolve_leftovers(&out);
    (text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "), unknown)
}

/// Math as text: `\mu` -> `μ`, `^{th}` -> `th`, braces dropped.
fn math(m: &str) -> String {
    let (text, _) = resolve_leftovers(m);
    text.chars().filter(|c| !matches!(c, '^' | '_' | '{' | '}')).collect()
}

const GREEK: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("varepsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("iota", "ι"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("upsilon", "υ"),
    ("phi", "φ"),
    ("varphi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Xi", "Ξ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
    ("times", "×"),
    ("cdot", "·"),
    ("leq", "≤"),
    ("geq", "≥"),
    ("le", "≤"),
    ("ge", "≥"),
    ("neq", "≠"),
    ("approx", "≈"),
    ("infty", "∞"),
    ("pm", "±"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("ldots", "…"),
    ("log", "log"),
];

/// Commands whose argument is the text (formatting).
const FORMATTING: &[&str] = &[
    "emph",
    "textit",
    "textbf",
    "texttt",
    "textsc",
    "textrm",
    "textsf",
    "textsl",
    "textup",
    "textmd",
    "mbox",
    "text",
    "mathrm",
    "mathit",
    "mathbf",
    "mathsf",
    "mathtt",
    "url",
    "NoCaseChange",
    "MakeUppercase",
    "MakeLowercase",
    "ensuremath",
];

/// Commands that stand for text: the journal macros of the AAS (which NASA
/// ADS writes, as the journals' abbreviations) and symbols (`\textdegree`,
/// `\sim` in `{\ensuremath{\sim}}`).
const SYMBOLS: &[(&str, &str)] = &[
    ("aj", "AJ"),
    ("actaa", "Acta Astron."),
    ("araa", "ARA&A"),
    ("apj", "ApJ"),
    ("apjl", "ApJL"),
    ("apjs", "ApJS"),
    ("ao", "Appl. Opt."),
    ("apss", "Ap&SS"),
    ("aap", "A&A"),
    ("aapr", "A&A Rv"),
    ("aaps", "A&AS"),
    ("azh", "AZh"),
    ("baas", "BAAS"),
    ("caa", "Chinese Astron. Astrophys."),
    ("cjaa", "Chinese J. Astron. Astrophys."),
    ("icarus", "Icarus"),
    ("jcap", "J. Cosmology Astropart. Phys."),
    ("jrasc", "JRASC"),
    ("memras", "MmRAS"),
    ("mnras", "MNRAS"),
    ("na", "New A"),
    ("nar", "New A Rev."),
    ("pra", "Phys. Rev. A"),
    ("prb", "Phys. Rev. B"),
    ("prc", "Phys. Rev. C"),
    ("prd", "Phys. Rev. D"),
    ("pre", "Phys. Rev. E"),
    ("prl", "Phys. Rev. Lett."),
    ("pasa", "PASA"),
    ("pasp", "PASP"),
    ("pasj", "PASJ"),
    ("qjras", "QJRAS"),
    ("rmxaa", "Rev. Mexicana Astron. Astrofis."),
    ("skytel", "S&T"),
    ("solphys", "Sol. Phys."),
    ("sovast", "Soviet Ast."),
    ("ssr", "Space Sci. Rev."),
    ("zap", "ZAp"),
    ("nat", "Nature"),
    ("iaucirc", "IAU Circ."),
    ("aplett", "Astrophys. Lett."),
    ("apspr", "Astrophys. Space Phys. Res."),
    ("bain", "Bull. Astron. Inst. Netherlands"),
    ("fcp", "Fund. Cosmic Phys."),
    ("gca", "Geochim. Cosmochim. Acta"),
    ("grl", "Geophys. Res. Lett."),
    ("jcp", "J. Chem. Phys."),
    ("jgr", "J. Geophys. Res."),
    ("jqsrt", "J. Quant. Spec. Radiat. Transf."),
    ("memsai", "Mem. Soc. Astron. Italiana"),
    ("nphysa", "Nucl. Phys. A"),
    ("physrep", "Phys. Rep."),
    ("physscr", "Phys. Scr"),
    ("planss", "Planet. Space Sci."),
    ("procspie", "Proc. SPIE"),
    ("textdegree", "°"),
    ("degree", "°"),
    ("sim", "∼"),
    ("approx", "≈"),
    ("times", "×"),
    ("pm", "±"),
    ("mp", "∓"),
    ("leq", "≤"),
    ("le", "≤"),
    ("geq", "≥"),
    ("ge", "≥"),
    ("lesssim", "≲"),
    ("gtrsim", "≳"),
    ("neq", "≠"),
    ("infty", "∞"),
    ("cdot", "·"),
    ("odot", "☉"),
    ("sun", "☉"),
    ("oplus", "⊕"),
    ("prime", "′"),
    ("rightarrow", "→"),
    ("to", "→"),
    ("leftarrow", "←"),
    ("ldots", "…"),
    ("dots", "…"),
    ("textendash", "–"),
    ("textemdash", "—"),
    ("textregistered", "®"),
    ("texttrademark", "™"),
    ("textcopyright", "©"),
    ("textbar", "|"),
    ("textless", "<"),
    ("textgreater", ">"),
    ("textbackslash", "\\"),
];

/// What the `biblatex` crate leaves of commands it does not know
/// (`\name{arg}` or `\name `): formatting commands become their argument,
/// Greek letters and a few symbols their character; others stay and are
/// returned by name.
fn resolve_leftovers(s: &str) -> (String, Vec<String>) {
    if !s.contains('\\') {
        return (s.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(s.len());
    let mut unknown = Vec::new();
    let mut rest = s;
    while let Some((before, after)) = rest.split_once('\\') {
        out.push_str(before);
        let name_len = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
        if name_len == 0 {
            // `\\` or `\` before a non-letter: keep the character after it;
            // math delimiters (`\(x\)`, DBLP's inline math) are dropped.
            let mut chars = after.chars();
            match chars.next() {
                Some('(' | ')' | '[' | ']') => {}
                Some(c) => out.push(c),
                None => out.push('\\'),
            }
            rest = chars.as_str();
            continue;
        }
        let (name, mut tail) = after.split_at_checked(name_len).unwrap_or((after, ""));
        let arg = if let Some(inner) = tail.strip_prefix('{') {
            let mut depth = 1usize;
            let end = inner.char_indices().find_map(|(j, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(j)
            });
            end.and_then(|j| {
                let (arg, rest) = inner.split_at_checked(j)?;
                tail = rest.get(1..).unwrap_or_default();
                Some(arg)
            })
        } else {
            tail = tail.strip_prefix(' ').unwrap_or(tail);
            None
        };
        if name == "href" {
            // `\href{address}{text}`: the text.
            if let Some(text) = tail.strip_prefix('{').and_then(|t| {
                let mut depth = 1usize;
                let end = t.char_indices().find_map(|(j, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(j)
                })?;
                let (text, rest) = t.split_at_checked(end)?;
                Some((text, rest.get(1..).unwrap_or_default()))
            }) {
                let (t, mut u) = resolve_leftovers(text.0);
                out.push_str(&t);
                unknown.append(&mut u);
                tail = text.1;
            } else if let Some(a) = arg {
                out.push_str(a);
            }
        } else if let Some((_, sym)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
            out.push_str(sym);
            if let Some(a) = arg {
                out.push_str(&resolve_leftovers(a).0);
            }
        } else if let Some((_, g)) = GREEK.iter().find(|(n, _)| *n == name) {
            out.push_str(g);
            if let Some(a) = arg {
                out.push_str(&resolve_leftovers(a).0);
            }
        } else if FORMATTING.contains(&name) {
            if let Some(a) = arg {
                let (t, mut u) = resolve_leftovers(a);
                out.push_str(&t);
                unknown.append(&mut u);
            }
        } else {
            unknown.push(name.to_string());
            out.push('\\');
            out.push_str(name);
            if let Some(a) = arg {
                out.push('{');
                out.push_str(a);
                out.push('}');
            } else {
                out.push(' ');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix of real files, and each with a brace, a backslash, a
    /// quote, an `@` or a character of two, three or four bytes in every
    /// place: entries or diagnostics, no panic.
    #[test]
    fn cut_and_broken_files_never_panic() {
        for src in [
            include_str!("../../../tests/sources/dblp.bib"),
            include_str!("../../../tests/sources/scholar.bib"),
            include_str!("../../../tests/sources/roundtrip.bib"),
        ] {
            for (i, _) in src.char_indices().step_by(3) {
                let (head, tail) = src.split_at_checked(i).unwrap();
                let _ = read(head);
                for c in ["{", "}", "\\", "\"", "@", "\\'\\i", "$", "é", "€", "😀", "{é}", "journal = {é"] {
                    let _ = read(&format!("{head}{c}{tail}"));
                }
            }
        }
    }

    #[test]
    fn deep_braces_and_growing_abbreviations_are_refused() {
        let deep = format!("@article{{k, title = {{{}x{}}}}}", "\\emph{".repeat(5000), "}".repeat(5000));
        let r = read(&deep);
        assert_eq!(r.diagnostics[0].message, "braces are nested more than 64 levels deep");
        let mut doubling = String::from("@string{a0 = \"xxxxxxxx\"}\n");
        for i in 1..40 {
            doubling.push_str(&format!("@string{{a{i} = a{} # a{}}}\n", i - 1, i - 1));
        }
        doubling.push_str("@article{k, title = a39}\n");
        let r = read(&doubling);
        assert_eq!(
            r.diagnostics[0].message,
            "the abbreviation `a18` is 2097152 bytes long once its abbreviations are expanded, over the limit of 1048576"
        );
        let r = read("@inproceedings{a, title={A}, crossref={b}}\n@proceedings{b, title={B}, crossref={a}}\n");
        assert_eq!(r.diagnostics[0].message, "`a` is named by a `crossref` and has one itself");
        let r = read("@string{a = a # \"x\"}\n@article{k, title = a}\n");
        assert_eq!(r.diagnostics[0].message, "the abbreviation `a` uses `a`, which is not defined before it");
    }

    /// One volume crossref'd by many papers: each paper holds its fields
    /// again, so the file is bounded as a whole, not only value by value.
    #[test]
    fn crossref_fan_out_is_bounded_for_the_whole_file() {
        let big = "x".repeat(MAX_EXPANDED - 10);
        let file = |n: usize| {
            let mut s = format!("@proceedings{{vol, title = {{{big}}}}}\n");
            for i in 0..n {
                s.push_str(&format!("@inproceedings{{p{i}, title={{P}}, crossref={{vol}}}}\n"));
            }
            s
        };
        let under = read(&file(63));
        assert!(under.diagnostics.iter().all(|d| !d.message.contains("grows past")), "{:?}", under.diagnostics.first());
        let r = read(&file(64));
        assert_eq!(r.diagnostics[0].message, "the file grows past 67108864 bytes here once its abbreviations and `crossref`s are expanded");
        assert_eq!(r.diagnostics[0].path, "p63");
    }

    /// As BibTeX and biber do: an entry that does not parse is skipped with
    /// a warning naming its key and line, and the rest is read; so is the
    /// second entry of a key.
    #[test]
    fn a_malformed_entry_is_skipped_and_the_rest_read() {
        let src = "@article{good1, title = {One}, year = 2020}\n\
                   @article{bad, title = {Two, year = 2021}\n\
                   @article{good2, title = {Three}, year = 2022}\n\
                   @article{good1, title = {Again}, year = 2023}\n\
                   @article{nocomma title = {Four}}\n\
                   @article{good3, title = {Five}, year = 2024}\n";
        let r = read(src);
        let keys: Vec<&str> = r.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["good1", "good2", "good3"]);
        let said: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {} {}: {}", d.pos.map_or(0, |p| p.line), d.pos.map_or(0, |p| p.col), d.is_error(), d.path, d.message))
            .collect();
        assert_eq!(
            said,
            [
                "2:1 false bad: the entry `bad` is skipped: it runs into the next one, at line 3",
                "5:18 false nocomma: the entry `nocomma` is skipped: expected comma",
                "4:1 false good1: the key `good1` is used twice; this entry is skipped",
            ]
        );
    }

    /// A paper's own year wins over the date of the volume it crossrefs; a
    /// range of years is read as its first, with a warning.
    #[test]
    fn own_years_and_year_ranges() {
        let r = read(
            "@inproceedings{p, title = {Paper}, booktitle = {Proc. X}, year = {2021}, crossref = {vol}}\n\
             @proceedings{vol, title = {Proceedings of X}, year = {2020}, date = {2020-05}}\n\
             @misc{q, title = {Project}, year = {2003--2015}}\n",
        );
        let years: Vec<Option<u16>> = r.entries.iter().map(|e| e.publication.date.as_ref().and_then(When::year)).collect();
        assert_eq!(years, [Some(2021), Some(2003)]);
        assert_eq!(r.diagnostics[0].message, "`2003--2015` is a range; the first year, 2003, is read");
        assert!(!r.diagnostics[0].is_error());
    }

    #[test]
    fn dois_in_every_usual_spelling() {
        for written in [
            "10.1145/3477132.3483560",
            "doi:10.1145/3477132.3483560",
            "DOI: 10.1145/3477132.3483560",
            "https://doi.org/10.1145/3477132.3483560",
            "http://dx.doi.org/10.1145/3477132.3483560",
            "dx.doi.org/10.1145/3477132.3483560",
            "doi.org/10.1145/3477132.3483560",
        ] {
            assert_eq!(doi_of(written).as_deref(), Some("10.1145/3477132.3483560"), "{written}");
        }
        assert_eq!(unescape_address("10.1007/978-3\\_1 "), "10.1007/978-3_1");
        for not in ["https://www.usenix.org/conference/nsdi19", "10.1145", "see 10.1145/x", "10.abc/x", ""] {
            assert_eq!(doi_of(not), None, "{not}");
        }
        let r = read("@article{a, title={T}, doi={https://www.usenix.org/x}}\n@article{b, title={U}, doi={dx.doi.org/10.5555/a\\_b}, url={https://x.org/\\%7Ey}}\n");
        assert_eq!(r.entries[0].publication.links.paper.as_deref(), Some("https://www.usenix.org/x"));
        assert_eq!(r.diagnostics[0].message, "`https://www.usenix.org/x` is not a DOI; it is read as the entry's address");
        assert_eq!(r.entries[1].publication.links.doi.as_deref(), Some("10.5555/a_b"));
        assert_eq!(r.entries[1].publication.links.paper.as_deref(), Some("https://x.org/%7Ey"));
    }

    #[test]
    fn months_in_every_usual_spelling() {
        for (t, n) in [("jan", 1), ("January", 1), ("Sept.", 9), ("12", 12), ("08", 8)] {
            assert_eq!(month(t), Some(n), "{t}");
        }
        assert_eq!(month("13"), None);
        assert_eq!(month("Frimaire"), None);
    }

    #[test]
    fn dblp_keys_give_short_names() {
        assert_eq!(dblp_short("DBLP:conf/nsdi/RuanPABS23").as_deref(), Some("NSDI"));
        assert_eq!(dblp_short("DBLP:journals/corr/abs-2201-01234").as_deref(), Some("CoRR"));
        assert_eq!(dblp_short("park2019"), None);
    }

    #[test]
    fn the_open_brace_of_an_entry_that_runs_on() {
        let src = "@article{a,\n  title = {One {Two},\n  year = {2019},\n}\n\n@article{b,\n  title = {B},\n}\n";
        let next = src.find("@article{b").unwrap();
        assert_eq!(unclosed_brace(src, next), Some(src.find("{One").unwrap()));
    }

    #[test]
    fn an_accent_over_a_dotless_i() {
        assert_eq!(dotless_under_accents(r"Garc{\'\i}a \'{\i} \i x").as_deref(), Some(r"Garc{\'i}a \'{i} \i x"));
        assert_eq!(dotless_under_accents("plain"), None);
    }

    #[test]
    fn leftover_commands() {
        assert_eq!(resolve_leftovers(r"\emph{Fast} and \mu s").0, "Fast and μs");
        let (t, u) = resolve_leftovers(r"\foo{bar} x");
        assert_eq!((t.as_str(), u), (r"\foo{bar} x", vec!["foo".to_string()]));
        // What real files carry: ADS's journal macros, DBLP's inline math,
        // symbols, links.
        for (tex, text) in [
            (r"\apj", "ApJ"),
            (r"\mnras, 500, 1", "MNRAS, 500, 1"),
            (r"{\ensuremath{\sim}}10 K", "{∼}10 K"),
            (r"40\textdegree{} C", "40° C"),
            (r"an \(O(n^2)\) sort", "an O(n^2) sort"),
            (r"see \href{https://x.org}{the code} now", "see the code now"),
            (r"\url{https://x.org}", "https://x.org"),
        ] {
            assert_eq!(resolve_leftovers(tex).0, text, "{tex}");
        }
    }
}
