//! A CV's own labels files: `labels/<tag>.ron` beside the CV changes some of
//! vita's words for a language, or adds a language vita lacks. vita's own
//! languages are data files under `formats/labels/`, built in.

use std::path::{Path, PathBuf};

use vita_model::{Diagnostic, Pos};
use vita_view::labels::{self, Labels};

/// The largest labels file read.
const MAX_LABELS: u64 = vita_model::budget::LABELS_BYTES;

/// Common mistakes in language tags: country codes for languages.
const LOOKALIKES: &[(&str, &str)] =
    &[("jp", "ja"), ("cn", "zh"), ("kr", "ko"), ("gr", "el"), ("cz", "cs"), ("dk", "da"), ("se", "sv"), ("ua", "uk"), ("br", "pt-BR")];

/// The folder of a CV's labels files.
fn dir(file: &Path) -> PathBuf {
    if crate::input::is_stdin(file) {
        return PathBuf::from("labels");
    }
    file.parent().unwrap_or(Path::new(".")).join("labels")
}

/// The CV's labels file for a tag: `labels/<tag>.ron` for the whole tag
/// (as written, then lower case), else for its primary subtag. Only a
/// well-formed tag names a file, so a tag cannot make a path.
fn user_file(file: &Path, tag: &str) -> Option<PathBuf> {
    if !vita_model::validate::is_language_tag(tag) {
        return None;
    }
    let d = dir(file);
    let primary = tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase();
    [tag.to_string(), tag.to_ascii_lowercase(), primary]
        .into_iter()
        .map(|t| d.join(format!("{t}.ron")))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// The tags the CV's labels folder has files for.
fn user_tags(file: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir(file))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".ron").map(str::to_string))
        .filter(|t| vita_model::validate::is_language_tag(t))
        .collect();
    out.sort();
    out
}

/// The text of the CV's labels file for a tag, if it has one (read for a build).
pub fn text(file: &Path, tag: &str) -> Option<String> {
    let path = user_file(file, tag)?;
    crate::input::read_in(crate::input::folder_of(file), &path, MAX_LABELS).ok().and_then(|b| crate::input::text(b).ok())
}

/// Why a language has no labels, with a hint, or `None` when it has.
pub fn missing(file: &Path, tag: &str) -> Option<(String, String)> {
    if labels::builtin(tag).is_some() || user_file(file, tag).is_some() {
        return None;
    }
    let lower = tag.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or(&lower).to_string();
    let mut known: Vec<String> = labels::tags().into_iter().map(str::to_string).collect();
    known.extend(user_tags(file));
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

/// Reads and checks the CV's labels file for a tag: its problems drawn
/// against the file (errors stop the build; fields a new language leaves
/// out are a warning: English words stand in). Empty when all is well.
pub fn check_file(file: &Path, tag: &str) -> (String, bool) {
    let Some(path) = user_file(file, tag) else { return (String::new(), false) };
    let name = path.display().to_string();
    let text = match crate::input::read_in(crate::input::folder_of(file), &path, MAX_LABELS).and_then(crate::input::text) {
        Ok(t) => t,
        Err(u) => return (crate::diagnostics::render_all(&[u.0], &name, ""), true),
    };
    let base = labels::builtin(tag);
    match base.unwrap_or(Labels::english()).over(&text) {
        Err(e) => {
            let d = Diagnostic::error(e.field, e.message).at(e.pos.map(|(line, col)| Pos { line, col }));
            (crate::diagnostics::render_all(&[d], &name, &text), true)
        }
        Ok(_) if base.is_none() => {
            let lacking = labels::left_out(&text);
            if lacking.is_empty() {
                return (String::new(), false);
            }
            let d = Diagnostic::warning(
                String::new(),
                format!(
                    "vita has no `{tag}` words for {}: the English ones stand in",
                    lacking.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .at(Some(Pos { line: 1, col: 1 }));
            (crate::diagnostics::render_all(&[d], &name, &text), false)
        }
        Ok(_) => (String::new(), false),
    }
}
