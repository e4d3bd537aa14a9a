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
    &vita_markdown::Markdown,
    // new backends: one line above
];

/// The format that makes a PDF when a build asks for one (`--pdf`, a
/// target's `pdf: true`) and names no format that declares a PDF program.
pub const PDF_FORMAT: &str = "latex";

/// A format vita reads a CV from, besides its own RON.
pub struct Importer {
    /// Its name (`jsonresume`).
    pub name: &'static str,
    /// File name endings it takes (`json`), in lower case.
    pub extensions: &'static [&'static str],
    /// Loads and validates a file's text.
    pub load: fn(&str) -> Checked,
}

/// The importers, one line each; the first whose extension matches a file reads it.
pub const IMPORTERS: &[Importer] = &[Importer { name: "jsonresume", extensions: &["json"], load: vita_jsonresume::import::load }];

/// A backend by name.
pub fn backend(name: &str) -> Option<&'static dyn Backend> {
    BACKENDS.iter().copied().find(|b| b.name() == name)
}

/// The importer for a file name, by its extension.
pub fn importer(file: &std::path::Path) -> Option<&'static Importer> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    IMPORTERS.iter().find(|i| i.extensions.contains(&ext.as_str()))
}
