//! Themes: the one a build uses (`--theme`, else the target's, else the
//! CV's `settings.theme`, else classic), found in a `themes/NAME/` folder
//! beside the CV or among the built-in ones, its options checked against
//! its `theme.ron`, and its templates for each format it styles.

use std::collections::BTreeMap;
use std::path::Path;

use vita_model::{Cv, Diagnostic, LazySpans, SpanIndex};
use vita_view::theme::{self as look, Spec};

use crate::host::{Host, Within, CV_FOLDER};
use crate::registry::BACKENDS;
use crate::report::Report;

/// A theme, read and checked.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Its name.
    pub name: String,
    /// Its `theme.ron`.
    pub spec: Spec,
    /// Its templates, by format, then by file name.
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    /// Where it comes from (`formats/themes/modern`, `themes/mine`).
    pub origin: String,
    /// Files of its folder that are no template of the format they are
    /// filed under (a misspelt name), as warnings.
    pub strays: Vec<String>,
}

/// Why a theme cannot be used.
pub enum ThemeError {
    /// No theme has that name: these do.
    Unknown(Vec<String>),
    /// Its `theme.ron` or a template cannot be read or is not valid.
    Bad(Report),
}

/// Every theme a CV in `dir` can use: the built-in ones, then those of its
/// `themes/` folder.
pub fn names(host: &dyn Host, dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = look::BUILTIN.iter().map(|b| b.name.to_string()).collect();
    let mut found = host.list(&dir.join("themes")).unwrap_or_default();
    found.sort();
    for f in found {
        if !out.contains(&f)
            && vita_model::validate::check_file_name(&f).is_ok()
            && host.exists(&dir.join("themes").join(&f).join("theme.ron"))
        {
            out.push(f);
        }
    }
    out
}

/// A theme by name: `themes/NAME/` beside the CV (a `theme.ron`, and a
/// folder of templates per format), else a built-in one.
pub fn find(host: &dyn Host, dir: &Path, name: &str) -> Result<Theme, ThemeError> {
    if vita_model::validate::check_file_name(name).is_err() {
        return Err(ThemeError::Unknown(names(host, dir)));
    }
    let folder = dir.join("themes").join(name);
    let spec_file = folder.join("theme.ron");
    if host.exists(&spec_file) {
        return read_folder(host, dir, name, &folder);
    }
    builtin(name).ok_or_else(|| ThemeError::Unknown(names(host, dir)))
}

/// A built-in theme by name.
pub fn builtin(name: &str) -> Option<Theme> {
    let b = look::builtin(name)?;
    let spec = Spec::parse(b.spec).unwrap_or_else(|e| unreachable!("the built-in theme {name} is checked by its tests: {e:?}"));
    let mut files: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (format, file, text) in b.files {
        files.entry(format.to_string()).or_default().insert(file.to_string(), text.to_string());
    }
    Some(Theme { name: name.to_string(), spec, files, origin: format!("formats/themes/{name}"), strays: Vec::new() })
}

fn read_folder(host: &dyn Host, dir: &Path, name: &str, folder: &Path) -> Result<Theme, ThemeError> {
    let root = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let within = || Some(Within { root, folder: CV_FOLDER });
    let spec_file = folder.join("theme.ron");
    let shown = spec_file.display().to_string();
    let text =
        crate::read_text(host, &spec_file, within()).map_err(|d| ThemeError::Bad(Report::new(shown.clone(), String::new(), vec![d])))?;
    let spec = Spec::parse(&text).map_err(|e| {
        let mut d = Diagnostic::error("", e.message);
        d.pos = e.pos.map(|(line, col)| vita_model::Pos { line, col });
        ThemeError::Bad(Report::new(shown.clone(), text.clone(), vec![d]))
    })?;
    let mut files: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut strays = Vec::new();
    for format in look::FORMATS {
        let sub = folder.join(format);
        if !host.is_dir(&sub) {
            continue;
        }
        let templates: Vec<&str> =
            BACKENDS.iter().filter(|b| b.name() == *format).flat_map(|b| b.default_templates().iter().map(|(n, _)| *n)).collect();
        let mut listed = host.list(&sub).unwrap_or_default();
        listed.sort();
        for f in listed.into_iter().filter(|f| !f.starts_with('.')) {
            let path = sub.join(&f);
            if !templates.contains(&f.as_str()) {
                strays.push(format!(
                    "{}: warning: `{f}` is not a template of the {format} format ({}); it is ignored",
                    sub.display(),
                    templates.join(", ")
                ));
                continue;
            }
            let t = crate::read_text(host, &path, within())
                .map_err(|d| ThemeError::Bad(Report::new(path.display().to_string(), String::new(), vec![d])))?;
            files.entry(format.to_string()).or_default().insert(f, t);
        }
    }
    Ok(Theme { name: name.to_string(), spec, files, origin: folder.display().to_string(), strays })
}

/// What is wrong with a theme's options: (the option's name, the message, the hint).
pub fn check_options(theme: &Theme, given: &BTreeMap<String, String>) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (key, value) in given {
        match theme.spec.option(key) {
            None => {
                let known = theme.spec.option_names();
                let hint = if known.is_empty() {
                    format!("the theme `{}` has no options", theme.name)
                } else {
                    vita_model::validate::did_you_mean(key, &known, &format!("the options of `{}`", theme.name))
                };
                out.push((key.clone(), format!("the theme `{}` has no option `{key}`", theme.name), hint));
            }
            Some(o) => {
                if let Err(hint) = o.kind.check(value) {
                    out.push((key.clone(), format!("bad value `{value}` for the theme option `{key}`"), hint));
                }
            }
        }
    }
    out
}

/// The CV's own theme settings checked: `settings.theme` names a theme
/// and `settings.theme_options` are its options, with their values' kinds.
/// A theme folder that is not valid is a report of its own.
pub fn check_settings(host: &dyn Host, file: &Path, cv: &Cv, src: &str, spans: &LazySpans) -> (Vec<Diagnostic>, Vec<Report>) {
    let s = &cv.settings;
    if s.theme.is_none() && s.theme_options.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let index = spans.get(src);
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = s.theme.as_deref().unwrap_or(look::DEFAULT);
    let mut out = Vec::new();
    let mut reports = Vec::new();
    match find(host, dir, name) {
        Ok(theme) => {
            for (key, message, hint) in check_options(&theme, &s.theme_options) {
                let path = format!("settings.theme_options.{key}");
                let pos = index.find(&path);
                out.push(Diagnostic::error(path, message).with_hint(hint).at(pos));
            }
        }
        Err(e) => out.push(theme_error(e, name, "settings.theme", index, &mut reports)),
    }
    (out, reports)
}

/// The diagnostic at `path` for a theme that cannot be used.
pub fn theme_error(e: ThemeError, name: &str, path: &str, index: &SpanIndex, reports: &mut Vec<Report>) -> Diagnostic {
    let pos = index.find(path);
    match e {
        ThemeError::Unknown(known) => Diagnostic::error(path, format!("no theme named `{name}`"))
            .with_hint(vita_model::validate::did_you_mean(name, &known, "themes"))
            .at(pos),
        ThemeError::Bad(report) => {
            let d = Diagnostic::error(path, format!("the theme `{name}` is not valid")).with_hint(format!("see {}", report.file)).at(pos);
            reports.push(report);
            d
        }
    }
}

/// The values of a theme's options for a build: its defaults, under the
/// CV's options, under the target's.
pub fn values(theme: &Theme, layers: &[&BTreeMap<String, String>]) -> BTreeMap<String, String> {
    let mut given = BTreeMap::new();
    for l in layers {
        given.extend(l.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    theme.spec.values(&given)
}
