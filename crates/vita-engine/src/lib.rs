//! The build of a CV as a library. Between reading and writing, a build
//! loads the CV, reads what it names (its targets file, presets, labels,
//! template folders, publication files, fonts), checks all of it, resolves
//! its targets, plans each build and renders every format; this crate does
//! all of that and returns the planned files, page counts and diagnostics
//! as values. It reads through a [`Host`] and touches no file, process,
//! clock, environment or terminal itself, so the same build runs in the
//! command, in a browser and in an editor's language server.
//!
//! ```
//! use vita_engine::{build, MemoryHost, Request};
//!
//! let mut host = MemoryHost::new();
//! host.insert("cv.ron", r#"(person: (name: "Ada Lovelace"), sections: [])"#);
//! let request = Request { formats: vec!["text".into()], ..Request::default() };
//! let built = build(&host, "cv.ron".as_ref(), &request).unwrap();
//! let text = String::from_utf8(built.builds[0].files[0].1.bytes.clone()).unwrap();
//! assert_eq!(text, "ADA LOVELACE\n");
//! ```

mod fonts;
mod host;
mod labels;
mod load;
mod photo;
mod plan;
pub mod registry;
mod render;
mod report;
mod sources;
mod styles;
mod targets;
pub mod themes;

use std::path::Path;

pub use host::{Host, MemoryHost, Within, CV_FOLDER};
pub use load::{import_publications, load, plural, ImportedPublications, LoadFor, Loaded};
pub use plan::{
    builds_targets, check_option, find, format_names, parse_page, plans, select, target_plan, OptionProblem, Plan, Request, ALL_FORMATS,
    DEFAULT_FORMATS, PRINTS_REFERENCES,
};
pub use render::{check_name, render, render_all, Output, MANIFEST, TMP_PREFIX};
pub use report::{folder_of, is_stdin, shown, text, BadInput, Report, STDIN_NAME};
pub use targets::{add_pdf_format, preset_names, PRESETS};

/// The largest file vita reads: a CV, a targets file, a preset, a template.
/// A CV of 10,000 entries is about 2.4 MB and a build of it takes about
/// 150 MiB; memory grows linearly with the input, so this bounds it near 1 GiB.
pub const MAX_INPUT: u64 = vita_model::budget::INPUT_BYTES;

/// A text file of at most [`MAX_INPUT`] bytes, through the host.
pub(crate) fn read_text(host: &dyn Host, path: &Path, within: Option<Within<'_>>) -> Result<String, vita_model::Diagnostic> {
    host.read(path, within, MAX_INPUT).and_then(report::text)
}

/// A whole build's result: every plan rendered, nothing written.
pub struct Built {
    /// The loaded CV's warnings, by file.
    pub warnings: Vec<Report>,
    /// One build per target (named), or one unnamed build of the formats asked.
    pub builds: Vec<TargetBuild>,
}

/// One target's (or the formats') files.
pub struct TargetBuild {
    /// The target's name; empty for a build of formats.
    pub target: String,
    /// The files, with the format that made each, in the plan's order.
    pub files: Vec<(&'static str, vita_backend::OutputFile)>,
    /// Page counts of paged files, by file name.
    pub pages: Vec<(String, u32)>,
    /// The plan's notes (warnings about the request).
    pub notes: Vec<String>,
    /// Each format's warnings, by format.
    pub diagnostics: Vec<(&'static str, Vec<vita_backend::Diagnostic>)>,
}

/// Loads a CV and renders every plan of a request: what `vita build`
/// writes, as values (a program's PDF, such as LaTeX's, is not made).
pub fn build(host: &dyn Host, file: &Path, request: &Request) -> anyhow::Result<Built> {
    let loaded = load(host, file, LoadFor { targets: request.formats.is_empty(), importing: false })?;
    let mut builds = Vec::new();
    for (target, plan) in plans(host, file, &loaded, request)? {
        let plan = plan?;
        let out = render(host, &plan, file)?;
        builds.push(TargetBuild { target, files: out.files, pages: out.pages, notes: plan.notes, diagnostics: out.diagnostics });
    }
    Ok(Built { warnings: loaded.warnings, builds })
}

/// Ends a build in a long-running host (`vita watch`, a page, an editor):
/// Typst's memoised work from more than a few builds ago is forgotten, so
/// the next build reuses what is recent and memory stays flat.
pub fn end_build() {
    #[cfg(feature = "typst")]
    vita_typst::compile::evict(10);
}

/// The starter CV for a name (`vita new`, the page's first text): commented,
/// passing `vita check`, its `updated` the year and month given (the
/// caller's clock).
pub fn starter(name: &str, year: i64, month: u32) -> String {
    let quoted = ron::to_string(&name.to_string()).unwrap_or_else(|_| "\"\"".into());
    include_str!("starter.ron").replace("\"FULL NAME\"", &quoted).replace("UPDATED", &format!("{year:04}-{month:02}"))
}

/// What a CV's check finds, without writing or typesetting anything: the
/// problems of the CV and the files it names, and those its plans find
/// (every target's, or every format's for a CV without targets), by file;
/// and the names of its targets. What a page or an editor shows as the
/// text is typed.
pub fn check(host: &dyn Host, file: &Path) -> (Vec<Report>, Vec<String>) {
    let shown = report::shown(file).to_string();
    let problem = |e: anyhow::Error| match e.downcast::<BadInput>() {
        Ok(BadInput::Reports(reports)) => reports,
        Ok(BadInput::Message(m)) => vec![Report::new(shown.clone(), "", vec![vita_model::Diagnostic::error("", m)])],
        Err(e) => vec![Report::new(shown.clone(), "", vec![vita_model::Diagnostic::error("", format!("{e:#}"))])],
    };
    let loaded = match load(host, file, LoadFor { targets: true, importing: false }) {
        Ok(loaded) => loaded,
        Err(e) => return (problem(e), Vec::new()),
    };
    let targets = loaded.targets.iter().map(|t| t.name.clone()).collect();
    let mut reports = loaded.warnings.clone();
    let all = Request { formats: vec![ALL_FORMATS.to_string()], ..Request::default() };
    let request = if builds_targets(&loaded, &Request::default()) { Request::default() } else { all };
    if let Err(e) = plans(host, file, &loaded, &request).and_then(|plans| plans.into_iter().try_for_each(|(_, p)| p.map(|_| ()))) {
        reports.extend(problem(e));
    }
    (reports, targets)
}

/// The bundled citation styles, each by its shortest name and its title
/// (`apa`, `American Psychological Association 7th edition`).
pub fn citation_styles() -> Vec<(&'static str, &'static str)> {
    vita_cite::bundled().into_iter().map(|(name, title, _)| (name, title)).collect()
}
