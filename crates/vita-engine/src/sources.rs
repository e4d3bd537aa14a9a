//! Publication sections drawn from files (`from: "papers.bib"`): each file
//! is read (a regular file of bounded size, relative to the CV), parsed by
//! its reader from the registry, and merged into its section with the
//! section's overlay; its problems are drawn against the file itself.
//! Diagnostics of the merged CV are then placed where they belong: in the
//! CV for entries written there, in the file for entries read from it.

use std::path::Path;

use vita_model::source::{merge, Merged, Place, SourceEntry};
use vita_model::{Cv, Diagnostic, Section, SpanIndex};

use crate::host::{step, Host, Within, CV_FOLDER};
use crate::registry;
use crate::report::{folder_of, Report};

/// One file read for a section.
struct File {
    name: String,
    text: String,
    entries: Vec<SourceEntry>,
    merged: Merged,
    /// Diagnostics in the file (the reader's, then the merged CV's).
    diagnostics: Vec<Diagnostic>,
}

/// The files a CV's publication sections read, merged into it.
#[derive(Default)]
pub struct Sources {
    files: Vec<File>,
    /// Sections ordered without a file (`order: Newest`).
    ordered: Vec<Merged>,
    /// Diagnostics in the CV (a `from` that cannot be read, the overlays).
    pub in_cv: Vec<Diagnostic>,
}

/// Reads the files the CV's publication sections name and merges them in.
pub fn resolve(host: &dyn Host, file: &Path, cv: &mut Cv) -> Sources {
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut out = Sources::default();
    let mut lists = Vec::new();
    for (i, s) in cv.sections.iter_mut().enumerate() {
        match s {
            Section::Publications(l) => lists.push((format!("sections[{i}]"), l)),
            Section::Group(g) => {
                for (j, inner) in g.sections.iter_mut().enumerate() {
                    if let Section::Publications(l) = inner {
                        lists.push((format!("sections[{i}].sections[{j}]"), l));
                    }
                }
            }
            _ => {}
        }
    }
    for (path, list) in lists {
        let Some(from) = list.from.clone() else {
            if list.order.is_some() {
                out.ordered.push(merge(list, &path, "", &[]));
            }
            continue;
        };
        let lower = from.to_ascii_lowercase();
        if !(lower.ends_with(".bib") || lower.ends_with(".json")) {
            // `vita check` reports it (validate); nothing is read.
            continue;
        }
        let full = dir.join(&from);
        let name = full.display().to_string();
        let here = format!("{path}.from");
        let text = match crate::read_text(host, &full, Some(Within { root: folder_of(file), folder: CV_FOLDER })) {
            Ok(t) => t,
            Err(u) => {
                out.in_cv.push(
                    Diagnostic::error(here, format!("cannot read {name}: {}", u.message))
                        .with_hint(u.hint.unwrap_or_else(|| "the path is relative to the CV file".into())),
                );
                continue;
            }
        };
        let Some(reader) = registry::source(&full, &text) else {
            out.in_cv.push(
                Diagnostic::error(here, format!("{name} is neither CSL-JSON nor an ORCID works record"))
                    .with_hint("give a BibTeX file (`.bib`), a CSL-JSON export, or a saved ORCID `/works` record"),
            );
            continue;
        };
        let started = host.clock();
        let mut read = (reader.read)(&text);
        if !read.diagnostics.iter().any(Diagnostic::is_error) {
            vita_model::source::settle(&mut read);
        }
        step!(host, "read {name} ({}): {} entries in {}", reader.name, read.entries.len(), crate::host::took(host, started));
        let merged = merge(list, &path, &from, &read.entries);
        if read.diagnostics.iter().any(Diagnostic::is_error) {
            // Still drawn from the file: an empty section is the file's problem, reported there.
            list.from = Some(from);
        }
        out.in_cv.extend(merged.diagnostics.iter().cloned());
        out.files.push(File { name, text, entries: read.entries, merged, diagnostics: read.diagnostics });
    }
    out
}

impl Sources {
    /// Whether any section was merged or ordered (so diagnostic paths need placing).
    pub fn any(&self) -> bool {
        !self.files.is_empty() || !self.ordered.is_empty()
    }

    /// Places the merged CV's diagnostics: those of entries read from a
    /// file go to that file; the others get their path (and position) in
    /// the CV. Returns the CV's.
    pub fn place<'i>(&mut self, diagnostics: Vec<Diagnostic>, index: impl Fn() -> &'i SpanIndex) -> Vec<Diagnostic> {
        let mut in_cv = Vec::new();
        'each: for mut d in diagnostics {
            for f in &mut self.files {
                match f.merged.place(&d.path) {
                    Some(Place::Cv(p)) => {
                        d.path = p;
                        break;
                    }
                    Some(Place::Read(j, rest)) => {
                        let e = &f.entries[j];
                        d.path = format!("{}{rest}", e.key);
                        d.pos = e.pos_of(&rest);
                        f.diagnostics.push(d);
                        continue 'each;
                    }
                    None => {}
                }
            }
            for m in &self.ordered {
                if let Some(Place::Cv(p)) = m.place(&d.path) {
                    d.path = p;
                    break;
                }
            }
            if d.pos.is_none() {
                d.pos = index().find(&d.path);
            }
            in_cv.push(d);
        }
        in_cv
    }

    /// The files' diagnostics, each file's in the order of its lines.
    pub fn reports(&mut self) -> Vec<Report> {
        let mut out = Vec::new();
        for f in &mut self.files {
            if f.diagnostics.is_empty() {
                continue;
            }
            f.diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
            out.push(Report::new(f.name.clone(), std::mem::take(&mut f.text), std::mem::take(&mut f.diagnostics)));
        }
        out
    }
}
