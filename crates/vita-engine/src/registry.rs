//! The backends and importers vita has, one line each. Adding a format is
//! one crate (`scripts/new-backend NAME`) and one line in [`BACKENDS`];
//! the CLI, `vita formats`, the benches and the tests all read this list.

use vita_backend::Backend;
use vita_model::Checked;

/// The backends, one line each. `vita formats` lists them in this order.
pub const BACKENDS: &[&dyn Backend] = &[
    &vita_text::Text,
    &vita_html::Html,
    &vita_latex::Latex,
    &vita_jsonresume::JsonResume,
    &vita_europass::Europass,
    &vita_europass_v3::EuropassV3,
    &vita_markdown::Markdown,
    &vita_bibtex::Bibtex,
    #[cfg(feature = "typst")]
    &vita_typst::Typst,
    &vita_docx::Docx,
    // new backends: one line above
];

/// The format that makes a PDF when a build asks for one (`--pdf`, a
/// target's `pdf: true`) and names no format that makes one: Typst, in this
/// process, when vita is built with it (the default), else LaTeX through TeX.
#[cfg(feature = "typst")]
pub const PDF_FORMAT: &str = "typst";
/// The format that makes a PDF when a build asks for one (`--pdf`, a
/// target's `pdf: true`) and names no format that makes one: LaTeX through
/// TeX, since this vita is built without Typst.
#[cfg(not(feature = "typst"))]
pub const PDF_FORMAT: &str = "latex";

/// Formats vita has but this build of it leaves out, with the cargo feature
/// that brings each in.
pub const LEFT_OUT: &[(&str, &str)] = &[
    #[cfg(not(feature = "typst"))]
    ("typst", "typst"),
];

/// The hint for a format this build leaves out, when `name` is one.
pub fn left_out(name: &str) -> Option<String> {
    LEFT_OUT.iter().find(|(n, _)| *n == name).map(|(n, feature)| {
        format!("this vita was built without the `{feature}` cargo feature, which brings the {n} format; build it with default features")
    })
}

/// Whether a backend writes a PDF itself (rather than through a program).
pub fn writes_pdf(b: &dyn Backend) -> bool {
    b.file_names("cv").iter().any(|n| n.ends_with(".pdf"))
}

/// A format vita reads a CV from, besides its own RON.
pub struct Importer {
    /// Its name (`jsonresume`).
    pub name: &'static str,
    /// File name endings it takes (`json`), in lower case.
    pub extensions: &'static [&'static str],
    /// Loads and validates a file's text.
    pub load: fn(&str) -> Checked,
}

/// A Europass XML file: today's Candidate, or a v3.4.1 SkillsPassport.
fn load_europass(text: &str) -> Checked {
    if vita_europass_v3::import::is_v3(text) {
        vita_europass_v3::import::load(text)
    } else {
        vita_europass::import::load(text)
    }
}

/// A JSON file: JSON Resume, or Europass v3 JSON (`{"SkillsPassport": ...}`).
fn load_json(text: &str) -> Checked {
    if vita_europass_v3::import::is_v3_json(text) {
        vita_europass_v3::import::load_json(text)
    } else {
        vita_jsonresume::import::load(text)
    }
}

/// The importers, one line each; the first whose extension matches a file reads it.
pub const IMPORTERS: &[Importer] = &[
    Importer { name: "jsonresume", extensions: &["json"], load: load_json },
    Importer { name: "europass", extensions: &["xml"], load: load_europass },
    Importer { name: "rendercv", extensions: &["yaml", "yml"], load: vita_rendercv::load },
];

/// A backend by name.
pub fn backend(name: &str) -> Option<&'static dyn Backend> {
    BACKENDS.iter().copied().find(|b| b.name() == name)
}

/// The importer for a file name, by its extension.
pub fn importer(file: &std::path::Path) -> Option<&'static Importer> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    IMPORTERS.iter().find(|i| i.extensions.contains(&ext.as_str()))
}

/// A reader of publication files, which a publication section names with
/// `from: "papers.bib"` and `vita import` reads.
pub struct Source {
    /// What it reads (`BibTeX`).
    pub name: &'static str,
    /// Whether it reads a file, by its name and text.
    pub reads: fn(&std::path::Path, &str) -> bool,
    /// Reads a file's text.
    pub read: fn(&str) -> vita_model::source::SourceRead,
}

fn extension_is(file: &std::path::Path, ext: &str) -> bool {
    file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn is_bib(file: &std::path::Path, _: &str) -> bool {
    extension_is(file, "bib")
}

fn is_csl(file: &std::path::Path, text: &str) -> bool {
    extension_is(file, "json") && vita_csl::kind(text) == Some(vita_csl::Kind::Csl)
}

fn is_orcid(file: &std::path::Path, text: &str) -> bool {
    extension_is(file, "json") && vita_csl::kind(text) == Some(vita_csl::Kind::Orcid)
}

/// The publication file readers, one line each; the first that reads a file reads it.
pub const SOURCES: &[Source] = &[
    Source { name: "BibTeX", reads: is_bib, read: vita_bibtex::read::read },
    Source { name: "CSL-JSON", reads: is_csl, read: vita_csl::read },
    Source { name: "ORCID works", reads: is_orcid, read: vita_csl::read },
];

/// The reader of a publication file, by its name and text.
pub fn source(file: &std::path::Path, text: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| (s.reads)(file, text))
}
