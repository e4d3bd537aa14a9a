//! A CV's own labels files: `labels/<tag>.ron` beside the CV changes some of
//! vita's words for a language, or adds a language vita lacks. vita's own
//! languages are data files under `formats/labels/`, built in.

use std::path::{Path, PathBuf};

use vita_model::{Diagnostic, Pos};
use vita_view::labels::{self, Labels};

use crate::host::{Host, Within, CV_FOLDER};
use crate::report::{folder_of, is_stdin, Report};

/// The largest labels file read.
const MAX_LABELS: u64 = vita_model::budget::LABELS_BYTES;

/// Common mistakes in language tags: country codes for languages.
const LOOKALIKES: &[(&str, &str)] =
    &[("jp", "ja"), ("cn", "zh"), ("kr", "ko"), ("gr", "el"), ("cz", "cs"), ("dk", "da"), ("se", "sv"), ("ua", "uk"), ("br", "pt-BR")];

/// The folder of a CV's labels files.
fn dir(file: &Path) -> PathBuf {
    if is_stdin(file) {
        return PathBuf::from("labels");
    }
    file.parent().unwrap_or(Path::new(".")).join("labels")
}

/// The CV's labels file for a tag: `labels/<tag>.ron` for the whole tag
/// (as written, then lower case), else for its primary subtag. Only a
/// well-formed tag names a file, so a tag cannot make a path.
fn user_file(host: &dyn Host, file: &Path, tag: &str) -> Option<PathBuf> {
    if !vita_model::validate::is_language_tag(tag) {
        return None;
    }
    let d = dir(file);
    let primary = tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase();
    [tag.to_string(), tag.to_ascii_lowercase(), primary].into_iter().map(|t| d.join(format!("{t}.ron"))).find(|p| host.exists(p))
}

/// The tags the CV's labels folder has files for.
fn user_tags(host: &dyn Host, file: &Path) -> Vec<String> {
    let mut out: Vec<String> = host
        .list(&dir(file))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|name| name.strip_suffix(".ron").map(str::to_string))
        .filter(|t| vita_model::validate::is_language_tag(t))
        .collect();
    out.sort();
    out
}

/// The text of the CV's labels file for a tag, if it has one (read for a build).
pub fn text(host: &dyn Host, file: &Path, tag: &str) -> Option<String> {
    let path = user_file(host, file, tag)?;
    host.read(&path, Some(Within { root: folder_of(file), folder: CV_FOLDER }), MAX_LABELS).ok().and_then(|b| crate::report::text(b).ok())
}

/// Why a language has no labels, with a hint, or `None` when it has.
pub fn missing(host: &dyn Host, file: &Path, tag: &str) -> Option<(String, String)> {
    if labels::builtin(tag).is_some() || user_file(host, file, tag).is_some() {
        return None;
    }
    let lower = tag.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or(&lower).to_string();
    let mut known: Vec<String> = labels::tags().into_iter().map(str::to_string).collect();
    known.extend(user_tags(host, file));
    let add = format!("or add labels/{tag}.ron beside the CV (a copy of one in formats/labels/)");
    let hint = if primary == "zh" {
        format!("vita's Chinese is Simplified (zh, zh-Hans); for Traditional, add labels/{tag}.ron beside the CV")
    } else if let Some((_, to)) = LOOKALIKES.iter().find(|(from, _)| *from == primary) {
        format!("`{primary}` is a country code; did you mean `{to}`? {add}")
    } else {
        match vita_model::validate::closest(&primary, known.iter().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`? {add}"),
            None => format!("vita has {}; {add}", known.join(", ")),
        }
    };
    Some((format!("no labels for the language `{tag}`"), hint))
}

/// Reads and checks the CV's labels file for a tag: its problems, against
/// the file (errors stop the build; fields a new language leaves out are a
/// warning: English words stand in), and whether they stop the build.
pub fn check_file(host: &dyn Host, file: &Path, tag: &str) -> (Option<Report>, bool) {
    let Some(path) = user_file(host, file, tag) else { return (None, false) };
    let name = path.display().to_string();
    let read = host.read(&path, Some(Within { root: folder_of(file), folder: CV_FOLDER }), MAX_LABELS);
    let text = match read.and_then(crate::report::text) {
        Ok(t) => t,
        Err(u) => return (Some(Report::new(name, "", vec![u])), true),
    };
    let base = labels::builtin(tag);
    match base.unwrap_or(Labels::english()).over(&text) {
        Err(e) => {
            let d = Diagnostic::error(e.field, e.message).at(e.pos.map(|(line, col)| Pos { line, col }));
            (Some(Report::new(name, text, vec![d])), true)
        }
        Ok(_) if base.is_none() => {
            let lacking = labels::left_out(&text);
            if lacking.is_empty() {
                return (None, false);
            }
            let d = Diagnostic::warning(
                String::new(),
                format!(
                    "vita has no `{tag}` words for {}: the English ones stand in",
                    lacking.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .at(Some(Pos { line: 1, col: 1 }));
            (Some(Report::new(name, text, vec![d])), false)
        }
        Ok(_) => (None, false),
    }
}
