//! The backend contract of vita: what a backend author implements
//! ([`Backend`]) and what a backend receives and returns. Nothing else:
//! the shared presentation (the view, dates, labels, escaping, templates)
//! is in `vita-view`, which backends may use.
//!
//! A backend is a pure function from a validated [`Document`] and its
//! [`Options`] to the files it produces, as names and bytes ([`Rendered`]),
//! with [`Diagnostic`]s for what it could not express. It never opens a
//! file, runs a program or prints: the engine (`vita-engine`) reads
//! template overrides into [`Options::templates`] through its host, and the
//! host (the `vita` command) writes the outputs atomically once every
//! requested backend has succeeded. A backend that needs a program to
//! finish its work (LaTeX needs TeX for a PDF) declares it as a [`Program`]
//! and the host runs it. This keeps backends testable with plain values and
//! lets a failing backend leave no half-written file behind.
//!
//! The types that will grow are `#[non_exhaustive]`: construct them with
//! their constructors or `Default`, then set fields.
//!
//! [`protocol`] is the document an external backend (a program
//! `vita-backend-NAME`) receives, in the same terms.

pub mod cite;
pub mod protocol;

use std::collections::BTreeMap;

pub use cite::{Citations, Piece, Reference};
use serde::{Deserialize, Serialize};
pub use vita_model::{Diagnostic, Document, Severity};

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutputFile {
    /// File name relative to the output folder (`cv.html`).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file of a name and contents.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile { name: name.into(), bytes: bytes.into() }
    }
}

/// What a backend produced: its files, diagnostics about what it could not
/// express, and a program to run when the user asks for it.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Rendered {
    /// The files, in a fixed order.
    pub files: Vec<OutputFile>,
    /// Warnings, each naming the field (its path in the CV, as validation
    /// names it) that could not be expressed and what was done instead.
    pub diagnostics: Vec<Diagnostic>,
    /// A program that makes a further file from these (a PDF), run by the
    /// command when asked (`--pdf`, a target's `pdf: true`).
    pub program: Option<Program>,
    /// The page count of a paged file the backend made itself (a PDF made
    /// in-process), checked against a target's `max_pages`.
    pub pages: Option<u32>,
}

impl Rendered {
    /// One file, no warnings.
    pub fn single(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Rendered {
        Rendered { files: vec![OutputFile::new(name, bytes)], ..Rendered::default() }
    }

    /// Adds a warning about the field at `path` (empty for the whole document).
    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(path, message));
    }
}

/// A program the host (the `vita` command) runs for a backend, in a temporary folder holding
/// `inputs`, under a time limit, with no standard input; it must leave
/// `made` there. Only `made` and `log` are read back.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Program {
    /// The name its output gets beside the backend's files (`cv.pdf`, or
    /// `short.pdf` for the base name `short`).
    pub output: String,
    /// The file it makes in its own folder (`cv.pdf`).
    pub made: String,
    /// The files placed in its folder (`cv.tex`).
    pub inputs: Vec<OutputFile>,
    /// Programs that must be installed; when one is missing, the command says
    /// [`Program::not_installed`] and makes nothing.
    pub requires: Vec<String>,
    /// Ways to run it, best first: the first whose program is installed runs.
    pub runs: Vec<Run>,
    /// The log file to read back for [`Backend::program_report`] (`cv.log`).
    pub log: String,
    /// Environment variables to set.
    pub env: Vec<(String, String)>,
    /// Seconds the whole run may take.
    pub timeout: u64,
    /// What to say when a required program is missing (how to install it).
    pub not_installed: String,
    /// The option that raises the time limit (`latex.timeout`), for messages.
    pub timeout_option: String,
}

/// One way to run a [`Program`]: a command line, repeated while its log
/// asks for it.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Run {
    /// The program and its arguments.
    pub argv: Vec<String>,
    /// Run again (up to [`Run::max_runs`] in all) while the log contains this.
    pub again_while: Option<String>,
    /// The most runs.
    pub max_runs: u32,
}

impl Run {
    /// A command line run once.
    pub fn once(argv: Vec<String>) -> Run {
        Run { argv, again_while: None, max_runs: 1 }
    }

    /// A command line run again while its log contains `needle`, `max` times at most.
    pub fn repeated(argv: Vec<String>, needle: impl Into<String>, max: u32) -> Run {
        Run { argv, again_while: Some(needle.into()), max_runs: max }
    }
}

/// What a backend reads from its program's log.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ProgramReport {
    /// Warnings (a character the font lacks, naming the fields that use it).
    pub diagnostics: Vec<Diagnostic>,
    /// The number of pages of the output, when the log says.
    pub pages: Option<u32>,
    /// The lines of the log that say what went wrong, for a failed run.
    pub errors: String,
}

/// Font files a backend asks the engine to read ([`Backend::font_request`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FontRequest {
    /// Folders whose font files (`.ttf`, `.otf`, `.ttc`, `.otc`) are all read.
    pub folders: Vec<String>,
    /// Font families to find among the system's installed fonts, read when
    /// no folder has them; a family found nowhere is an error.
    pub families: Vec<String>,
}

/// A photo to print, as read from the CV's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// The file's name for the output (`photo.jpg`, `photo.png`).
    pub name: String,
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// The bytes.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Its width and height in pixels, as its header says (the engine
    /// has read them and refused a photo without them).
    pub pixels: (u32, u32),
}

/// Paper size for print output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Page {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

impl Page {
    /// Parses `a4` or `letter` (any case).
    pub fn parse(s: &str) -> Option<Page> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(Page::A4),
            "letter" => Some(Page::Letter),
            _ => None,
        }
    }

    /// The name, as `parse` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Page::A4 => "a4",
            Page::Letter => "letter",
        }
    }
}

/// Options every backend receives: the render context besides the document.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Options {
    /// Base name of the output files (`cv`).
    pub basename: String,
    /// Line width for text output.
    pub width: usize,
    /// Paper size for print output.
    pub page: Page,
    /// Template overrides by file name, read by the engine from a template folder.
    #[serde(skip)]
    pub templates: BTreeMap<String, String>,
    /// Further options by name (`engine = xelatex`), per backend.
    pub extra: BTreeMap<String, String>,
    /// Seconds since the Unix epoch to date the document with, when the source
    /// has no `updated` date (from `SOURCE_DATE_EPOCH`).
    pub source_date_epoch: Option<i64>,
    /// Date style of entry dates.
    pub dates: vita_model::DateStyle,
    /// The look chosen for the output (a theme and its option values), for
    /// the formats themes style (Typst and HTML); others may ignore it.
    pub theme: Theme,
    /// Language of the words vita adds (`de`); default: the CV's
    /// `settings.lang`, else English. Backends that write a language code
    /// use it too.
    pub lang: Option<String>,
    /// A user's labels file for that language (`labels/<tag>.ron` beside the
    /// CV, read by the engine): RON that replaces some or all of vita's words.
    #[serde(skip)]
    pub labels: Option<String>,
    /// Font files the engine read for this backend, as (where from, contents):
    /// those its [`Backend::font_request`] asked for.
    #[serde(skip)]
    pub fonts: Vec<(String, std::sync::Arc<Vec<u8>>)>,
    /// The CV's photo (`person.photo`), read by the engine and checked to
    /// be a JPEG or PNG; none for a target with `ats: true`.
    #[serde(skip)]
    pub photo: Option<Photo>,
    /// Files of other formats this backend asked to carry (its
    /// [`Backend::attachments`]), rendered by the engine from the same document.
    #[serde(skip)]
    pub attachments: Vec<OutputFile>,
    /// Only checking (`vita check`): a backend may leave out work that
    /// makes only the output's bytes and says nothing about the input
    /// (typesetting a PDF), as long as every diagnostic it gives without
    /// that work is still given. Its files are then not written anywhere.
    #[serde(skip)]
    pub check: bool,
    /// Checking, and the page count is wanted (a target's `max_pages`): a
    /// paged backend lays out its pages and gives their count
    /// ([`Rendered::pages`]), but need not write the file.
    #[serde(skip)]
    pub count_pages: bool,
    /// The publications formatted in the citation style the build names
    /// (`--citation-style`, a target's or the CV's `citation_style`), for
    /// the formats that print a publication list; none: vita's own format.
    #[serde(skip)]
    pub citations: Option<std::sync::Arc<Citations>>,
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
            theme: Theme::default(),
            lang: None,
            labels: None,
            fonts: Vec::new(),
            photo: None,
            attachments: Vec::new(),
            check: false,
            count_pages: false,
            citations: None,
        }
    }
}

/// A theme chosen for a build: its name and every option's value, each
/// checked by the engine against the theme's `theme.ron` (a colour is
/// `#rrggbb`, a length a number and a unit, a choice one of its names), so
/// a template may insert them as they are. Empty values: the backend's
/// own defaults.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Theme {
    /// The theme's name (`classic`).
    pub name: String,
    /// Option values by name (`accent` to `#1a4f8b`).
    pub values: BTreeMap<String, String>,
    /// Whether the theme sets an icon before each contact.
    pub icons: bool,
}

impl Options {
    /// The language the output is in: the target's, else the CV's, else `en`.
    pub fn language<'a>(&'a self, doc: &'a Document) -> &'a str {
        self.lang.as_deref().or(doc.cv.settings.lang.as_deref()).unwrap_or("en")
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
    /// Whether its rendering declares a [`Program`] that makes a PDF (LaTeX
    /// through TeX): a build that asks for a PDF then needs no other format.
    fn pdf_by_program(&self) -> bool {
        false
    }
    /// The font files this backend wants read before rendering, for its
    /// options: the engine reads them into [`Options::fonts`].
    fn font_request(&self, _options: &Options) -> FontRequest {
        FontRequest::default()
    }
    /// The formats whose files this backend wants in
    /// [`Options::attachments`] for these options (Typst attaches the
    /// Europass XML to its PDF); the engine renders them first.
    fn attachments(&self, _options: &Options) -> Vec<&'static str> {
        Vec::new()
    }
    /// Renders the document.
    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered>;
    /// Reads the log of the [`Program`] its rendering declared.
    fn program_report(&self, _doc: &Document, _log: &str) -> ProgramReport {
        ProgramReport::default()
    }
}
