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
use vita_model::Severity;
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

    /// All the files as one zip archive, a target's files in a folder of
    /// its name (as `vita build` writes them), dated 1980-01-01 so the same
    /// CV gives the same bytes.
    pub fn zip(&self) -> Result<Vec<u8>, JsError> {
        self.archive().map_err(|e| JsError::new(&e.to_string()))
    }
}

impl Files {
    /// [`Files::zip`].
    pub fn archive(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let mut folders: Vec<&str> = Vec::new();
        for (target, name, bytes) in &self.files {
            let path = if target.is_empty() {
                name.clone()
            } else {
                if !folders.contains(&target.as_str()) {
                    folders.push(target);
                    z.add_directory(format!("{target}/"), options.unix_permissions(0o755))?;
                }
                format!("{target}/{name}")
            };
            z.start_file(path, options)?;
            std::io::Write::write_all(&mut z, bytes)?;
        }
        Ok(z.finish()?.into_inner())
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

    /// The themes: the built-in ones, then those put in a `themes/` folder.
    pub fn themes(&self) -> Vec<String> {
        vita_engine::themes::names(&self.host, Path::new(""))
    }

    /// The languages vita has words for (BCP 47 tags: `en`, `de`, ...).
    pub fn languages(&self) -> Vec<String> {
        vita_view::labels::tags().into_iter().map(str::to_string).collect()
    }

    /// The starter CV for a name, as `vita new` prints it, dated the year
    /// and month given (the page's clock).
    pub fn starter(&self, name: &str, year: i32, month: u32) -> String {
        vita_engine::starter(name, i64::from(year), month)
    }

    /// Checks a CV's text: JSON, `{"diagnostics": [...], "targets": [...]}`,
    /// each diagnostic with `file`, `line` and `col` (from 1; 0 when not
    /// known), `severity` (`error` or `warning`), `path`, `message` and
    /// `hint`, as `vita check` reports them; the targets by name.
    pub fn check(&mut self, source: &str) -> String {
        self.host.insert(CV, source.as_bytes().to_vec());
        let (reports, targets) = vita_engine::check(&self.host, Path::new(CV));
        json!({ "diagnostics": diagnostics(&reports), "targets": targets }).to_string()
    }

    /// Builds a CV's text: `formats` (none: every format, or the CV's
    /// targets), `targets` (none: every target), and perhaps a theme, a
    /// citation style and a language over the CV's. Bad input is an error
    /// whose message is what `vita build` prints.
    pub fn build(
        &mut self,
        source: &str,
        formats: Vec<String>,
        targets: Vec<String>,
        theme: Option<String>,
        citation_style: Option<String>,
        lang: Option<String>,
    ) -> Result<Files, JsError> {
        let request = Request { formats, targets, theme, citation_style, lang, ..Request::default() };
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

    #[test]
    fn all_files_zip_into_one_archive_with_a_folder_per_target() {
        let mut page = Session::new();
        let built = page.files(SEED, &Request { targets: vec!["portal".into(), "eu".into()], ..Request::default() }).unwrap();
        let zip = built.archive().unwrap();
        assert_eq!(zip, built.archive().unwrap(), "the same files give the same archive");
        let mut read = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let mut names: Vec<String> = read.file_names().map(str::to_string).collect();
        names.sort();
        let mut want: Vec<String> = (0..built.len()).map(|i| format!("{}/{}", built.target(i), built.name(i))).collect();
        want.extend(["eu/".to_string(), "portal/".to_string()]);
        want.sort();
        assert_eq!(names, want);
        for i in 0..built.len() {
            let mut file = read.by_name(&format!("{}/{}", built.target(i), built.name(i))).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            assert!(bytes == built.bytes(i), "{}", built.name(i));
        }
    }

    #[test]
    fn the_language_picker_is_over_the_cvs_language() {
        let mut page = Session::new();
        let text = |page: &mut Session, lang: Option<&str>| {
            let request = Request { formats: vec!["text".into()], lang: lang.map(str::to_string), ..Request::default() };
            String::from_utf8(page.files(SEED, &request).unwrap().bytes(0)).unwrap()
        };
        let html = |page: &mut Session, lang: Option<&str>| {
            let request = Request { formats: vec!["html".into()], lang: lang.map(str::to_string), ..Request::default() };
            String::from_utf8(page.files(SEED, &request).unwrap().bytes(0)).unwrap()
        };
        let german = html(&mut page, Some("de"));
        assert!(german.contains("<footer><p>Stand: Nov. 2022</p></footer>"), "{}", &german[german.len() - 600..]);
        assert!(html(&mut page, Some("de")).contains("<html lang=\"de\""));
        let english = text(&mut page, None);
        let german = text(&mut page, Some("de"));
        // The CV's own words stay; the words vita adds are the language's.
        assert!(english.ends_with("\n\nLast updated: 11/2022\n"), "{english}");
        assert!(german.ends_with("\n\nStand: 11/2022\n") && german.contains("\nPUBLICATIONS\n"), "{german}");
        let request = Request { formats: vec!["text".into()], lang: Some("xx".into()), ..Request::default() };
        let said = page.files(SEED, &request).err().unwrap();
        assert!(said.starts_with("error: no labels for the language `xx`\n  hint: "), "{said}");
    }

    #[test]
    fn the_starter_passes_the_check() {
        let mut page = Session::new();
        let starter = page.starter("Ada \"Countess\" Lovelace", 2026, 12);
        assert!(starter.contains("name: \"Ada \\\"Countess\\\" Lovelace\""), "{starter}");
        assert!(starter.contains("2026-12"), "{starter}");
        let said: Value = serde_json::from_str(&page.check(&starter)).unwrap();
        assert_eq!(said["diagnostics"], json!([]));
        assert!(page.themes().contains(&"classic".to_string()) && page.languages().contains(&"de".to_string()));
    }
}
