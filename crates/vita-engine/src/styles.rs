//! Citation styles: a bundled CSL style by name, or a `.csl` file beside the
//! CV read through the host; the publications formatted in it once per
//! build, for every format that prints them.

use std::path::Path;
use std::sync::Arc;

use vita_backend::Citations;
use vita_model::{Cv, Diagnostic, LazySpans};
use vita_view::labels::{self, Labels};

use crate::host::{Host, Within, CV_FOLDER};
use crate::report::folder_of;

/// The largest style file read (the largest real styles are about 200 KiB).
const MAX_STYLE: u64 = vita_model::budget::CSL_BYTES;

/// The style a name gives, or what is wrong (a message and a hint).
pub fn find(host: &dyn Host, file: &Path, name: &str) -> Result<vita_cite::Shared, (String, String)> {
    if !name.to_ascii_lowercase().ends_with(".csl") {
        return vita_cite::by_name(name).map_err(|e| match e {
            vita_cite::StyleError::Unknown(close) => (format!("no citation style named `{name}`"), hint(&close)),
            vita_cite::StyleError::Bad(m) => (m, "`vita formats` lists the styles that format a list of publications".into()),
        });
    }
    let path = folder_of(file).join(name);
    let bytes = host.read(&path, Some(Within { root: folder_of(file), folder: CV_FOLDER }), MAX_STYLE).map_err(|d| {
        (format!("cannot read the style file {name}: {}", d.message), d.hint.unwrap_or_else(|| "give a .csl file beside the CV".into()))
    })?;
    let text = crate::report::text(bytes).map_err(|d| (format!("cannot read the style file {name}: {}", d.message), String::new()))?;
    vita_cite::from_csl(name, &text).map(Arc::new).map_err(|e| match e {
        vita_cite::StyleError::Bad(m) => {
            (format!("{name} is not a usable citation style: {m}"), "a CSL 1.0 style file, as Zotero saves it".into())
        }
        vita_cite::StyleError::Unknown(_) => (format!("{name} is not a usable citation style"), String::new()),
    })
}

/// The did-you-mean of an unknown style.
fn hint(close: &[&str]) -> String {
    let list = "`vita formats` lists every bundled style; a file of one's own ends in `.csl`";
    match close {
        [] => list.to_string(),
        [one] => format!("did you mean `{one}`? {list}"),
        more => format!("did you mean one of {}? {list}", more.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// `settings.citation_style` names a style vita can use.
pub fn check_settings(host: &dyn Host, file: &Path, cv: &Cv, src: &str, spans: &LazySpans) -> Vec<Diagnostic> {
    let Some(name) = &cv.settings.citation_style else { return Vec::new() };
    match find(host, file, name) {
        Ok(_) => Vec::new(),
        Err((message, hint)) => {
            let path = "settings.citation_style";
            let d = Diagnostic::error(path, message).at(spans.get(src).find(path));
            vec![if hint.is_empty() { d } else { d.with_hint(hint) }]
        }
    }
}

/// The publications of a document (after its target) formatted in a
/// style, in a language (`lang`, with the CV's labels file's words), on
/// at most `workers` threads.
pub fn format(
    style: &vita_cite::CitationStyle,
    doc: &vita_model::Document,
    lang: Option<&str>,
    labels_text: Option<&str>,
    workers: usize,
) -> Citations {
    let builtin = lang.and_then(labels::builtin).unwrap_or(Labels::english());
    let own = labels_text.and_then(|t| builtin.over(t).ok());
    let words = own.as_ref().unwrap_or(builtin);
    let pubs: Vec<(&vita_model::Publication, u32)> = doc.cv.publications().map(|p| (p, doc.number(&p.id).unwrap_or(0))).collect();
    vita_cite::format(style, lang, &pubs, words, workers)
}
