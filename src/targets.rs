//! Targets from the CV (and the targets file it names), with their presets
//! applied, checked against the formats this program has.

use std::fs;
use std::path::{Path, PathBuf};

use vita_backend::Backend;
use vita_model::{Diagnostic, Document, SpanIndex, Target};

use crate::cli::{BadInput, OptionProblem, BACKENDS};
use crate::diagnostics;

/// The presets shipped with vita, under `formats/presets/`.
pub const PRESETS: &[(&str, &str)] = &[
    ("academic-cv", include_str!("../formats/presets/academic-cv.ron")),
    ("short-cv", include_str!("../formats/presets/short-cv.ron")),
    ("portal-text", include_str!("../formats/presets/portal-text.ron")),
    ("europass", include_str!("../formats/presets/europass.ron")),
    ("jsonresume", include_str!("../formats/presets/jsonresume.ron")),
    ("website", include_str!("../formats/presets/website.ron")),
];

/// One file's targets and what is wrong with them.
struct Source {
    name: String,
    src: String,
    index: SpanIndex,
    prefix: &'static str,
    targets: Vec<Target>,
    diagnostics: Vec<Diagnostic>,
    /// Diagnostics of preset files, rendered.
    presets: String,
}

impl Source {
    fn error(&mut self, path: String, message: String, hint: String) {
        let pos = self.index.find(&path);
        self.diagnostics.push(Diagnostic::error(path, message).with_hint(hint).at(pos));
    }

    fn path(&self, i: usize) -> String {
        format!("{}[{i}]", self.prefix)
    }
}

/// The CV's targets (those in the CV, then those in its targets file), each
/// over its preset. Unknown presets, formats and options are bad input, with
/// positions in the file that names them.
pub fn resolve(file: &Path, src: &str, doc: &Document) -> anyhow::Result<Vec<Target>> {
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut sources = vec![Source {
        name: file.display().to_string(),
        src: src.to_string(),
        index: SpanIndex::scan(src),
        prefix: "targets",
        targets: doc.cv.targets.clone(),
        diagnostics: Vec::new(),
        presets: String::new(),
    }];
    if let Some(name) = &doc.cv.settings.targets {
        let path = dir.join(name);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                let d = Diagnostic::error("settings.targets", format!("cannot read the targets file {}: {e}", path.display()))
                    .with_hint("the path is relative to the CV file")
                    .at(sources[0].index.find("settings.targets"));
                return Err(BadInput(diagnostics::render_all(&[d], &sources[0].name, src)).into());
            }
        };
        let index = SpanIndex::scan(&text);
        let (targets, diagnostics) = match vita_model::parse_as::<Vec<Target>>(&text) {
            Ok(t) => {
                let d = vita_model::validate::validate_targets(&doc.cv, &t, "", &index);
                (t, d)
            }
            Err(d) => (Vec::new(), vec![*d]),
        };
        sources.push(Source {
            name: path.display().to_string(),
            src: text,
            index,
            prefix: "",
            targets,
            diagnostics,
            presets: String::new(),
        });
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for source in &mut sources {
        for (i, t) in source.targets.clone().iter().enumerate() {
            let here = source.path(i);
            if !t.name.is_empty() && seen.contains(&t.name) && source.prefix.is_empty() {
                source.error(
                    format!("{here}.name"),
                    format!("a second target named `{}`", t.name),
                    "the CV itself has a target of that name; rename one".into(),
                );
            }
            seen.push(t.name.clone());
            let merged = match &t.preset {
                None => t.clone(),
                Some(p) => match preset(&dir, p) {
                    Ok(preset) => t.over(&preset),
                    Err(PresetError::Unknown(known)) => {
                        let hint = vita_model::validate::did_you_mean(p, &known, "presets");
                        source.error(format!("{here}.preset"), format!("no preset named `{p}`"), hint);
                        continue;
                    }
                    Err(PresetError::Bad(file, text, d)) => {
                        source.error(format!("{here}.preset"), format!("the preset `{p}` is not valid"), format!("see {file} below"));
                        source.presets.push_str(&diagnostics::render(&d, &file, &text));
                        continue;
                    }
                },
            };
            check_formats(source, &here, t, &merged);
            out.push(merged);
        }
    }
    let mut rendered = String::new();
    let mut failed = false;
    for s in &sources {
        if !s.diagnostics.is_empty() {
            failed |= s.diagnostics.iter().any(Diagnostic::is_error);
            rendered.push_str(&diagnostics::render_all(&s.diagnostics, &s.name, &s.src));
        }
        rendered.push_str(&s.presets);
    }
    if failed {
        return Err(BadInput(rendered).into());
    }
    eprint!("{rendered}");
    Ok(out)
}

fn check_formats(source: &mut Source, here: &str, own: &Target, merged: &Target) {
    let builtin: Vec<&str> = BACKENDS.iter().map(|b| b.name()).collect();
    for (j, f) in merged.formats.iter().flatten().enumerate() {
        // PATH is searched only for a name that is not built in.
        if builtin.contains(&f.as_str()) || crate::external::find(f).is_some() {
            continue;
        }
        let mut all: Vec<String> = builtin.iter().map(|s| s.to_string()).collect();
        all.extend(crate::external::all().into_iter().map(|(n, _)| n));
        // Point at the target's own list when the name is there, else at its preset.
        let path = if own.formats.is_some() { format!("{here}.formats[{j}]") } else { format!("{here}.preset") };
        let hint = vita_model::validate::did_you_mean(f, &all, "formats");
        source.error(path, format!("unknown format `{f}`"), hint);
    }
    let names = builtin;
    for (key, value) in merged.options.iter().flatten() {
        let path = if own.options.as_ref().is_some_and(|o| o.contains_key(key)) {
            format!("{here}.options.{key}")
        } else {
            format!("{here}.preset")
        };
        let Some((format, name)) = key.split_once('.') else { continue };
        let Some(b) =
            BACKENDS.iter().copied().find(|b| b.name() == format).or_else(|| crate::external::find(format).map(|e| e as &dyn Backend))
        else {
            let hint = match vita_model::validate::closest(format, names.iter().copied()) {
                Some(k) => format!("did you mean `{k}.{name}`?"),
                None => format!("formats: {}", names.join(", ")),
            };
            source.error(path, format!("option `{key}` names no format"), hint);
            continue;
        };
        match crate::cli::check_option(b, name, value) {
            Ok(()) => {}
            Err(OptionProblem::UnknownName(hint)) => source.error(path, format!("unknown option `{key}`"), hint),
            Err(OptionProblem::BadValue(hint)) => source.error(path, format!("bad value `{value}` for `{key}`"), hint),
        }
    }
}

enum PresetError {
    Unknown(Vec<String>),
    Bad(String, String, Box<Diagnostic>),
}

/// A preset by name: `presets/NAME.ron` next to the CV, else a shipped one.
fn preset(dir: &Path, name: &str) -> Result<Target, PresetError> {
    let user = dir.join("presets").join(format!("{name}.ron"));
    let (file, text) = match fs::read_to_string(&user) {
        Ok(t) => (user.display().to_string(), t),
        Err(_) => match PRESETS.iter().find(|(n, _)| *n == name) {
            Some((_, t)) => (format!("formats/presets/{name}.ron"), t.to_string()),
            None => return Err(PresetError::Unknown(preset_names(dir))),
        },
    };
    match vita_model::parse_as::<Target>(&text) {
        Ok(t) if t.preset.is_some() => {
            let d = Diagnostic::error("preset", "a preset cannot name another preset").at(SpanIndex::scan(&text).find("preset"));
            Err(PresetError::Bad(file, text, Box::new(d)))
        }
        Ok(t) => Ok(t),
        Err(d) => Err(PresetError::Bad(file, text, d)),
    }
}

/// Every preset a CV in `dir` can use.
pub fn preset_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = PRESETS.iter().map(|(n, _)| n.to_string()).collect();
    if let Ok(entries) = fs::read_dir(dir.join("presets")) {
        for e in entries.flatten() {
            let p: PathBuf = e.path();
            if p.extension().is_some_and(|x| x == "ron") {
                if let Some(stem) = p.file_stem().and_then(|s| s.to_str()) {
                    if !names.iter().any(|n| n == stem) {
                        names.push(stem.to_string());
                    }
                }
            }
        }
    }
    names
}

/// The backends a target writes (every format when it names none; LaTeX
/// added when it wants a PDF).
pub fn backends(t: &Target, pdf: bool) -> Vec<&'static dyn Backend> {
    let mut out: Vec<&'static dyn Backend> = match &t.formats {
        None => BACKENDS.to_vec(),
        Some(names) => names
            .iter()
            .filter_map(|n| {
                BACKENDS.iter().copied().find(|b| b.name() == n).or_else(|| crate::external::find(n).map(|e| e as &'static dyn Backend))
            })
            .collect(),
    };
    if pdf && !out.iter().any(|b| b.name() == "latex") {
        out.push(&vita_latex::Latex);
    }
    out
}
