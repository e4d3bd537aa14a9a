//! Diagnostics as data: position, field path, message, hint.
//!
//! The model never prints; the CLI draws these (see `vita check`).

use std::fmt;

use crate::spans::Pos;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input is wrong; nothing is built from it.
    Error,
    /// The input is allowed but looks wrong.
    Warning,
}

/// One problem found in a CV source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the source, when known.
    pub pos: Option<Pos>,
    /// The field path (`sections[2].entries[0].end`); empty for the whole document.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, pos: None, path: path.into(), message: message.into(), hint: None }
    }

    /// A warning.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the position.
    pub fn at(mut self, pos: Option<Pos>) -> Self {
        self.pos = pos;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `FILE:LINE:COL: field.path: message (hint)`, with `warning: ` before the
/// message of a warning. Without a position the `LINE:COL` part is left out.
pub struct Display<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a str,
}

impl Diagnostic {
    /// Formats the diagnostic's one-line form for a file name.
    pub fn display<'a>(&'a self, file: &'a str) -> Display<'a> {
        Display { diagnostic: self, file }
    }
}

impl fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        write!(f, "{}:", self.file)?;
        if let Some(p) = d.pos {
            write!(f, "{}:{}:", p.line, p.col)?;
        }
        if !d.path.is_empty() {
            write!(f, " {}:", d.path)?;
        }
        if d.severity == Severity::Warning {
            write!(f, " warning:")?;
        }
        write!(f, " {}", d.message)?;
        if let Some(h) = &d.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}
