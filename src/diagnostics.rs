//! Drawing diagnostics for a terminal: the one-line form, then the source line
//! with a caret under the column.

use vita_model::Diagnostic;

/// Renders one diagnostic with an excerpt of the source.
pub fn render(d: &Diagnostic, file: &str, src: &str) -> String {
    let mut out = format!("{}\n", d.display(file));
    if let Some(pos) = d.pos {
        if let Some(line) = src.lines().nth(pos.line.saturating_sub(1)) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_at: String = line.chars().take(pos.col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("{number} | {line}\n{pad} | {caret_at}^\n"));
        }
    }
    out
}

/// Renders all diagnostics and a closing count.
pub fn render_all(diags: &[Diagnostic], file: &str, src: &str) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, file, src));
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
