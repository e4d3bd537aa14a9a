//! Drawing diagnostics for a terminal: the one-line form, then the source line
//! with a caret under the column.
//!
//! Bounded whatever the input: at most [`MAX_SHOWN`] diagnostics are drawn
//! (then a count of the rest), an excerpt shows at most [`EXCERPT`]
//! characters around the column (a minified JSON file is one long line), and
//! lines are found through one index of line starts, not a scan per message.

use vita_model::Diagnostic;

/// How many diagnostics one file draws; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// The widest excerpt, in characters: a longer line shows a window around the column.
pub const EXCERPT: usize = 160;

/// Renders one diagnostic with an excerpt of the source.
#[cfg(test)]
fn render(d: &Diagnostic, file: &str, src: &str) -> String {
    Lines::new(src).render(d, file)
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

    fn render(&self, d: &Diagnostic, file: &str) -> String {
        let mut out = format!("{}\n", d.display(file));
        let Some(pos) = d.pos else { return out };
        let Some(line) = self.line(pos.line) else { return out };
        let number = pos.line.to_string();
        let pad = " ".repeat(number.len());
        // A window of the line around the column.
        let col = pos.col.saturating_sub(1);
        let long = line.len() > EXCERPT && line.chars().nth(EXCERPT).is_some();
        let skip = if long { col.saturating_sub(EXCERPT / 2) } else { 0 };
        let shown: String = line.chars().skip(skip).take(EXCERPT).collect();
        let cut_left = skip > 0;
        let cut_right = line.chars().skip(skip).nth(EXCERPT).is_some();
        let caret_at: String = line.chars().skip(skip).take(col - skip).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        let (l, r) = (if cut_left { "…" } else { "" }, if cut_right { "…" } else { "" });
        let lpad = if cut_left { " " } else { "" };
        out.push_str(&format!("{number} | {l}{shown}{r}\n{pad} | {lpad}{caret_at}^\n"));
        out
    }
}

/// Renders all diagnostics and a closing count.
pub fn render_all(diags: &[Diagnostic], file: &str, src: &str) -> String {
    let lines = Lines::new(src);
    let mut out = String::new();
    for d in diags.iter().take(MAX_SHOWN) {
        out.push_str(&lines.render(d, file));
    }
    if diags.len() > MAX_SHOWN {
        out.push_str(&format!("{file}: {} more not shown\n", diags.len() - MAX_SHOWN));
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

/// `1 error`, `3 warnings`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vita_model::Pos;

    #[test]
    fn a_long_line_shows_a_window_around_the_column() {
        let src = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let short = Diagnostic::error("p", "bad").at(Some(Pos { line: 1, col: 3 }));
        assert_eq!(render(&short, "f", "abcdef"), "f:1:3: p: bad\n1 | abcdef\n  |   ^\n");
        let d = Diagnostic::error("p", "bad").at(Some(Pos { line: 1, col: 501 }));
        let shown = render(&d, "f.json", &src);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "f.json:1:501: p: bad");
        assert_eq!(lines[1], format!("1 | …{}X{}…", "a".repeat(80), "b".repeat(79)));
        assert_eq!(lines[2], format!("  |  {}^", " ".repeat(80)));
    }

    #[test]
    fn many_diagnostics_are_counted_not_drawn() {
        let d: Vec<Diagnostic> = (0..120).map(|i| Diagnostic::error(format!("x[{i}]"), "bad")).collect();
        let shown = render_all(&d, "f", "");
        assert_eq!(shown.lines().count(), MAX_SHOWN + 2);
        assert!(shown.ends_with("f: 70 more not shown\nf: 120 errors found\n"), "{shown}");
    }
}
