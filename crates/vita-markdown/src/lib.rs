//! Markdown output (`cv.md`): CommonMark that renders well on GitHub, for a
//! README-style CV or a static site generator.
//!
//! Made by following docs/adding-a-backend.md: `scripts/new-backend
//! markdown`, then this crate's [`MarkdownMarkup`] and the template
//! `formats/markdown/cv.md.hbs`. Sections are `##` headings (groups' children
//! `###`), entries and publications are list items whose lines end in a
//! backslash (a hard line break), the owner's name is bold, equal
//! contribution is `\*`, and each publication carries an `<a id="pub-N">`
//! anchor that research projects link to.
//!
//! Escaping: every ASCII punctuation character that CommonMark or GitHub
//! reads as markup (`\ ` * _ [ ] < > # | ~ !` and `&` before a name) gets a
//! backslash, so text never becomes emphasis, a link, a heading, a table or
//! raw HTML; a line break inside rich text is `<br>`; link targets are
//! percent-encoded and written `<...>`.

use vita_backend::{Backend, Document, Options, Rendered};
use vita_view::compiled::Templates;
use vita_view::{engine, view, Markup};

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] = &[("cv.md.hbs", include_str!("../../../formats/markdown/cv.md.hbs"))];

/// The default templates compiled into Rust by `build.rs`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

/// The Markdown backend.
pub struct Markdown;

/// Markdown markup: escaped text; rich text as `*emphasis*`, `**strong**`,
/// code spans and links.
pub struct MarkdownMarkup;

/// Escapes text for a Markdown paragraph, list item or heading.
///
/// A template may put any value at the start of a line, so the start of
/// every value is made inert too: leading spaces (an indented code block)
/// become `&#32;`, and `-`, `+`, `=` (a list, a rule, a setext heading) and
/// the `.` or `)` after leading digits (an ordered list) get a backslash.
/// Line breaks inside a value become spaces, so no other line start exists.
pub fn escape(text: &str) -> String {
    protect_start(escape_inline(text))
}

/// Makes the start of a rendered value inert (see [`escape`]).
fn protect_start(rendered: String) -> String {
    let rest = rendered.trim_start_matches([' ', '\t']);
    let lead = rendered.len() - rest.len();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let needs_mark = matches!(rest.as_bytes().first(), Some(b'-' | b'+' | b'='));
    let needs_digit_mark = digits > 0 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'));
    if lead == 0 && !needs_mark && !needs_digit_mark {
        return rendered;
    }
    let mut out = String::with_capacity(rendered.len() + 8 * lead + 1);
    for c in rendered[..lead].chars() {
        out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
    }
    if needs_mark {
        out.push('\\');
        out.push_str(rest);
    } else if needs_digit_mark {
        out.push_str(&rest[..digits]);
        out.push('\\');
        out.push_str(&rest[digits..]);
    } else {
        out.push_str(rest);
    }
    out
}

/// Escapes the characters CommonMark reads as inline markup anywhere in a line.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => out.push_str("\\&"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Markup for MarkdownMarkup {
    fn escape(&self, text: &str) -> String {
        escape(text)
    }

    fn rich(&self, rich: &vita_view::Rich) -> String {
        // The pieces of rich text sit inside a line; only the whole value's start is protected.
        let mut out = String::new();
        Fragment.inlines(rich.inlines(), &mut out);
        protect_start(out)
    }

    fn escape_url(&self, url: &str) -> String {
        // Inside `<...>`: percent-encoded already, so nothing can close it.
        url.to_string()
    }

    fn emph(&self, rendered: &str) -> String {
        format!("*{rendered}*")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("**{rendered}**")
    }

    fn code(&self, raw: &str) -> String {
        // A fence one backtick longer than the longest run inside; spaces
        // keep a leading or trailing backtick apart from the fence.
        let longest = raw.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if raw.starts_with('`') || raw.ends_with('`') { " " } else { "" };
        format!("{fence}{pad}{}{pad}{fence}", raw.replace('\n', " "))
    }

    fn line_break(&self) -> &'static str {
        "<br>"
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("[{text}](<{}>)", view::href(url))
    }
}

/// Markdown markup for the pieces of rich text: inline escaping only.
struct Fragment;

impl Markup for Fragment {
    fn escape(&self, text: &str) -> String {
        escape_inline(text)
    }

    fn emph(&self, rendered: &str) -> String {
        MarkdownMarkup.emph(rendered)
    }

    fn strong(&self, rendered: &str) -> String {
        MarkdownMarkup.strong(rendered)
    }

    fn code(&self, raw: &str) -> String {
        MarkdownMarkup.code(raw)
    }

    fn line_break(&self) -> &'static str {
        MarkdownMarkup.line_break()
    }

    fn link(&self, url: &str, text: &str) -> String {
        MarkdownMarkup.link(url, text)
    }
}

impl Backend for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn description(&self) -> &'static str {
        "CommonMark that renders well on GitHub (cv.md)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.md")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        // Values are escaped when the view is built; the template inserts them as they are.
        let templates = Templates::choose(compiled::SOURCES, TEMPLATES, &options.templates, engine::verbatim)?;
        let view = view::Builder::with_options(doc, &MarkdownMarkup, options).build();
        let text = templates.render("cv.md", view, None, doc.cv.output_room(), compiled::cv_md)?;
        Ok(Rendered::single(format!("{}.md", options.basename), tidy(&text)))
    }
}

/// Trailing spaces off, at most one blank line in a row, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default templates (and the built-in themes') render through the
    /// code `build.rs` compiled from them, not the engine.
    #[test]
    fn the_default_templates_are_compiled_in() {
        vita_view::compiled::covers("markdown", super::compiled::SOURCES, super::TEMPLATES).unwrap();
    }

    #[test]
    fn renders_the_minimal_example() {
        let src = include_str!("../../../examples/minimal.ron");
        let doc = vita_model::load(src).document.expect("the example is valid");
        let out = Markdown.render(&doc, &Options::default()).unwrap();
        let text = String::from_utf8(out.files[0].bytes.clone()).unwrap();
        assert!(text.starts_with("# Ada Lovelace\n"), "{text}");
        assert!(text.contains("- **Analytical Engine Project** — 1842 – 1843\\\n  *Programmer*\n"), "{text}");
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("*a* _b_ [c](d) <e> # f | g ~h~ `i` \\j &amp; & k!"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\# f \\| g \\~h\\~ \\`i\\` \\\\j \\&amp; & k\\!"
        );
        assert_eq!(MarkdownMarkup.code("a `b` c"), "``a `b` c``");
        // The start of a value: no list, rule, heading or code block.
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ x"), "\\+ x");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("12) x"), "12\\) x");
        assert_eq!(escape("    code"), "&#32;&#32;&#32;&#32;code");
        assert_eq!(escape("2019 was - fine"), "2019 was - fine");
    }
}
