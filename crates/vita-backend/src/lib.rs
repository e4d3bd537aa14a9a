//! The backend contract of vita: one trait, and the helpers that every
//! template-driven backend shares.
//!
//! A backend is a pure function from a validated [`Document`] and its
//! [`Options`] to the files it produces, as names and bytes ([`Rendered`]). It
//! never opens a file or prints: the CLI reads template overrides into
//! [`Options::templates`], and writes the outputs atomically once every
//! requested backend has succeeded. This keeps backends testable with plain
//! values and lets a failing backend leave no half-written file behind.
//!
//! The shared helpers, written once:
//! - [`view`]: the format-neutral view of a CV that templates render (dates
//!   formatted, author lists with the owner marked, acceptance rates, the
//!   per-venue count line, cross-references resolved), built through a
//!   format's [`Markup`] so that every string is escaped for that format;
//! - [`dates`]: date and range formatting;
//! - [`html`]: HTML escaping and rich text as HTML, for formats that are or embed HTML;
//! - [`plain`]: plain text (nothing escaped, links written out);
//! - [`engine`]: a Handlebars registry with the format's escaping hook,
//!   default templates embedded by the backend, and user overrides.

pub mod dates;
pub mod engine;
pub mod html;
pub mod plain;
pub mod view;

use std::collections::BTreeMap;

pub use vita_model::Document;
pub use vita_model::{Inline, Rich};

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// File name relative to the output folder (`cv.html`).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What a backend produced: its files, and warnings about what it could not express.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The files, in a fixed order.
    pub files: Vec<OutputFile>,
    /// Warnings naming the field that could not be expressed and what was done instead.
    pub warnings: Vec<String>,
}

impl Rendered {
    /// One file, no warnings.
    pub fn single(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Rendered {
        Rendered { files: vec![OutputFile { name: name.into(), bytes: bytes.into() }], warnings: Vec::new() }
    }
}

/// Paper size for print output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

/// Options every backend receives.
#[derive(Clone, Debug)]
pub struct Options {
    /// Base name of the output files (`cv`).
    pub basename: String,
    /// Line width for text output.
    pub width: usize,
    /// Paper size for print output.
    pub page: Page,
    /// Template overrides by file name, read by the CLI from a template folder.
    pub templates: BTreeMap<String, String>,
    /// Further options by name (`engine = xelatex`), per backend.
    pub extra: BTreeMap<String, String>,
    /// Seconds since the Unix epoch to date the document with, when the source
    /// has no `updated` date (from `SOURCE_DATE_EPOCH`).
    pub source_date_epoch: Option<i64>,
    /// Date style of entry dates.
    pub dates: vita_model::DateStyle,
    /// Language of the labels (`de`); default: the CV's `settings.lang`, else English.
    pub lang: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            basename: "cv".into(),
            width: 80,
            page: Page::A4,
            templates: BTreeMap::new(),
            extra: BTreeMap::new(),
            source_date_epoch: None,
            dates: vita_model::DateStyle::Numeric,
            lang: None,
        }
    }
}

/// An output format.
pub trait Backend: Sync {
    /// The format name used on the command line (`html`).
    fn name(&self) -> &'static str;
    /// One line saying what the format is for.
    fn description(&self) -> &'static str;
    /// The file names it writes for a base name (`cv` gives `cv.html`).
    fn file_names(&self, basename: &str) -> Vec<String>;
    /// The default templates (file name, contents), for template-driven backends.
    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// The options it reads from [`Options::extra`] (name, what it does).
    fn options(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// Whether any option name is accepted (an external program reads its own).
    fn accepts_any_option(&self) -> bool {
        false
    }
    /// Checks an option's value before anything is built; the error says
    /// which values are accepted.
    fn check_option(&self, _name: &str, _value: &str) -> Result<(), String> {
        Ok(())
    }
    /// Renders the document.
    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered>;
}

/// How a format writes text: escaping for plain strings, and rich text.
///
/// Every string that reaches a template goes through one of these, so
/// escaping lives in one place per format.
pub trait Markup {
    /// Escapes plain text.
    fn escape(&self, text: &str) -> String;
    /// Escapes an address (already percent-encoded by [`view::href`]) for
    /// the place a format puts links (an attribute, a `\href` argument).
    /// By default the same as [`Markup::escape`].
    fn escape_url(&self, url: &str) -> String {
        self.escape(url)
    }
    /// Renders inline rich text, escaping its text.
    fn rich(&self, rich: &Rich) -> String {
        let mut out = String::new();
        self.inlines(rich.inlines(), &mut out);
        out
    }
    /// Renders a sequence of inlines into `out`: escaped text, and each
    /// element through the methods below.
    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&self.escape(t)),
                Inline::Code(t) => out.push_str(&self.code(t)),
                Inline::Emph(c) | Inline::Strong(c) => {
                    let mut inner = String::new();
                    self.inlines(c, &mut inner);
                    out.push_str(&if matches!(i, Inline::Emph(_)) { self.emph(&inner) } else { self.strong(&inner) });
                }
                Inline::Link { url, content } => {
                    let mut text = String::new();
                    self.inlines(content, &mut text);
                    out.push_str(&self.link(url, &text));
                }
                Inline::Break => out.push_str(self.line_break()),
            }
        }
    }
    /// Wraps rendered text as emphasis; by default leaves it as it is.
    fn emph(&self, rendered: &str) -> String {
        rendered.to_string()
    }
    /// Wraps rendered text as strong; by default leaves it as it is.
    fn strong(&self, rendered: &str) -> String {
        rendered.to_string()
    }
    /// Code text (unescaped: a format escapes it as its code needs); by
    /// default escaped like any text.
    fn code(&self, raw: &str) -> String {
        self.escape(raw)
    }
    /// A line break inside a paragraph.
    fn line_break(&self) -> &'static str {
        "\n"
    }
    /// Renders a link with already-rendered text.
    fn link(&self, url: &str, rendered_text: &str) -> String;
}
