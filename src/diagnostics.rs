//! Drawing diagnostics: the one-line form editors jump to
//! (`FILE:LINE:COL: field.path: message (hint)`), then the source line with
//! a caret under the column, drawn by `annotate-snippets`, in colour on a
//! terminal unless `NO_COLOR` is set.
//!
//! Bounded whatever the input: at most [`MAX_SHOWN`] diagnostics are drawn
//! (then a count of the rest), long lines are cut to the terminal width
//! around the column (a minified JSON file is one long line), and lines are
//! found through one index of line starts, not a scan per message. User
//! text (the file name, messages, the source line) is cleaned of control
//! characters before it is styled, so the result is printed as it is.

use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use vita_engine::{BadInput, Report};
use vita_model::Diagnostic;

use crate::term::clean;

/// How many diagnostics one file draws; the rest are counted.
pub const MAX_SHOWN: usize = vita_model::budget::SHOWN_DIAGNOSTICS;

/// Whether diagnostics are drawn in colour: standard error is a terminal
/// and `NO_COLOR` is unset or empty (no-color.org).
pub fn colour() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
}

struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { src, starts }
    }

    fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.src.len(), |e| e - 1);
        Some(self.src[start..end].trim_end_matches('\r'))
    }
}

struct Drawer<'a> {
    lines: Lines<'a>,
    file: String,
    renderer: Renderer,
    colour: bool,
}

impl Drawer<'_> {
    fn draw(&self, d: &Diagnostic) -> String {
        let header = clean(&d.display(&self.file).to_string()).into_owned();
        let mut out = if self.colour { format!("\x1b[1m{header}\x1b[0m\n") } else { format!("{header}\n") };
        let Some(pos) = d.pos else { return out };
        let Some(line) = self.lines.line(pos.line) else { return out };
        // The caret's place in the cleaned line: the cleaned text before the column.
        let before: String = line.chars().take(pos.col.saturating_sub(1)).collect();
        let at = clean(&before).len();
        let shown = clean(line);
        let width = shown[at.min(shown.len())..].chars().next().map_or(0, char::len_utf8);
        let level = if d.is_error() { Level::ERROR } else { Level::WARNING };
        let report = [Group::with_level(level).element(
            Snippet::source(shown.as_ref())
                .line_start(pos.line)
                .fold(false)
                .annotation(AnnotationKind::Primary.span(at.min(shown.len())..(at + width).min(shown.len()))),
        )];
        out.push_str(&self.renderer.render(&report));
        out.push('\n');
        out
    }
}

/// Renders all diagnostics and a closing count, ready to print as it is.
pub fn render_all(diags: &[Diagnostic], file: &str, src: &str) -> String {
    let colour = colour();
    let drawer = Drawer {
        lines: Lines::new(src),
        file: file.to_string(),
        renderer: if colour { Renderer::styled() } else { Renderer::plain() },
        colour,
    };
    let file = clean(file);
    let mut out = String::new();
    // With --quiet only errors are drawn; past the cap, errors come first
    // (in their order), so warnings never hide an error.
    let quiet = crate::term::level() == crate::term::Level::Quiet;
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| !quiet || d.is_error()).collect();
    let mut order: Vec<&Diagnostic> = shown.clone();
    if order.len() > MAX_SHOWN {
        order.sort_by_key(|d| !d.is_error());
    }
    for d in order.iter().take(MAX_SHOWN) {
        out.push_str(&drawer.draw(d));
    }
    if shown.len() > MAX_SHOWN {
        out.push_str(&format!("{file}: {} more not shown\n", shown.len() - MAX_SHOWN));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        out.push_str(&format!(
            "{file}: {} found{}\n",
            plural(errors, "error"),
            if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() }
        ));
    }
    out
}

pub use vita_engine::plural;

/// Reports drawn one after another.
pub fn draw(reports: &[Report]) -> String {
    reports.iter().map(|r| render_all(&r.diagnostics, &r.file, &r.text)).collect()
}

/// Prints drawn warnings (diagnostics that did not stop the command), unless `--quiet`.
pub fn print_warnings(reports: &[Report]) {
    let drawn = draw(reports);
    crate::term::warned(drawn.lines().filter(|l| l.contains(": warning: ")).count());
    if crate::term::level() > crate::term::Level::Quiet {
        crate::term::err(&drawn);
    }
}

/// Prints bad input to standard error (drawn diagnostics as they are,
/// a message cleaned of control characters), ending with a line break.
pub fn print_bad(bad: &BadInput) {
    let text = match bad {
        BadInput::Reports(reports) => draw(reports),
        BadInput::Message(m) => crate::term::clean(m).into_owned(),
    };
    crate::term::err(&text);
    if !text.ends_with('\n') {
        crate::term::err("\n");
    }
}

/// Prints an error as the command's last words, and gives its exit code:
/// 2 for bad input, 1 for anything else.
pub fn report(e: &anyhow::Error) -> u8 {
    if let Some(bad) = e.downcast_ref::<BadInput>() {
        print_bad(bad);
        2
    } else if e.chain().any(|c| c.is::<vita_model::budget::Exceeded>()) {
        // A budget reached (a template that nests or loops too far) is bad input.
        say!("error: {e:#}");
        2
    } else {
        say!("error: {e:#}");
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vita_model::Pos;

    #[test]
    fn a_diagnostic_is_its_line_then_the_source_with_a_caret() {
        let d = Diagnostic::error("p", "bad").with_hint("fix it").at(Some(Pos { line: 2, col: 3 }));
        assert_eq!(
            render_all(&[d], "f.ron", "first\nabcdef\n"),
            "f.ron:2:3: p: bad (fix it)\n  |\n2 | abcdef\n  |   ^\nf.ron: 1 error found\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let src = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("p", "bad").at(Some(Pos { line: 1, col: 5001 }));
        let shown = render_all(&[d], "f.json", &src);
        assert!(shown.len() < 600, "{} bytes", shown.len());
        assert!(shown.contains("X"), "{shown}");
    }

    #[test]
    fn control_characters_in_the_source_are_shown_escaped() {
        let d = Diagnostic::error("p", "bad").at(Some(Pos { line: 1, col: 3 }));
        let shown = render_all(&[d], "f", "a\u{1b}[31mred");
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.contains("a\\u{1b}[31mred"), "{shown}");
    }

    #[test]
    fn many_diagnostics_are_counted_not_drawn() {
        let d: Vec<Diagnostic> = (0..120).map(|i| Diagnostic::error(format!("x[{i}]"), "bad")).collect();
        let shown = render_all(&d, "f", "");
        assert_eq!(shown.lines().count(), MAX_SHOWN + 2);
        assert!(shown.ends_with("f: 70 more not shown\nf: 120 errors found\n"), "{shown}");
    }

    #[test]
    fn past_the_cap_errors_come_before_warnings() {
        let mut d: Vec<Diagnostic> = (0..80).map(|i| Diagnostic::warning(format!("w[{i}]"), "odd")).collect();
        d.push(Diagnostic::error("e[0]", "bad"));
        d.push(Diagnostic::error("e[1]", "bad"));
        let shown = render_all(&d, "f", "");
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(&lines[..3], ["f: e[0]: bad", "f: e[1]: bad", "f: w[0]: warning: odd"]);
        assert!(shown.ends_with("f: 32 more not shown\nf: 2 errors found, 80 warnings\n"), "{shown}");
    }
}
