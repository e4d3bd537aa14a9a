//! vita in a web page: the engine and every backend (the TeX step of
//! `--pdf` aside: a page runs no program) compiled to WebAssembly, over a
//! host that serves the files the page holds in memory (the CV, and the
//! publication files, labels, presets and photos it names, as the user
//! gave them). Nothing here reads a file, the clock or the network; the
//! page's script passes text and bytes in and takes files out.
//!
//! The CV is always `cv.ron` in the page's one folder; the files it names
//! sit beside it under the names the user gave them.

use std::path::Path;

use serde_json::{json, Value};
use vita_engine::{BadInput, LoadFor, MemoryHost, Report, Request};
use vita_model::{Diagnostic, Severity};
use wasm_bindgen::prelude::*;

/// The CV's name in the page's folder.
const CV: &str = "cv.ron";

/// A page's files and the builds made from them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Session {
    host: MemoryHost,
}

/// The files of a build: for each, its target (empty for a build of
/// formats), its name and its bytes.
#[wasm_bindgen]
pub struct Files {
    files: Vec<(String, String, Vec<u8>)>,
    warnings: String,
}

#[wasm_bindgen]
impl Files {
    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The target of file `i` (empty: a build of formats).
    pub fn target(&self, i: usize) -> String {
        self.files.get(i).map(|f| f.0.clone()).unwrap_or_default()
    }

    /// The name of file `i` (`cv.html`).
    pub fn name(&self, i: usize) -> String {
        self.files.get(i).map(|f| f.1.clone()).unwrap_or_default()
    }

    /// The bytes of file `i`.
    pub fn bytes(&self, i: usize) -> Vec<u8> {
        self.files.get(i).map(|f| f.2.clone()).unwrap_or_default()
    }

    /// The build's warnings, as [`Session::check`] gives them (JSON).
    pub fn warnings(&self) -> String {
        self.warnings.clone()
    }
}

#[wasm_bindgen]
impl Session {
    /// A session with no files.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session::default()
    }

    /// Puts a file beside the CV (a `.bib` it reads, labels, a photo).
    pub fn put(&mut self, name: &str, bytes: &[u8]) {
        self.host.insert(name, bytes.to_vec());
    }

    /// Removes a file put beside the CV.
    pub fn remove(&mut self, name: &str) {
        self.host.remove(name);
    }

    /// The names of the formats vita makes (`text`, `html`, ...).
    pub fn formats(&self) -> Vec<String> {
        vita_engine::format_names(&self.host)
    }

    /// Checks a CV's text: JSON, `{"diagnostics": [...], "targets": [...]}`,
    /// each diagnostic with `file`, `line` and `col` (from 1; 0 when not
    /// known), `severity` (`error` or `warning`), `path`, `message` and
    /// `hint`, as `vita check` reports them; the targets by name.
    pub fn check(&mut self, source: &str) -> String {
        self.host.insert(CV, source.as_bytes().to_vec());
        let file = Path::new(CV);
        let mut targets = Vec::new();
        let reports = match vita_engine::load(&self.host, file, LoadFor { targets: true, importing: false }) {
            Ok(loaded) => {
                targets = loaded.targets.iter().map(|t| t.name.clone()).collect();
                let mut reports = loaded.warnings.clone();
                let request = Request { formats: vec![vita_engine::ALL_FORMATS.to_string()], ..Request::default() };
                let request = if vita_engine::builds_targets(&loaded, &Request::default()) { Request::default() } else { request };
                if let Err(e) = vita_engine::plans(&self.host, file, &loaded, &request)
                    .and_then(|plans| plans.into_iter().try_for_each(|(_, p)| p.map(|_| ())))
                {
                    reports.extend(problem(e));
                }
                reports
            }
            Err(e) => problem(e),
        };
        json!({ "diagnostics": diagnostics(&reports), "targets": targets }).to_string()
    }

    /// Builds a CV's text: `formats` (none: every format, or the CV's
    /// targets), `targets` (none: every target), and perhaps a theme and a
    /// citation style over the CV's. Bad input is an error whose message
    /// is what `vita build` prints.
    pub fn build(
        &mut self,
        source: &str,
        formats: Vec<String>,
        targets: Vec<String>,
        theme: Option<String>,
        citation_style: Option<String>,
    ) -> Result<Files, JsError> {
        let request = Request { formats, targets, theme, citation_style, ..Request::default() };
        self.files(source, &request).map_err(|m| JsError::new(&m))
    }

    /// A file from another tool as vita's RON, as `vita import` prints
    /// it: a CV (JSON Resume, Europass XML or PDF, RenderCV YAML) or a
    /// publication file (BibTeX, CSL-JSON, ORCID works) as one section.
    pub fn import(&mut self, name: &str, bytes: &[u8]) -> Result<String, JsError> {
        self.ron(name, bytes).map_err(|m| JsError::new(&m))
    }
}

impl Session {
    /// [`Session::build`], its error the message `vita build` prints.
    pub fn files(&mut self, source: &str, request: &Request) -> Result<Files, String> {
        self.host.insert(CV, source.as_bytes().to_vec());
        let built = vita_engine::build(&self.host, Path::new(CV), request).map_err(message)?;
        vita_engine::end_build();
        let files = built
            .builds
            .into_iter()
            .flat_map(|b| {
                let target = b.target;
                b.files.into_iter().map(move |(_, f)| (target.clone(), f.name, f.bytes))
            })
            .collect();
        Ok(Files { files, warnings: diagnostics(&built.warnings).to_string() })
    }

    /// [`Session::import`], its error the message `vita import` prints.
    pub fn ron(&mut self, name: &str, bytes: &[u8]) -> Result<String, String> {
        let path = Path::new(name);
        if let Ok(text) = std::str::from_utf8(bytes) {
            if let Some(read) = vita_engine::import_publications(path, text).map_err(message)? {
                return Ok(read.section);
            }
        }
        self.host.insert(name, bytes.to_vec());
        let loaded = vita_engine::load(&self.host, path, LoadFor { targets: false, importing: true });
        self.host.remove(name);
        vita_model::to_ron(&loaded.map_err(message)?.document.cv).map_err(|e| e.to_string())
    }
}

/// An error of the engine as the reports it holds (bad input), or as one
/// report without a position.
fn problem(e: anyhow::Error) -> Vec<Report> {
    match e.downcast::<BadInput>() {
        Ok(BadInput::Reports(reports)) => reports,
        Ok(BadInput::Message(m)) => vec![Report::new(CV, "", vec![Diagnostic::error("", m)])],
        Err(e) => vec![Report::new(CV, "", vec![Diagnostic::error("", format!("{e:#}"))])],
    }
}

/// What an error says, as the command prints it.
fn message(e: anyhow::Error) -> String {
    match e.downcast::<BadInput>() {
        Ok(bad) => bad.to_string(),
        Err(e) => format!("error: {e:#}"),
    }
}

/// Reports as a JSON array of diagnostics.
fn diagnostics(reports: &[Report]) -> Value {
    let all: Vec<Value> = reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| {
                json!({
                    "file": r.file,
                    "line": d.pos.map_or(0, |p| p.line),
                    "col": d.pos.map_or(0, |p| p.col),
                    "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                    "path": d.path,
                    "message": d.message,
                    "hint": d.hint,
                })
            })
        })
        .collect();
    Value::Array(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../examples/seojin-park.ron");

    #[test]
    fn a_page_builds_the_bytes_the_command_writes() {
        let mut page = Session::new();
        let request = Request { formats: vec!["text".into(), "html".into(), "jsonresume".into()], ..Request::default() };
        let built = page.files(SEED, &request).unwrap();
        let golden: [(&str, &[u8]); 3] = [
            ("cv.txt", include_bytes!("../../../tests/golden/seojin-park/cv.txt")),
            ("cv.html", include_bytes!("../../../tests/golden/seojin-park/cv.html")),
            ("cv.json", include_bytes!("../../../tests/golden/seojin-park/cv.json")),
        ];
        let made: Vec<(String, Vec<u8>)> = (0..built.len()).map(|i| (built.name(i), built.bytes(i))).collect();
        let want: Vec<(String, Vec<u8>)> = golden.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        assert!(made == want, "{:?}", made.iter().map(|(n, _)| n).collect::<Vec<_>>());
    }

    #[test]
    fn a_typo_is_a_diagnostic_at_its_line_and_column() {
        let mut page = Session::new();
        let said: Value = serde_json::from_str(&page.check("(\n  person: (nam: \"Ada\"),\n  sections: [],\n)\n")).unwrap();
        assert_eq!(
            said["diagnostics"],
            json!([{"file": "cv.ron", "line": 2, "col": 12, "severity": "error", "path": "person.nam",
                    "message": "unknown field `nam`", "hint": "did you mean `name`?"}])
        );
        let seed: Value = serde_json::from_str(&page.check(SEED)).unwrap();
        assert_eq!(seed["diagnostics"], json!([]));
        assert_eq!(seed["targets"], json!(["faculty", "fellowship", "portal", "eu", "jobs", "website", "recruiter"]));
    }

    #[test]
    fn a_publication_file_dropped_in_is_the_section_vita_import_prints() {
        let mut page = Session::new();
        let bib = "@article{k, title = {A Title}, author = {Doe, Jane}, journal = {J}, year = {2020}}";
        let ron = page.ron("papers.bib", bib.as_bytes()).unwrap();
        assert!(ron.starts_with("Publications("), "{ron}");
        assert!(ron.contains("title: \"A Title\""), "{ron}");
    }
}
