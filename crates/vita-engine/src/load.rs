//! Loading a CV: its text (RON, or a file an importer reads), the
//! publication files it names, its targets over their presets, its labels
//! files, all checked in one pass; every problem reported against the file
//! it is in.

use std::path::{Path, PathBuf};

use anyhow::Context;

use vita_backend::Document;
use vita_model::Diagnostic;

use crate::host::{step, Host};
use crate::registry;
use crate::report::{is_stdin, shown, BadInput, Report};

/// A CV that passed its checks, with what they warned about.
pub struct Loaded {
    /// The document the backends render.
    pub document: Document,
    /// Warnings, by file (the CV first).
    pub warnings: Vec<Report>,
    /// The CV's targets over their presets (none for a CV without targets).
    pub targets: Vec<vita_model::Target>,
    /// The CV's photo (`person.photo`), read and checked.
    pub photo: Option<vita_backend::Photo>,
}

/// What loading is for.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadFor {
    /// Resolve and check the targets (a build of named formats leaves them alone).
    pub targets: bool,
    /// `vita import`: a RenderCV YAML file is read too.
    pub importing: bool,
}

/// Reads, parses and validates a CV, and resolves its targets when asked:
/// every problem of the CV and of its targets (and their files) in one pass.
pub fn load(host: &dyn Host, file: &Path, what: LoadFor) -> anyhow::Result<Loaded> {
    let name = shown(file).to_string();
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("yaml" | "yml")) && !what.importing {
        // A RenderCV file maps onto a CV with warnings a user should read once, not at every build.
        return Err(BadInput::plain(format!(
            "error: {name}: vita reads YAML (RenderCV) only through `vita import`\n  \
             hint: run `vita import {name} > cv.ron`, read its warnings, then `vita build cv.ron`"
        ))
        .into());
    }
    let started = host.clock();
    let is_pdf = ext.as_deref() == Some("pdf");
    let src = if is_pdf {
        // A Europass PDF carries its CV as an attached Candidate XML.
        let bytes = host.read(file, None, crate::MAX_INPUT).map_err(|u| BadInput::unreadable(&name, u))?;
        vita_europass::import::from_pdf(bytes).map_err(|m| BadInput::plain(format!("error: {name}: {m}")))?
    } else {
        crate::read_text(host, file, None).map_err(|u| BadInput::unreadable(&name, u))?
    };
    step!(host, "read {name} ({} bytes) in {}", src.len(), crate::host::took(host, started));
    let started = host.clock();
    let (checked, targets, mut files) = parse(host, file, &src, is_pdf, what.targets);
    let mut diags = checked.diagnostics;
    let mut failed = checked.document.is_none() || files.iter().any(Report::has_errors);
    let mut resolved = Vec::new();
    if let Some(t) = targets {
        failed |= t.failed || t.in_cv.iter().any(Diagnostic::is_error);
        diags.extend(t.in_cv);
        files.extend(t.others);
        resolved = t.targets;
    }
    diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    // The CV's own labels files, for each language it is built in.
    if let Some(doc) = &checked.document {
        let mut seen: Vec<&str> = Vec::new();
        for lang in doc.cv.settings.lang.iter().chain(resolved.iter().filter_map(|t| t.lang.as_ref())) {
            if seen.contains(&lang.as_str()) {
                continue;
            }
            seen.push(lang);
            let (report, bad) = crate::labels::check_file(host, file, lang);
            files.extend(report);
            failed |= bad;
        }
    }
    let mut photo = None;
    if let Some(doc) = &checked.document {
        match crate::photo::read(host, file, doc, &resolved) {
            Ok((p, warnings)) => {
                photo = p;
                diags.extend(warnings);
            }
            Err(d) => {
                failed = true;
                diags.push(*d);
            }
        }
        if diags.iter().any(|d| d.path == "person.photo" && d.pos.is_none()) {
            let index = vita_model::SpanIndex::scan(&src);
            for d in diags.iter_mut().filter(|d| d.path == "person.photo" && d.pos.is_none()) {
                d.pos = index.find("person.photo");
            }
        }
    }
    step!(
        host,
        "parsed and checked {name}{} in {}: {}",
        if what.targets { " and its targets" } else { "" },
        crate::host::took(host, started),
        plural(diags.len(), "diagnostic")
    );
    let mut reports = Vec::with_capacity(files.len() + 1);
    if !diags.is_empty() {
        reports.push(Report::new(name, src, diags));
    }
    reports.extend(files);
    match checked.document {
        Some(document) if !failed => Ok(Loaded { document, warnings: reports, targets: resolved, photo }),
        _ => Err(BadInput::Reports(reports).into()),
    }
}

/// The CV from its text: through an importer, or as RON with its
/// publication files merged in; its targets when asked; the reports of the
/// files it names (publication files).
fn parse(
    host: &dyn Host,
    file: &Path,
    src: &str,
    is_pdf: bool,
    with_targets: bool,
) -> (vita_model::Checked, Option<crate::targets::Resolved>, Vec<Report>) {
    // Standard input has no name to tell JSON Resume by: its first character does.
    let xml = registry::IMPORTERS.iter().find(|i| i.name == "europass");
    let importer = if is_pdf { xml } else { registry::importer(file) }.or_else(|| {
        (is_stdin(file) && src.trim_start().starts_with('{'))
            .then(|| registry::IMPORTERS.iter().find(|i| i.extensions.contains(&"json")))
            .flatten()
    });
    if let Some(importer) = importer {
        let checked = (importer.load)(src);
        let targets = checked
            .document
            .as_ref()
            .filter(|_| with_targets)
            .map(|d| crate::targets::resolve(host, file, src, &vita_model::LazySpans::default(), &d.cv));
        return (checked, targets, Vec::new());
    }
    let mut cv = match vita_model::parse(src) {
        Ok(cv) => cv,
        // Every unknown field at once, and the problems of the values around them.
        Err(d) if d.message.starts_with("unknown field") => return (vita_model::check_past_unknown_fields(src), None, Vec::new()),
        Err(d) => return (vita_model::Checked { document: None, diagnostics: vec![*d] }, None, Vec::new()),
    };
    // Publication files first: the targets and checks see the merged list.
    let mut sources = crate::sources::resolve(host, file, &mut cv);
    // One position scan of the CV, made only if a diagnostic needs it.
    let spans = vita_model::LazySpans::default();
    let mut targets = if with_targets { Some(crate::targets::resolve(host, file, src, &spans, &cv)) } else { None };
    let mut settings = crate::targets::check_format_settings(host, file, &cv, src, &spans);
    let (theme, theme_files) = crate::themes::check_settings(host, file, &cv, src, &spans);
    settings.extend(theme);
    settings.extend(crate::styles::check_settings(host, file, &cv, src, &spans));
    if !settings.is_empty() || !theme_files.is_empty() {
        let t = targets.get_or_insert_with(crate::targets::Resolved::default);
        t.in_cv.extend(settings);
        t.failed |= !theme_files.is_empty();
        t.others.extend(theme_files);
    }
    if !sources.any() && sources.in_cv.is_empty() {
        return (vita_model::check_with(cv, || spans.get(src).clone()), targets, Vec::new());
    }
    // Positions after placing: an entry's path before and after ordering differ.
    let mut checked = vita_model::check_with(cv, vita_model::SpanIndex::default);
    let mut diags = sources.place(std::mem::take(&mut checked.diagnostics), || spans.get(src));
    for mut d in std::mem::take(&mut sources.in_cv) {
        d.pos = d.pos.or_else(|| spans.get(src).find(&d.path));
        diags.push(d);
    }
    if diags.iter().any(Diagnostic::is_error) {
        checked.document = None;
    }
    checked.diagnostics = diags;
    (checked, targets, sources.reports())
}

/// `1 error`, `3 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A publication file read for `vita import`.
pub struct ImportedPublications {
    /// One RON `Publications(...)` section, newest first, ending in a comma
    /// (it goes inside `sections: [...]`).
    pub section: String,
    /// How many publications it holds.
    pub count: usize,
    /// The reader that took the file (`BibTeX`).
    pub reader: &'static str,
    /// The reader's warnings.
    pub warnings: Report,
}

/// A publication file (BibTeX, CSL-JSON, ORCID) as one RON
/// `Publications(...)` section; `None` for a file no publication reader
/// takes. `file` is the name the file goes by (`-` for standard input,
/// told by its first character).
pub fn import_publications(file: &Path, text: &str) -> anyhow::Result<Option<ImportedPublications>> {
    let stdin = is_stdin(file);
    let name = shown(file).to_string();
    let as_if = match text.trim_start().chars().next() {
        _ if !stdin => file.to_path_buf(),
        Some('{' | '[') => PathBuf::from("stdin.json"),
        Some('@' | '%') => PathBuf::from("stdin.bib"),
        _ => return Ok(None),
    };
    let Some(reader) = registry::source(&as_if, text) else { return Ok(None) };
    let mut read = (reader.read)(text);
    if read.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BadInput::report(Report::new(name, text, read.diagnostics)).into());
    }
    vita_model::source::settle(&mut read);
    let mut list =
        vita_model::PublicationList { title: "Publications".into(), order: Some(vita_model::Order::Newest), ..Default::default() };
    vita_model::source::merge(&mut list, "", &name, &read.entries);
    let ron = vita_model::to_ron_value(&vita_model::Section::Publications(list)).context("writing RON")?;
    // A section inside `sections: [...]`: no file attributes, a comma after it.
    let ron: String = ron.lines().filter(|l| !l.starts_with("#![")).map(|l| format!("{l}\n")).collect();
    Ok(Some(ImportedPublications {
        section: format!("{},\n", ron.trim_end()),
        count: read.entries.len(),
        reader: reader.name,
        warnings: Report::new(name, text, read.diagnostics),
    }))
}
