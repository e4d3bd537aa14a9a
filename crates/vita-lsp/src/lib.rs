//! vita's language server, without its transport: JSON-RPC messages in,
//! messages out. `vita lsp` carries them over standard input and output;
//! this crate reads nothing itself: the CV's folder through the engine's
//! [`Host`], the open documents from the editor.
//!
//! - Diagnostics as the text changes: the engine's [`vita_engine::check`],
//!   so what an editor shows is what `vita check` reports (each hint as
//!   related information; `did you mean`, another tool's name and a quoted
//!   name as quick fixes).
//! - Completion of field names where the cursor is (from the model's
//!   schema, with their documentation), section kinds, enumeration values,
//!   `true`/`false`, theme names, and publication ids in `publications:`.
//! - Hover: a field's documentation and type, a kind's or a value's.
//! - Go to definition: from a publication id to its entry, from a preset
//!   to its file.
//! - The outline: sections and their entries.
//! - Formatting: vita's canonical layout ([`vita_model::layout`]), comments kept.

mod scan;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use vita_engine::{Host, Report, Within};
use vita_model::{Diagnostic, Severity};

pub use scan::{place, Place};

/// The largest document the server takes from an editor (as `vita check`
/// reads): past it, one diagnostic says so.
pub const MAX_DOCUMENT: usize = vita_engine::MAX_INPUT as usize;

/// How positions count characters, as agreed with the editor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Encoding {
    /// UTF-16 code units (the protocol's default).
    Utf16,
    /// Characters (Unicode scalar values), as vita's diagnostics count.
    Utf32,
}

/// A server: the open documents and how positions are counted.
pub struct Server {
    docs: BTreeMap<String, String>,
    encoding: Encoding,
    /// For each open CV, the files its diagnostics were last published on.
    published: BTreeMap<String, Vec<String>>,
}

/// What the server answers to one message: a response (for a request) and
/// notifications to send (diagnostics).
#[derive(Debug, Default)]
pub struct Answer {
    /// The result of a request, or an error (code, message).
    pub result: Option<Result<Value, (i64, String)>>,
    /// Notifications: method and params.
    pub notify: Vec<(String, Value)>,
}

/// The error code of a request the server does not know.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// The error code of a failure of the server's own.
const INTERNAL_ERROR: i64 = -32603;
/// The error code of params that are not what the method takes.
const INVALID_PARAMS: i64 = -32602;

impl Server {
    /// A server before `initialize`.
    pub fn new() -> Server {
        Server { docs: BTreeMap::new(), encoding: Encoding::Utf16, published: BTreeMap::new() }
    }

    /// The answer to `initialize`: what the server does, and the position
    /// encoding (characters when the editor offers them).
    pub fn initialize(&mut self, params: &Value) -> Value {
        let offered = &params["capabilities"]["general"]["positionEncodings"];
        self.encoding = if offered.as_array().is_some_and(|a| a.iter().any(|e| e == "utf-32")) { Encoding::Utf32 } else { Encoding::Utf16 };
        json!({
            "capabilities": {
                "positionEncoding": if self.encoding == Encoding::Utf32 { "utf-32" } else { "utf-16" },
                "textDocumentSync": { "openClose": true, "change": 1 },
                "completionProvider": { "triggerCharacters": ["(", ",", ":", "\"", " "] },
                "hoverProvider": true,
                "definitionProvider": true,
                "documentSymbolProvider": true,
                "codeActionProvider": { "codeActionKinds": ["quickfix"] },
                "documentFormattingProvider": true,
            },
            "serverInfo": { "name": "vita", "version": env!("CARGO_PKG_VERSION") },
        })
    }

    /// Answers a request or a notification (after `initialize`).
    pub fn handle(&mut self, host: &dyn Host, method: &str, params: &Value) -> Answer {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default().to_string();
        let mut answer = Answer::default();
        match method {
            "textDocument/didOpen" => {
                self.docs.insert(uri.clone(), params["textDocument"]["text"].as_str().unwrap_or_default().to_string());
                answer.notify = self.diagnose(host, &uri);
            }
            "textDocument/didChange" => {
                // Whole documents (`change: 1`): the last change is the text.
                if let Some(text) = params["contentChanges"].as_array().and_then(|c| c.last()).and_then(|c| c["text"].as_str()) {
                    self.docs.insert(uri.clone(), text.to_string());
                    answer.notify = self.diagnose(host, &uri);
                }
            }
            "textDocument/didClose" => {
                self.docs.remove(&uri);
                let mut shown = self.published.remove(&uri).unwrap_or_default();
                if !shown.contains(&uri) {
                    shown.insert(0, uri.clone());
                }
                answer.notify = shown.iter().map(|u| publish(u, Vec::new())).collect();
            }
            "textDocument/completion" => answer.result = Some(self.at(&uri, params).map(|(doc, at)| self.complete(host, &uri, &doc, at))),
            "textDocument/hover" => answer.result = Some(self.at(&uri, params).map(|(doc, at)| self.hover(&doc, at))),
            "textDocument/definition" => answer.result = Some(self.at(&uri, params).map(|(doc, at)| self.definition(host, &uri, &doc, at))),
            "textDocument/documentSymbol" => answer.result = Some(Ok(self.symbols(&uri))),
            "textDocument/codeAction" => answer.result = Some(Ok(actions(&uri, params))),
            "textDocument/formatting" => answer.result = Some(self.format(&uri)),
            // Anything else: the transport answers a request with
            // "method not found" and drops a notification.
            _ => {}
        }
        answer
    }

    /// The document and the character a request's position names.
    fn at(&self, uri: &str, params: &Value) -> Result<(Vec<char>, usize), (i64, String)> {
        let doc = self.docs.get(uri).ok_or((INVALID_PARAMS, format!("{uri} is not open")))?;
        let line = params["position"]["line"].as_u64().ok_or((INVALID_PARAMS, "no position".to_string()))? as usize;
        let character = params["position"]["character"].as_u64().unwrap_or(0) as usize;
        let chars: Vec<char> = doc.chars().collect();
        let at = offset(&chars, line, character, self.encoding);
        Ok((chars, at))
    }

    /// The diagnostics of the document (and of the files it names).
    fn diagnose(&mut self, host: &dyn Host, uri: &str) -> Vec<(String, Value)> {
        let Some(text) = self.docs.get(uri) else { return Vec::new() };
        let Some(path) = path_of(uri) else { return Vec::new() };
        if text.len() > MAX_DOCUMENT {
            let d = Diagnostic::error("", format!("the CV is larger than {} MiB, the most vita reads", MAX_DOCUMENT / (1024 * 1024)));
            return vec![publish(uri, vec![self.diagnostic(&[], &d, uri)])];
        }
        let overlay = Overlay { base: host, path: path.clone(), text };
        let (reports, _) = vita_engine::check(&overlay, &path);
        let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        by_file.insert(uri.to_string(), Vec::new());
        for Report { file, text, diagnostics } in &reports {
            let file_uri =
                if Path::new(file) == path { uri.to_string() } else { uri_of(&path.parent().unwrap_or(Path::new("")).join(file)) };
            let chars: Vec<char> = if file_uri == uri { self.docs[uri].chars().collect() } else { text.chars().collect() };
            for d in diagnostics {
                by_file.entry(file_uri.clone()).or_default().push(self.diagnostic(&chars, d, &file_uri));
            }
        }
        // A file shown before and clean now is cleared.
        for before in self.published.get(uri).into_iter().flatten() {
            by_file.entry(before.clone()).or_default();
        }
        self.published.insert(uri.to_string(), by_file.keys().cloned().collect());
        by_file.into_iter().map(|(u, d)| publish(&u, d)).collect()
    }

    /// One diagnostic as the protocol writes it.
    fn diagnostic(&self, chars: &[char], d: &Diagnostic, uri: &str) -> Value {
        let (from, to) = match d.pos {
            Some(p) => {
                let from = offset_of_char(chars, p.line, p.col);
                (from, extent(chars, from))
            }
            None => (0, 0),
        };
        let range = json!({ "start": self.position(chars, from), "end": self.position(chars, to) });
        let message = if d.path.is_empty() { d.message.clone() } else { format!("{}: {}", d.path, d.message) };
        let mut out = json!({
            "range": range,
            "severity": if d.severity == Severity::Error { 1 } else { 2 },
            "source": "vita",
            "message": match &d.hint { Some(h) => format!("{message}\nhint: {h}"), None => message },
        });
        if let Some(hint) = &d.hint {
            out["relatedInformation"] = json!([{ "location": { "uri": uri, "range": range }, "message": format!("hint: {hint}") }]);
            if let Some(fix) = fix_of(hint) {
                let was: String = chars[from.min(chars.len())..to.min(chars.len())].iter().collect();
                let new = if was.starts_with('"') && !hint.starts_with("drop the quotes") { format!("\"{fix}\"") } else { fix };
                out["data"] = json!({ "fix": new });
            }
        }
        out
    }

    /// A character index as a protocol position.
    fn position(&self, chars: &[char], at: usize) -> Value {
        let at = at.min(chars.len());
        let line_start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
        let line = chars[..line_start].iter().filter(|c| **c == '\n').count();
        let character = match self.encoding {
            Encoding::Utf32 => at - line_start,
            Encoding::Utf16 => chars[line_start..at].iter().map(|c| c.len_utf16()).sum(),
        };
        json!({ "line": line, "character": character })
    }

    fn complete(&self, host: &dyn Host, uri: &str, chars: &[char], at: usize) -> Value {
        let mut items = Vec::new();
        match place(chars, at) {
            Place::FieldName { def, seen, .. } => {
                for f in schema::fields(&def).into_iter().filter(|f| !seen.contains(&f.name)) {
                    let required = if f.required { ", required" } else { "" };
                    items.push(json!({
                        "label": f.name,
                        "kind": 5,
                        "detail": format!("{}{required}", f.kind),
                        "documentation": { "kind": "markdown", "value": f.doc },
                        "insertText": format!("{}: ", f.name),
                        "sortText": format!("{}{}", if f.required { 0 } else { 1 }, f.name),
                    }));
                }
            }
            Place::Kind { .. } => {
                for (kind, doc, def) in schema::kinds() {
                    let entries = schema::field(&def, "entries").is_some();
                    let text = if entries { format!("{kind}(title: \"\", entries: [])") } else { format!("{kind}(title: \"\")") };
                    items.push(json!({
                        "label": kind, "kind": 7, "detail": "section kind",
                        "documentation": { "kind": "markdown", "value": doc }, "insertText": text,
                    }));
                }
            }
            Place::Value { def, field, schema: value, in_string, .. } => {
                let value = schema::unwrap_option(&value);
                if let Some(name) = schema::def_name(value) {
                    for (v, doc) in schema::values(name) {
                        items.push(json!({ "label": v, "kind": 20, "documentation": { "kind": "markdown", "value": doc } }));
                    }
                }
                if value["type"] == "boolean" || value["type"].as_array().is_some_and(|t| t.contains(&"boolean".into())) {
                    items.extend([json!({ "label": "true", "kind": 12 }), json!({ "label": "false", "kind": 12 })]);
                }
                let folder = path_of(uri).and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_default();
                let plain = |names: Vec<String>| names.into_iter().map(|n| (n, String::new())).collect::<Vec<_>>();
                let names: Vec<(String, String)> = match (def.as_str(), field.as_str()) {
                    (_, "theme") => plain(vita_engine::themes::names(host, &folder)),
                    (_, "preset") => plain(vita_engine::preset_names(host, &folder)),
                    (_, "citation_style") => {
                        vita_engine::citation_styles().into_iter().map(|(n, title)| (n.to_string(), title.to_string())).collect()
                    }
                    (_, "lang") => plain(vita_view::labels::tags().into_iter().map(str::to_string).collect()),
                    ("Target", "formats") => plain(vita_engine::format_names(host)),
                    ("Project", "publications") | ("Award" | "Talk", "publication") => publication_ids(chars),
                    ("PublicationList", "overlay" | "exclude") => citation_keys(host, &folder, chars, at),
                    _ => Vec::new(),
                };
                for (n, doc) in names {
                    let text = if in_string { n.clone() } else { format!("\"{n}\"") };
                    items.push(json!({ "label": n, "kind": 12, "insertText": text, "detail": doc }));
                }
            }
            Place::Nothing => {}
        }
        json!({ "isIncomplete": false, "items": items })
    }

    fn hover(&self, chars: &[char], at: usize) -> Value {
        let (from, to) = word_at(chars, at);
        if from == to {
            return Value::Null;
        }
        let word: String = chars[from..to].iter().collect();
        let after = chars[to..].iter().find(|c| !c.is_whitespace()).copied();
        let text = if after == Some(':') {
            // A field name: the part it is written in.
            scan::part_at(chars, from).and_then(|def| schema::field(&def, &word)).map(|f| {
                let required = if f.required { ", required" } else { "" };
                let derived = match f.name.as_str() {
                    "acceptance" => acceptance_after(chars, to),
                    "count_line" => count_line_at(chars, from),
                    _ => String::new(),
                };
                format!("**{}**: {}{required}\n\n{}{derived}", f.name, f.kind, f.doc)
            })
        } else if let Some((kind, doc, _)) = schema::kinds().into_iter().find(|(k, _, _)| *k == word).filter(|_| after == Some('(')) {
            Some(format!("**{kind}** section\n\n{doc}"))
        } else {
            match place(chars, to) {
                // A publication by its id (where it is named, or its own
                // `id:`): its title and the number vita gives it.
                Place::Value { def, field, in_string: true, .. }
                    if field == "publications" || field == "publication" || (def == "Publication" && field == "id") =>
                {
                    let id = string_at(chars, to);
                    let text: String = chars.iter().collect();
                    let number = vita_model::load(&text)
                        .document
                        .and_then(|d| d.number(&id))
                        .map(|n| format!(", numbered [{n}]"))
                        .unwrap_or_default();
                    publication_ids(chars).into_iter().find(|(i, _)| *i == id).map(|(id, title)| format!("**{id}**{number}: {title}"))
                }
                Place::Value { schema: v, .. } => schema::def_name(schema::unwrap_option(&v))
                    .and_then(|d| schema::values(d).into_iter().find(|(name, _)| *name == word))
                    .map(|(name, doc)| format!("**{name}**\n\n{doc}")),
                _ => None,
            }
        };
        match text {
            Some(value) => json!({
                "contents": { "kind": "markdown", "value": value },
                "range": { "start": self.position(chars, from), "end": self.position(chars, to) },
            }),
            None => Value::Null,
        }
    }

    /// From a publication id (in `publications: [...]` or `publication:`)
    /// to the entry that has it.
    fn definition(&self, host: &dyn Host, uri: &str, chars: &[char], at: usize) -> Value {
        let Place::Value { field, in_string: true, .. } = place(chars, at) else { return Value::Null };
        let id = string_at(chars, at);
        // A preset of the CV's own: `presets/NAME.ron` beside it.
        if field == "preset" {
            let Some(folder) = path_of(uri).and_then(|p| p.parent().map(Path::to_path_buf)) else { return Value::Null };
            let file = folder.join("presets").join(format!("{id}.ron"));
            let plain = !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !plain || !host.exists(&file) {
                return Value::Null;
            }
            let start = json!({ "line": 0, "character": 0 });
            return json!({ "uri": uri_of(&file), "range": { "start": start, "end": start } });
        }
        if field != "publications" && field != "publication" {
            return Value::Null;
        }
        let text: String = chars.iter().collect();
        let needle = format!("\"{id}\"");
        let mut search = 0;
        while let Some(found) = text[search..].find(&needle).map(|i| search + i) {
            let before = text[..found].trim_end();
            if before.ends_with(':') && before[..before.len() - 1].trim_end().ends_with("id") {
                let from = text[..found].chars().count();
                let to = from + needle.chars().count();
                return json!({ "uri": uri, "range": { "start": self.position(chars, from), "end": self.position(chars, to) } });
            }
            search = found + needle.len();
        }
        Value::Null
    }

    /// The document in vita's canonical layout, comments kept: one edit of
    /// the whole text, or none when it is laid out already. Refused when its
    /// brackets, strings or comments do not close, or (a guard) when the
    /// layout would read as another CV.
    fn format(&self, uri: &str) -> Result<Value, (i64, String)> {
        let text = self.docs.get(uri).ok_or((INVALID_PARAMS, format!("{uri} is not open")))?;
        let laid = vita_model::layout::layout(text).map_err(|e| (INVALID_PARAMS, format!("not laid out: {}", e.0)))?;
        if laid == *text {
            return Ok(json!([]));
        }
        if let Ok(before) = vita_model::parse(text) {
            if vita_model::parse(&laid).ok() != Some(before) {
                return Err((INTERNAL_ERROR, "not laid out: the layout would read as another CV".into()));
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let range = json!({ "start": { "line": 0, "character": 0 }, "end": self.position(&chars, chars.len()) });
        Ok(json!([{ "range": range, "newText": laid }]))
    }

    /// The sections and their entries, from the last text that parses.
    fn symbols(&self, uri: &str) -> Value {
        let Some(text) = self.docs.get(uri) else { return json!([]) };
        let Ok(cv) = vita_model::parse(text) else { return json!([]) };
        let index = vita_model::SpanIndex::scan(text);
        let chars: Vec<char> = text.chars().collect();
        let place = |path: &str| index.find(path).map(|p| offset_of_char(&chars, p.line, p.col));
        let value = serde_json::to_value(&cv.sections).unwrap_or_default();
        let mut out = Vec::new();
        let sections = value.as_array().cloned().unwrap_or_default();
        let starts: Vec<Option<usize>> = (0..sections.len()).map(|i| place(&format!("sections[{i}]"))).collect();
        for (i, section) in sections.iter().enumerate() {
            let Some((kind, body)) = section.as_object().and_then(|o| o.iter().next()) else { continue };
            let Some(start) = starts[i] else { continue };
            let end = starts.iter().skip(i + 1).flatten().next().copied().unwrap_or(chars.len());
            let entries = body["entries"].as_array().cloned().unwrap_or_default();
            let mut children = Vec::new();
            for (j, entry) in entries.iter().enumerate() {
                let Some(from) = place(&format!("sections[{i}].entries[{j}]")) else { continue };
                let to = place(&format!("sections[{i}].entries[{}]", j + 1)).unwrap_or(end);
                let name = ["org", "institution", "title", "name", "course", "role", "event"]
                    .iter()
                    .find_map(|f| entry[f].as_str())
                    .unwrap_or("entry")
                    .to_string();
                children.push(self.symbol(&chars, name, "", 23, from, to, Vec::new()));
            }
            let title = body["title"].as_str().unwrap_or(kind);
            out.push(self.symbol(&chars, title.to_string(), kind, 2, start, end, children));
        }
        Value::Array(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn symbol(&self, chars: &[char], name: String, detail: &str, kind: u32, from: usize, to: usize, children: Vec<Value>) -> Value {
        let range = json!({ "start": self.position(chars, from), "end": self.position(chars, to) });
        json!({ "name": name, "detail": detail, "kind": kind, "range": range, "selectionRange": range, "children": children })
    }
}

impl Default for Server {
    fn default() -> Server {
        Server::new()
    }
}

fn publish(uri: &str, diagnostics: Vec<Value>) -> (String, Value) {
    ("textDocument/publishDiagnostics".into(), json!({ "uri": uri, "diagnostics": diagnostics }))
}

/// The quick fixes of the diagnostics a code action request names.
fn actions(uri: &str, params: &Value) -> Value {
    let mut out = Vec::new();
    for d in params["context"]["diagnostics"].as_array().into_iter().flatten() {
        let Some(fix) = d["data"]["fix"].as_str() else { continue };
        out.push(json!({
            "title": format!("write {fix}"),
            "kind": "quickfix",
            "diagnostics": [d],
            "isPreferred": true,
            "edit": { "changes": { uri: [{ "range": d["range"], "newText": fix }] } },
        }));
    }
    Value::Array(out)
}

/// The name a hint offers: `did you mean `x`?`, `vita calls it `x``, `drop the quotes: `x``.
fn fix_of(hint: &str) -> Option<String> {
    ["did you mean `", "vita calls it `", "drop the quotes: `"].iter().find_map(|p| {
        let rest = &hint[hint.find(p)? + p.len()..];
        Some(rest[..rest.find('`')?].to_string())
    })
}

/// The publications a CV writes (`id: "..."`), each with its title.
fn publication_ids(chars: &[char]) -> Vec<(String, String)> {
    let text: String = chars.iter().collect();
    let Ok(cv) = vita_model::parse(&text) else { return Vec::new() };
    cv.publications().map(|p| (p.id.clone(), p.title.clone())).collect()
}

/// The per-venue count line vita prints for the publication section the
/// character `at` is in (the how-manyth `Publications(` before it), as a
/// line for a hover; nothing while the CV does not check.
fn count_line_at(chars: &[char], at: usize) -> String {
    let text: String = chars.iter().collect();
    let before: String = chars[..at].iter().collect();
    let Some(k) = before.matches("Publications(").count().checked_sub(1) else { return String::new() };
    let Some(doc) = vita_model::load(&text).document else { return String::new() };
    let lists: Vec<&vita_model::PublicationList> = doc
        .cv
        .all_sections()
        .filter_map(|s| match s {
            vita_model::Section::Publications(l) => Some(l),
            _ => None,
        })
        .collect();
    let Some(list) = lists.get(k) else { return String::new() };
    let id = list.id.clone().unwrap_or_else(|| vita_model::slug(&list.title));
    let counts = vita_model::venue_counts(doc.counted(&id, &list.entries).iter(), &doc.cv.settings.venue_order);
    let labels = doc.cv.settings.lang.as_deref().and_then(vita_view::labels::builtin).unwrap_or(vita_view::labels::Labels::english());
    format!("\n\nHere: “{}”", vita_view::view::count_sentence_in(labels, counts.total, &counts.venues))
}

/// The citation keys (with titles) of the publication file the section
/// around `at` reads (the last `from: "..."` before the cursor), read
/// through the host from the CV's folder.
fn citation_keys(host: &dyn Host, folder: &Path, chars: &[char], at: usize) -> Vec<(String, String)> {
    let before: String = chars[..at].iter().collect();
    let Some(from) = before.rfind("from:").map(|i| &before[i + 5..]) else { return Vec::new() };
    let Some(name) = from.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) else { return Vec::new() };
    let path = folder.join(name);
    let within = Within { root: folder, folder: vita_engine::CV_FOLDER };
    let Ok(bytes) = host.read(&path, Some(within), vita_engine::MAX_INPUT) else { return Vec::new() };
    let Ok(text) = String::from_utf8(bytes) else { return Vec::new() };
    let Some(reader) = vita_engine::registry::source(&path, &text) else { return Vec::new() };
    (reader.read)(&text).entries.into_iter().map(|e| (e.key, e.publication.title)).collect()
}

/// The rate vita computes from the counts written after `at`
/// (`acceptance: (accepted: 50, submitted: 272)`), as a line for a hover.
fn acceptance_after(chars: &[char], at: usize) -> String {
    let Some(open) = chars[at..].iter().position(|c| *c == '(').map(|i| at + i) else { return String::new() };
    let (mut depth, mut i, mut quoted) = (0usize, open, false);
    while i < chars.len() {
        match chars[i] {
            '"' => quoted = !quoted,
            '\\' if quoted => i += 1,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let text: String = chars[open..(i + 1).min(chars.len())].iter().collect();
    match vita_model::parse_as::<vita_model::Acceptance>(&text).ok().and_then(|a| a.rate().map(|r| (a, r))) {
        Some((a, rate)) => {
            format!("\n\nHere: {} of {} accepted, an acceptance rate of {rate}, which vita prints.", a.accepted, a.submitted)
        }
        None => String::new(),
    }
}

/// The whole string the character `at` is inside (without its quotes).
fn string_at(chars: &[char], at: usize) -> String {
    let at = at.min(chars.len());
    let start = chars[..at].iter().rposition(|c| *c == '"').map_or(at, |i| i + 1);
    let end = chars[at..].iter().position(|c| *c == '"' || *c == '\n').map_or(at, |i| at + i);
    chars[start..end].iter().collect()
}

/// The character index of a protocol position.
fn offset(chars: &[char], line: usize, character: usize, encoding: Encoding) -> usize {
    let mut at = 0;
    for _ in 0..line {
        match chars[at..].iter().position(|c| *c == '\n') {
            Some(i) => at += i + 1,
            None => return chars.len(),
        }
    }
    let mut units = 0;
    while at < chars.len() && chars[at] != '\n' && units < character {
        units += if encoding == Encoding::Utf16 { chars[at].len_utf16() } else { 1 };
        at += 1;
    }
    at
}

/// The character index of vita's line and column (from 1, in characters).
fn offset_of_char(chars: &[char], line: usize, col: usize) -> usize {
    let start = offset(chars, line.saturating_sub(1), 0, Encoding::Utf32);
    (start + col.saturating_sub(1)).min(chars.len())
}

/// Where the token a diagnostic points at ends: a quoted string, a word, or one character.
fn extent(chars: &[char], from: usize) -> usize {
    match chars.get(from) {
        Some('"') => {
            let mut i = from + 1;
            while i < chars.len() && chars[i] != '"' && chars[i] != '\n' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            (i + 1).min(chars.len())
        }
        Some(c) if c.is_alphanumeric() || *c == '_' => {
            from + chars[from..].iter().take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '-' || **c == '.').count()
        }
        Some(_) => from + 1,
        None => from,
    }
}

/// The word around a character.
fn word_at(chars: &[char], at: usize) -> (usize, usize) {
    let is = |c: &char| c.is_alphanumeric() || *c == '_';
    let from = chars[..at.min(chars.len())].iter().rposition(|c| !is(c)).map_or(0, |i| i + 1);
    let to = at + chars[at.min(chars.len())..].iter().take_while(|c| is(c)).count();
    (from, to.min(chars.len()))
}

/// The path of a `file:` URI.
pub fn path_of(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let mut out = Vec::new();
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// The `file:` URI of a path.
pub fn uri_of(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The editor's text of the open CV over the host's files.
struct Overlay<'a> {
    base: &'a dyn Host,
    path: PathBuf,
    text: &'a str,
}

impl Host for Overlay<'_> {
    fn read(&self, path: &Path, within: Option<Within<'_>>, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        if path == self.path {
            return Ok(self.text.as_bytes().to_vec());
        }
        self.base.read(path, within, limit)
    }

    fn exists(&self, path: &Path) -> bool {
        path == self.path || self.base.exists(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.base.is_dir(path)
    }

    fn list(&self, dir: &Path) -> Result<Vec<String>, String> {
        self.base.list(dir)
    }

    fn system_fonts(&self) -> Vec<(Vec<String>, PathBuf)> {
        self.base.system_fonts()
    }

    fn externals(&self) -> Vec<(String, &'static dyn vita_backend::Backend)> {
        self.base.externals()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vita_engine::MemoryHost;

    const URI: &str = "file:///cv/cv.ron";

    fn open(host: &MemoryHost, text: &str) -> Server {
        let mut server = Server::new();
        server.initialize(&json!({ "capabilities": { "general": { "positionEncodings": ["utf-32", "utf-16"] } } }));
        server.handle(host, "textDocument/didOpen", &json!({ "textDocument": { "uri": URI, "text": text } }));
        server
    }

    /// The answer to a request at the place of `|` in the text.
    fn ask(host: &MemoryHost, method: &str, text: &str) -> Value {
        let cursor = text.find('|').unwrap();
        let before = &text[..cursor];
        let line = before.matches('\n').count();
        let character = before.rsplit('\n').next().unwrap().chars().count();
        let mut server = open(host, &text.replace('|', ""));
        let params = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
        server.handle(host, method, &params).result.unwrap().unwrap()
    }

    fn labels(v: &Value) -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn an_acceptance_shows_the_rate_vita_derives() {
        let host = MemoryHost::new();
        let cv = "(person: (name: \"A\"), sections: [Publications(title: \"P\", entries: [(id: \"nu\", title: \"T\", \
                  authors: [\"A\"], venue: (name: \"V\"), date: \"2023\", accep|tance: (accepted: 50, submitted: 272, cycle: \"(spring)\"))])])";
        let said = ask(&host, "textDocument/hover", cv);
        let text = said["contents"]["value"].as_str().unwrap();
        assert!(text.starts_with("**acceptance**: Acceptance\n\n"), "{text}");
        assert!(text.ends_with("\n\nHere: 50 of 272 accepted, an acceptance rate of 18.4%, which vita prints."), "{text}");
    }

    #[test]
    fn an_overlay_completes_the_keys_of_its_file() {
        let mut host = MemoryHost::new();
        host.insert("/cv/papers.bib", "@article{doe20, title = {A Title}, author = {Doe, Jane}, journal = {J}, year = {2020}}\n");
        let cv = "(person: (name: \"Jane Doe\"), sections: [Publications(title: \"P\", from: \"papers.bib\", overlay: {\"d|\": ()})])";
        let said = ask(&host, "textDocument/completion", cv);
        assert_eq!(said["items"][0]["label"], "doe20", "{said}");
        assert_eq!(said["items"][0]["detail"], "A Title");
        let exclude = cv.replace("overlay: {\"d|\": ()}", "exclude: [|]");
        assert_eq!(ask(&host, "textDocument/completion", &exclude)["items"][0]["insertText"], "\"doe20\"");
    }

    #[test]
    fn the_files_a_cv_names_get_their_own_diagnostics() {
        let mut host = MemoryHost::new();
        host.insert("/cv/targets.ron", "[\n  (name: \"web\", fromats: [\"html\"]),\n]\n");
        let mut server = Server::new();
        server.initialize(&json!({}));
        let text = "(person: (name: \"A\"), settings: (targets: \"targets.ron\"), sections: [])";
        let sent = server.handle(&host, "textDocument/didOpen", &json!({ "textDocument": { "uri": URI, "text": text } })).notify;
        let by_uri: BTreeMap<&str, &Value> = sent.iter().map(|(_, p)| (p["uri"].as_str().unwrap(), &p["diagnostics"])).collect();
        assert_eq!(by_uri[URI], &json!([]));
        let targets = by_uri["file:///cv/targets.ron"];
        assert_eq!(targets[0]["message"], "[0].fromats: unknown field `fromats`\nhint: did you mean `formats`?", "{targets}");
        assert_eq!(targets[0]["range"]["start"], json!({ "line": 1, "character": 16 }));
        // Fixed, the file's diagnostics go; closing the CV clears what it showed.
        host.insert("/cv/targets.ron", "[(name: \"web\", formats: [\"html\"])]");
        let sent = server.handle(
            &host,
            "textDocument/didChange",
            &json!({ "textDocument": { "uri": URI }, "contentChanges": [{ "text": text }] }),
        );
        let cleared = json!({ "uri": "file:///cv/targets.ron", "diagnostics": [] });
        assert!(sent.notify.iter().any(|(_, p)| *p == cleared), "{:?}", sent.notify);
        let closed = server.handle(&host, "textDocument/didClose", &json!({ "textDocument": { "uri": URI } })).notify;
        let uris: Vec<&str> = closed.iter().map(|(_, p)| p["uri"].as_str().unwrap()).collect();
        assert_eq!(uris, [URI, "file:///cv/targets.ron"]);
    }

    #[test]
    fn a_count_line_shows_the_sentence_vita_prints() {
        let host = MemoryHost::new();
        let entry =
            |id: &str| format!("(id: \"{id}\", title: \"T\", authors: [\"A\"], venue: (short: \"NSDI\", name: \"V\"), date: \"2023\")");
        let cv = format!(
            "(person: (name: \"A\"), sections: [Publications(title: \"P\", count_l|ine: true, entries: [{}, {}])])",
            entry("a"),
            entry("b")
        );
        let said = ask(&host, "textDocument/hover", &cv);
        let text = said["contents"]["value"].as_str().unwrap();
        assert!(text.ends_with("\n\nHere: “Published 2 peer-reviewed publications: 2 NSDI.”"), "{text}");
    }

    #[test]
    fn positions_count_utf16_units_unless_characters_are_agreed() {
        let host = MemoryHost::new();
        // `𝒜` is one character, two UTF-16 units; the typo is after it.
        let text = "(person: (name: \"𝒜\", emial: \"x\"), sections: [])";
        for (offer, character) in [(json!([]), 22), (json!(["utf-32"]), 21)] {
            let mut server = Server::new();
            let init = server.initialize(&json!({ "capabilities": { "general": { "positionEncodings": offer } } }));
            let sent = server.handle(&host, "textDocument/didOpen", &json!({ "textDocument": { "uri": URI, "text": text } })).notify;
            let d = &sent[0].1["diagnostics"][0];
            assert_eq!(d["range"]["start"]["character"], character, "{init} {d}");
            assert_eq!(d["data"]["fix"], "email");
            // A position in the same units finds the same place.
            let at = json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": character } });
            let hover = server.handle(&host, "textDocument/hover", &at).result.unwrap().unwrap();
            assert_eq!(hover, Value::Null, "an unknown field has no documentation");
            let at = json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": character - 8 } });
            let hover = server.handle(&host, "textDocument/hover", &at).result.unwrap().unwrap();
            assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**name**"), "{hover}");
        }
    }

    #[test]
    fn values_complete_from_what_vita_has() {
        let host = MemoryHost::new();
        let langs = labels(&ask(&host, "textDocument/completion", "(person: (name: \"A\"), settings: (lang: \"|\"))"));
        assert!(langs.contains(&"de".to_string()) && langs.contains(&"ja".to_string()), "{langs:?}");
        let styles = ask(&host, "textDocument/completion", "(person: (name: \"A\"), settings: (citation_style: |))");
        let apa = styles["items"].as_array().unwrap().iter().find(|i| i["label"] == "apa").unwrap();
        assert_eq!(apa["insertText"], "\"apa\"");
        let formats = labels(&ask(&host, "textDocument/completion", "(person: (name: \"A\"), targets: [(name: \"t\", formats: [\"|\"])])"));
        assert!(formats.contains(&"docx".to_string()) && formats.contains(&"europass-v3".to_string()), "{formats:?}");
    }

    #[test]
    fn a_preset_leads_to_its_file_and_an_id_to_its_publication() {
        let mut host = MemoryHost::new();
        host.insert("/cv/presets/mine.ron", "(formats: [\"text\"])");
        let cv = "(person: (name: \"A\"), targets: [(name: \"t\", preset: \"mi|ne\")])";
        assert_eq!(ask(&host, "textDocument/definition", cv)["uri"], "file:///cv/presets/mine.ron");
        // A built-in preset has no file; a name that is a path is not followed.
        assert_eq!(ask(&host, "textDocument/definition", &cv.replace("mi|ne", "academic|-cv")), Value::Null);
        assert_eq!(ask(&host, "textDocument/definition", &cv.replace("mi|ne", "../mi|ne")), Value::Null);
        let cv = "(person: (name: \"A\"), sections: [Publications(title: \"P\", entries: [(id: \"nu\", title: \"Nu: Fungibility\", \
                  authors: [\"A\"], venue: (name: \"V\"), date: \"2023\")]), Research(title: \"R\", projects: [(name: \"p\", publications: [\"n|u\"])])])";
        assert_eq!(ask(&host, "textDocument/hover", cv)["contents"]["value"], "**nu**, numbered [1]: Nu: Fungibility");
        let at = ask(&host, "textDocument/definition", cv);
        assert_eq!(at["range"]["start"], json!({ "line": 0, "character": 73 }), "{at}");
    }
}
