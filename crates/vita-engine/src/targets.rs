//! Targets from the CV (and the targets file it names), with their presets
//! applied, checked against the formats this program has.

use std::path::Path;

use vita_backend::Backend;
use vita_model::{Cv, Diagnostic, LazySpans, SpanIndex, Target};

use crate::host::{Host, Within, CV_FOLDER};
use crate::plan::{check_option, OptionProblem};
use crate::registry::{self, BACKENDS};
use crate::report::{folder_of, shown, Report};

/// The presets shipped with vita, under `formats/presets/`.
pub const PRESETS: &[(&str, &str)] = &[
    #[cfg(feature = "typst")]
    ("academic-cv", include_str!("../../../formats/presets/academic-cv.ron")),
    #[cfg(feature = "typst")]
    ("short-cv", include_str!("../../../formats/presets/short-cv.ron")),
    // Without Typst in this build, the PDF presets make their PDF with TeX.
    #[cfg(not(feature = "typst"))]
    ("academic-cv", include_str!("../../../formats/presets/academic-cv-latex.ron")),
    #[cfg(not(feature = "typst"))]
    ("short-cv", include_str!("../../../formats/presets/short-cv-latex.ron")),
    ("academic-cv-latex", include_str!("../../../formats/presets/academic-cv-latex.ron")),
    ("short-cv-latex", include_str!("../../../formats/presets/short-cv-latex.ron")),
    ("portal-text", include_str!("../../../formats/presets/portal-text.ron")),
    ("europass", include_str!("../../../formats/presets/europass.ron")),
    ("jsonresume", include_str!("../../../formats/presets/jsonresume.ron")),
    ("website", include_str!("../../../formats/presets/website.ron")),
    #[cfg(feature = "typst")]
    ("jobs", include_str!("../../../formats/presets/jobs.ron")),
    #[cfg(feature = "typst")]
    ("recruiter", include_str!("../../../formats/presets/recruiter.ron")),
    // Without Typst, the Word file alone.
    #[cfg(not(feature = "typst"))]
    ("recruiter", include_str!("../../../formats/presets/recruiter-docx.ron")),
];

/// One file's targets and what is wrong with them.
struct Source<'a> {
    name: String,
    src: std::borrow::Cow<'a, str>,
    /// Positions in `src`, scanned when first needed (the CV's are the
    /// ones its loading scanned, if it did).
    index: std::borrow::Cow<'a, LazySpans>,
    prefix: &'static str,
    targets: Vec<Target>,
    diagnostics: Vec<Diagnostic>,
    /// Diagnostics of preset files (and theme folders).
    presets: Vec<Report>,
    /// The CV's `settings.theme`, which a target's theme options are for
    /// when it names no theme of its own.
    cv_theme: Option<String>,
}

impl Source<'_> {
    fn error(&mut self, path: String, message: String, hint: String) {
        let pos = self.index.get(&self.src).find(&path);
        self.diagnostics.push(Diagnostic::error(path, message).with_hint(hint).at(pos));
    }

    fn warn(&mut self, path: String, message: String, hint: String) {
        let pos = self.index.get(&self.src).find(&path);
        self.diagnostics.push(Diagnostic::warning(path, message).with_hint(hint).at(pos));
    }

    fn path(&self, i: usize) -> String {
        format!("{}[{i}]", self.prefix)
    }
}

/// A CV's targets over their presets, and what is wrong with them.
#[derive(Default)]
pub struct Resolved {
    /// The targets that could be resolved.
    pub targets: Vec<Target>,
    /// Diagnostics in the CV file itself (its targets), to draw with the CV's own.
    pub in_cv: Vec<Diagnostic>,
    /// Diagnostics of other files (the targets file, presets).
    pub others: Vec<Report>,
    /// Whether any diagnostic of another file is an error.
    pub failed: bool,
}

/// The CV's targets (those in the CV, then those in its targets file), each
/// over its preset. Unknown presets, formats and options are bad input, with
/// positions in the file that names them; every problem is collected.
pub fn resolve(host: &dyn Host, file: &Path, src: &str, spans: &LazySpans, cv: &Cv) -> Resolved {
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut sources = vec![Source {
        name: shown(file).to_string(),
        src: std::borrow::Cow::Borrowed(src),
        index: std::borrow::Cow::Borrowed(spans),
        prefix: "targets",
        targets: cv.targets.clone(),
        diagnostics: Vec::new(),
        presets: Vec::new(),
        cv_theme: cv.settings.theme.clone(),
    }];
    if cv.targets.is_empty() && cv.settings.targets.is_none() {
        return Resolved::default();
    }
    if let Some(name) = &cv.settings.targets {
        let path = dir.join(name);
        let here = sources[0].index.get(src).find("settings.targets");
        // Only a `.ron` file is read, and only as a regular file of bounded
        // size: the setting cannot make vita read (or echo) another file.
        let text = if !name.ends_with(".ron") {
            Err((format!("the targets file `{name}` is not a `.ron` file"), "name a RON file such as \"targets.ron\"".to_string()))
        } else {
            crate::read_text(host, &path, Some(Within { root: folder_of(file), folder: CV_FOLDER })).map_err(|u| {
                (format!("cannot read the targets file {}: {}", path.display(), u.message), "the path is relative to the CV file".into())
            })
        };
        match text {
            Err((message, hint)) => sources[0].diagnostics.push(Diagnostic::error("settings.targets", message).with_hint(hint).at(here)),
            Ok(text) => {
                let index = LazySpans::default();
                let (targets, diagnostics) = match vita_model::parse_as::<Vec<Target>>(&text) {
                    Ok(t) => {
                        let d = vita_model::validate::validate_targets(cv, &t, "", index.get(&text));
                        (t, d)
                    }
                    Err(d) => (Vec::new(), vec![*d]),
                };
                sources.push(Source {
                    name: path.display().to_string(),
                    src: std::borrow::Cow::Owned(text),
                    index: std::borrow::Cow::Owned(index),
                    prefix: "",
                    targets,
                    diagnostics,
                    presets: Vec::new(),
                    cv_theme: cv.settings.theme.clone(),
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut checked_presets: Vec<String> = Vec::new();
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
                None => Some(t.clone()),
                Some(p) => match preset(host, &dir, p) {
                    Ok(preset) => Some(t.over(&preset)),
                    Err(PresetError::Unknown(known)) => {
                        let hint = vita_model::validate::did_you_mean(p, &known, "presets");
                        source.error(format!("{here}.preset"), format!("no preset named `{p}`"), hint);
                        None
                    }
                    Err(PresetError::Bad(file, text, d)) => {
                        source.error(format!("{here}.preset"), format!("the preset `{p}` is not valid"), format!("see {file}"));
                        if !checked_presets.contains(p) {
                            checked_presets.push(p.clone());
                            source.presets.push(Report::new(file, text, d));
                        }
                        None
                    }
                },
            };
            // The target's own formats and options are checked even when its preset is not usable.
            check_formats(host, file, source, &here, t, merged.as_ref().unwrap_or(t));
            out.extend(merged);
        }
    }
    let mut others = Vec::new();
    let mut failed = false;
    let mut sources = sources.into_iter();
    let cv_source = sources.next().expect("the CV is the first source");
    let mut presets = cv_source.presets;
    for s in sources {
        if !s.diagnostics.is_empty() {
            failed |= s.diagnostics.iter().any(Diagnostic::is_error);
            others.push(Report::new(s.name, s.src.into_owned(), s.diagnostics));
        }
        presets.extend(s.presets);
    }
    failed |= !presets.is_empty();
    others.extend(presets);
    Resolved { targets: out, in_cv: cv_source.diagnostics, others, failed }
}

/// `settings.formats` names only formats vita has (built in or on `PATH`),
/// and `settings.lang` a language vita has words for.
pub fn check_format_settings(host: &dyn Host, file: &Path, cv: &Cv, src: &str, spans: &LazySpans) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lang = cv.settings.lang.as_deref().filter(|l| vita_model::validate::is_language_tag(l));
    let missing = lang.and_then(|l| crate::labels::missing(host, file, l));
    if cv.settings.formats.is_empty() && missing.is_none() {
        return out;
    }
    let index = spans.get(src);
    if let Some((message, hint)) = missing {
        // The tag stays (a document's language, hyphenation); the words are English.
        out.push(
            Diagnostic::warning("settings.lang", format!("{message}: the English words stand in"))
                .with_hint(hint)
                .at(index.find("settings.lang")),
        );
    }
    for name in cv.settings.formats.keys() {
        if crate::plan::find(host, name).is_none() {
            let known = crate::plan::format_names(host);
            let path = format!("settings.formats.{name}");
            let pos = index.find(&path);
            out.push(
                Diagnostic::error(path, format!("no format named `{name}`"))
                    .with_hint(registry::left_out(name).unwrap_or_else(|| vita_model::validate::did_you_mean(name, &known, "formats")))
                    .at(pos),
            );
        }
    }
    out
}

fn check_formats(host: &dyn Host, file: &Path, source: &mut Source, here: &str, own: &Target, merged: &Target) {
    // The words vita adds must exist in the target's language (a tag that is
    // not well-formed is the model's to report).
    if let Some(lang) = merged.lang.as_deref().filter(|l| vita_model::validate::is_language_tag(l)) {
        if let Some((message, hint)) = crate::labels::missing(host, file, lang) {
            let path = if own.lang.is_some() { format!("{here}.lang") } else { format!("{here}.preset") };
            // The tag stays; the words are English.
            source.warn(path, format!("{message}: the English words stand in"), hint);
        }
    }
    let builtin: Vec<&str> = BACKENDS.iter().map(|b| b.name()).collect();
    for (j, f) in merged.formats.iter().flatten().enumerate() {
        // PATH is searched only for a name that is not built in.
        if crate::plan::find(host, f).is_some() {
            continue;
        }
        let all = crate::plan::format_names(host);
        // Point at the target's own list when the name is there, else at its preset.
        let path = if own.formats.is_some() { format!("{here}.formats[{j}]") } else { format!("{here}.preset") };
        let hint = registry::left_out(f)
            .or_else(|| crate::plan::pdf_hint(f))
            .unwrap_or_else(|| vita_model::validate::did_you_mean(f, &all, "formats"));
        source.error(path, format!("unknown format `{f}`"), hint);
    }
    check_theme(host, file, source, here, own, merged);
    if let Some(name) = &merged.citation_style {
        if let Err((message, hint)) = crate::styles::find(host, file, name) {
            let path = if own.citation_style.is_some() { format!("{here}.citation_style") } else { format!("{here}.preset") };
            source.error(path, message, hint);
        }
    }
    let names = builtin;
    for (key, value) in merged.options.iter().flatten() {
        let path = if own.options.as_ref().is_some_and(|o| o.contains_key(key)) {
            format!("{here}.options.{key}")
        } else {
            format!("{here}.preset")
        };
        let Some((format, name)) = key.split_once('.') else { continue };
        let Some(b) = crate::plan::find(host, format) else {
            let hint = match vita_model::validate::closest(format, names.iter().copied()) {
                Some(k) => format!("did you mean `{k}.{name}`?"),
                None => format!("formats: {}", names.join(", ")),
            };
            source.error(path, format!("option `{key}` names no format"), hint);
            continue;
        };
        match check_option(b, name, value) {
            Ok(()) => {}
            Err(OptionProblem::UnknownName(hint)) => source.error(path, format!("unknown option `{key}`"), hint),
            Err(OptionProblem::BadValue(hint)) => source.error(path, format!("bad value `{value}` for `{key}`"), hint),
        }
    }
}

/// A target's theme (its own, its preset's, else the CV's) exists, and its
/// theme options (the CV's under the target's) are the theme's.
fn check_theme(host: &dyn Host, file: &Path, source: &mut Source, here: &str, own: &Target, merged: &Target) {
    let path_of = |field: &str, given: bool| if given { format!("{here}.{field}") } else { format!("{here}.preset") };
    let ats = merged.ats == Some(true);
    if ats {
        ats_warnings(source, own, merged, &path_of);
    }
    if !ats && merged.theme.is_none() && merged.theme_options.is_none() {
        return;
    }
    let name = if ats {
        crate::plan::ATS_THEME.to_string()
    } else {
        merged.theme.clone().or(source.cv_theme.clone()).unwrap_or_else(|| vita_view::theme::DEFAULT.to_string())
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    match crate::themes::find(host, dir, &name) {
        Ok(theme) => {
            for (key, message, hint) in crate::themes::check_options(&theme, merged.theme_options.as_ref().unwrap_or(&Default::default())) {
                let given = own.theme_options.as_ref().is_some_and(|o| o.contains_key(&key));
                let path = if given { format!("{here}.theme_options.{key}") } else { path_of("theme_options", false) };
                source.error(path, message, hint);
            }
        }
        Err(e) if merged.theme.is_some() && !ats => {
            let path = path_of("theme", own.theme.is_some());
            let index = source.index.get(&source.src).clone();
            let mut reports = Vec::new();
            let d = crate::themes::theme_error(e, &name, &path, &index, &mut reports);
            source.diagnostics.push(d);
            source.presets.extend(reports);
        }
        // The CV's own theme is reported at `settings.theme`.
        Err(_) => {}
    }
}

/// What a target for résumé parsers is told: a theme of its own is not
/// used, and templates of its own are not what parsers were tested on.
fn ats_warnings(source: &mut Source, own: &Target, merged: &Target, path_of: &dyn Fn(&str, bool) -> String) {
    if let Some(theme) = merged.theme.as_deref().filter(|t| *t != crate::plan::ATS_THEME) {
        let message = format!("a target with `ats: true` prints in the `{}` theme, not `{theme}`", crate::plan::ATS_THEME);
        source.warn(path_of("theme", own.theme.is_some()), message, "leave out `theme`, or `ats: true` for a target people read".into());
    }
    if merged.templates.is_some() {
        let message = "a target with `ats: true` and templates of its own: parsers were tested on the `ats` theme's".to_string();
        let hint = "start from it: vita templates export typst DIR --theme ats".to_string();
        source.warn(path_of("templates", own.templates.is_some()), message, hint);
    }
}

enum PresetError {
    Unknown(Vec<String>),
    /// The file's name, its text (for excerpts; empty when it could not be read) and what is wrong.
    Bad(String, String, Vec<Diagnostic>),
}

/// A preset by name: `presets/NAME.ron` next to the CV, else a shipped one;
/// its values checked like a target's.
fn preset(host: &dyn Host, dir: &Path, name: &str) -> Result<Target, PresetError> {
    if vita_model::validate::check_file_name(name).is_err() {
        return Err(PresetError::Unknown(preset_names(host, dir)));
    }
    let user = dir.join("presets").join(format!("{name}.ron"));
    let (file, text) = if host.exists(&user) {
        let root = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        match crate::read_text(host, &user, Some(Within { root, folder: CV_FOLDER })) {
            Ok(t) => (user.display().to_string(), t),
            Err(u) => return Err(PresetError::Bad(user.display().to_string(), String::new(), vec![u])),
        }
    } else {
        match PRESETS.iter().find(|(n, _)| *n == name) {
            Some((_, t)) => (format!("formats/presets/{name}.ron"), t.to_string()),
            None => return Err(PresetError::Unknown(preset_names(host, dir))),
        }
    };
    let index = SpanIndex::scan(&text);
    match vita_model::parse_as::<Target>(&text) {
        Ok(t) if t.preset.is_some() => {
            let d = Diagnostic::error("preset", "a preset cannot name another preset").at(index.find("preset"));
            Err(PresetError::Bad(file, text, vec![d]))
        }
        Ok(t) => {
            let mut d = vita_model::validate::validate_preset(&t, &index);
            if !t.name.is_empty() {
                d.push(Diagnostic::error("name", "a preset has no name; the target that uses it gives one").at(index.find("name")));
            }
            if d.iter().any(Diagnostic::is_error) {
                Err(PresetError::Bad(file, text, d))
            } else {
                Ok(t)
            }
        }
        Err(d) => Err(PresetError::Bad(file, text, vec![*d])),
    }
}

/// Every preset a CV in `dir` can use.
pub fn preset_names(host: &dyn Host, dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = PRESETS.iter().map(|(n, _)| n.to_string()).collect();
    let mut found = host.list(&dir.join("presets")).unwrap_or_default();
    found.retain(|f| f.ends_with(".ron") && f.len() > 4);
    found.sort();
    for f in found {
        let stem = &f[..f.len() - 4];
        if !names.iter().any(|n| n == stem) {
            names.push(stem.to_string());
        }
    }
    names
}

/// The backends a target writes (every format when it names none; LaTeX
/// added when it wants a PDF).
pub fn backends(host: &dyn Host, t: &Target, pdf: bool) -> Vec<&'static dyn Backend> {
    let mut out: Vec<&'static dyn Backend> = match &t.formats {
        None => BACKENDS.to_vec(),
        Some(names) => names.iter().filter_map(|n| crate::plan::find(host, n)).collect(),
    };
    if pdf {
        add_pdf_format(&mut out);
    }
    out
}

/// Whether a build that asks for a PDF (`asked`) runs a program for it:
/// not when one of its formats writes the PDF itself (Typst).
pub fn pdf_by_program(asked: bool, backends: &[&'static dyn Backend]) -> bool {
    asked && !backends.iter().any(|b| registry::writes_pdf(*b))
}

/// Adds the format that makes PDFs ([`registry::PDF_FORMAT`]) when no
/// format of the list makes one (itself, or through a program).
pub fn add_pdf_format(backends: &mut Vec<&'static dyn Backend>) {
    if !backends.iter().any(|b| registry::writes_pdf(*b) || b.pdf_by_program()) {
        backends.extend(registry::backend(registry::PDF_FORMAT));
    }
}
