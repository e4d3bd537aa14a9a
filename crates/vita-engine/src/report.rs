//! What the engine says about the input, as values: diagnostics by file
//! ([`Report`]), and the error that means the input is wrong ([`BadInput`],
//! exit code 2 in the command). Drawing them (colour, excerpts, the
//! terminal) is the host's.

use std::path::Path;

use vita_model::{Diagnostic, Pos};

/// Diagnostics of one file, with the file's text for their excerpts.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file as messages name it (as the input spells it).
    pub file: String,
    /// Its text (empty when it could not be read).
    pub text: String,
    /// What is wrong with it, in the order to show.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report of one file.
    pub fn new(file: impl Into<String>, text: impl Into<String>, diagnostics: Vec<Diagnostic>) -> Report {
        Report { file: file.into(), text: text.into(), diagnostics }
    }

    /// Whether any of its diagnostics is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The input is wrong: diagnostics by file, or one message (which may hold
/// user text: the host cleans it before printing).
#[derive(Debug, thiserror::Error)]
pub enum BadInput {
    /// Positioned diagnostics, by file.
    #[error("{}", plain(.0))]
    Reports(Vec<Report>),
    /// A message, `error: ...`, perhaps with a hint.
    #[error("{0}")]
    Message(String),
}

impl BadInput {
    /// A message.
    pub fn plain(text: String) -> BadInput {
        BadInput::Message(text)
    }

    /// The diagnostics of one file.
    pub fn report(report: Report) -> BadInput {
        BadInput::Reports(vec![report])
    }

    /// Why a file could not be read, as the report of that file.
    pub fn unreadable(file: &str, why: Diagnostic) -> BadInput {
        BadInput::report(Report::new(file, "", vec![why]))
    }
}

/// Reports as lines `FILE:LINE:COL: path: message (hint)`, with no excerpts.
fn plain(reports: &[Report]) -> String {
    let mut out = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            out.push(d.display(&r.file).to_string());
        }
    }
    out.join("\n")
}

/// Whether a path is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name standard input goes by in messages, when a command is given `-`.
pub const STDIN_NAME: &str = "<stdin>";

/// A path as messages name it: `<stdin>` for `-`.
pub fn shown(path: &Path) -> std::borrow::Cow<'_, str> {
    if is_stdin(path) {
        STDIN_NAME.into()
    } else {
        path.to_string_lossy()
    }
}

/// The folder the files a CV names must stay in: the CV's own folder (the
/// working folder for standard input).
pub fn folder_of(file: &Path) -> &Path {
    if is_stdin(file) {
        return Path::new(".");
    }
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// UTF-8 text from bytes (a byte-order mark dropped), or a diagnostic at
/// the first byte that is not UTF-8.
pub fn text(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = &e.as_bytes()[..at];
            // Valid up to `at`, so this is text.
            let before = std::str::from_utf8(good).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error("", format!("the byte 0x{:02X} at offset {at} is not UTF-8", e.as_bytes()[at]))
                .at(Some(Pos { line, col }))
                .with_hint("save the file as UTF-8"))
        }
    }
}
