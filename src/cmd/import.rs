//! `vita import FILE`: a CV from another tool (JSON Resume, Europass XML
//! or PDF, RenderCV YAML, a LinkedIn export) printed as vita's RON, or a
//! publication file (BibTeX, CSL-JSON, ORCID works) as one RON section.

use std::path::Path;

use anyhow::Context;
use vita_engine::{BadInput, LoadFor, Report};

use crate::diagnostics;
use crate::host::FsHost;
use crate::input::{is_stdin, shown};
use crate::term::clean;

/// Prints a file as RON.
pub fn run(file: &Path) -> anyhow::Result<()> {
    if crate::archive::is_export(file) && !is_stdin(file) {
        return import_export(file);
    }
    if import_publications(file)? {
        return Ok(());
    }
    let loaded = vita_engine::load(&FsHost::new(), file, LoadFor { targets: false, importing: true })?;
    diagnostics::print_warnings(&loaded.warnings);
    let ron = vita_model::to_ron(&loaded.document.cv).context("writing RON")?;
    crate::term::print(&ron);
    Ok(())
}

/// A LinkedIn data export (its zip archive or folder).
fn import_export(file: &Path) -> anyhow::Result<()> {
    let name = shown(file).to_string();
    let files = crate::archive::read(file).map_err(|m| BadInput::plain(format!("error: {}: {}", clean(&name), clean(&m))))?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if !vita_linkedin::is_export(&names) {
        return Err(BadInput::plain(format!(
            "error: {}: this is not a LinkedIn data export (it has no Profile.csv beside Positions.csv, Education.csv, ...)\n  \
             hint: vita imports the archive LinkedIn sends (Settings, Data privacy, Get a copy of your data), or its unzipped folder",
            clean(&name)
        ))
        .into());
    }
    let checked = vita_linkedin::load(&files);
    let report = Report::new(name, "", checked.diagnostics);
    let Some(document) = checked.document else { return Err(BadInput::report(report).into()) };
    diagnostics::print_warnings(std::slice::from_ref(&report));
    crate::term::print(&vita_model::to_ron(&document.cv).context("writing RON")?);
    Ok(())
}

/// A publication file as one section, newest first; false for a file no
/// publication reader takes.
fn import_publications(file: &Path) -> anyhow::Result<bool> {
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let stdin = is_stdin(file);
    if !stdin && !matches!(ext.as_deref(), Some("bib" | "json")) {
        return Ok(false);
    }
    let name = shown(file).to_string();
    let text = crate::input::read_text(file).map_err(|u| BadInput::unreadable(&name, u.0))?;
    let Some(read) = vita_engine::import_publications(file, &text)? else { return Ok(false) };
    diagnostics::print_warnings(std::slice::from_ref(&read.warnings));
    let base =
        if stdin { "papers.bib".to_string() } else { file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default() };
    crate::term::print(&format!(
        "// {} from {} ({}), newest first. Paste this section into a CV's\n\
         // `sections: [...]`, or keep the file and write `Publications(title: \"Publications\",\n\
         // from: \"{}\", overlay: {{...}})` to read it at every build.\n{}",
        diagnostics::plural(read.count, "publication"),
        clean(if stdin { &name } else { &base }),
        read.reader,
        clean(&base).replace(['"', '\\'], "_"),
        read.section,
    ));
    Ok(true)
}
