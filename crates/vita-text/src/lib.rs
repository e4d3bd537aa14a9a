//! Plain-text output: for pasting into the text fields of application portals.
//!
//! The template `formats/text/cv.txt.hbs` lays the CV out; this crate then
//! wraps every line to the width (default 80) with `textwrap`, keeping each
//! line's indentation for its continuation lines and never breaking a word or
//! an address. No markup characters, no tables: rich text becomes its plain
//! text, and a link whose text differs from its address is written
//! `text <address>`.
//!
//! Mapping: every field of the view is printed; the CV owner cannot be marked
//! in plain text, so author lists are printed as written, with `*` after
//! authors of equal contribution and the explanation after the list.

use anyhow::Context;
use vita_backend::{Backend, Document, Options, Rendered};
use vita_view::compiled::Templates;
use vita_view::plain::Plain;
use vita_view::{engine, view};

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("cv.txt.hbs", include_str!("../../../formats/text/cv.txt.hbs")),
    ("section.txt.hbs", include_str!("../../../formats/text/section.txt.hbs")),
    ("body.hbs", include_str!("../../../formats/text/body.hbs")),
];

/// The options this backend reads from [`Options::extra`].
pub const OPTIONS: &[(&str, &str)] = &[
    ("split", "`sections`: one file per section (cv-<section>.txt), for portal forms with a field per section"),
    ("limit", "characters a file may hold; a warning names each section over it"),
];

/// The plain-text backend.
pub struct Text;

/// One section, with the document's labels (`@root.labels` in the templates).
#[derive(serde::Serialize)]
struct SectionPage<'a> {
    #[serde(flatten)]
    section: &'a view::SectionView,
    labels: &'a view::Labels,
}

/// The section's fields are the page's, as `flatten` has them for Handlebars.
impl std::ops::Deref for SectionPage<'_> {
    type Target = view::SectionView;
    fn deref(&self) -> &view::SectionView {
        self.section
    }
}
vita_view::template_values!(SectionPage<'_>);

/// The default templates compiled into Rust by `build.rs`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

impl Backend for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn description(&self) -> &'static str {
        "plain text wrapped to a width, for application-portal forms (cv.txt)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.txt")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn options(&self) -> &'static [(&'static str, &'static str)] {
        OPTIONS
    }

    fn check_option(&self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "split" if value != "sections" && value != "none" => Err("use `sections` or `none`".into()),
            "limit" if value.parse::<usize>().is_err() => Err("a whole number of characters".into()),
            _ => Ok(()),
        }
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let templates = Templates::choose(compiled::SOURCES, TEMPLATES, &options.templates, engine::verbatim)?;
        let view = view::Builder::with_options(doc, &Plain, options).build();
        let limit = match options.extra.get("limit") {
            Some(l) => Some(l.parse::<usize>().map_err(|_| anyhow::anyhow!("text.limit=`{l}` is not a number of characters"))?),
            None => None,
        };
        let mut rendered = Rendered::default();
        if options.extra.get("split").is_some_and(|s| s == "sections") {
            for s in &view.sections {
                let page = SectionPage { section: s, labels: &view.labels };
                let raw = templates
                    .render("section.txt", page, None, 4096, |p, v, out| compiled::section_txt(p, v, out))
                    .with_context(|| format!("rendering section.txt for `{}`", s.id))?;
                let name = format!("{}-{}.txt", options.basename, s.id);
                let text = wrap(&raw, options.width);
                if let Some(w) = over_limit(&text, limit) {
                    rendered.warn("", format!("section `{}` ({name}): {w}", s.id));
                }
                rendered.files.push(vita_backend::OutputFile::new(name, text));
            }
        } else {
            let raw = templates.render("cv.txt", view, None, doc.cv.output_room(), compiled::cv_txt)?;
            let text = wrap(&raw, options.width);
            let name = format!("{}.txt", options.basename);
            if let Some(w) = over_limit(&text, limit) {
                rendered.warn("", format!("{name}: {w}"));
            }
            rendered.files.push(vita_backend::OutputFile::new(name, text));
        }
        Ok(rendered)
    }
}

/// `3,412 characters, 1,412 over the limit of 2,000`, when over.
fn over_limit(text: &str, limit: Option<usize>) -> Option<String> {
    let limit = limit?;
    // Portals count what is pasted: the text without its final newline.
    let n = text.trim_end_matches('\n').chars().count();
    (n > limit).then(|| format!("{} characters, {} over the limit of {}", thousands(n), thousands(n - limit), thousands(limit)))
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const GLUED_DASH: &str = "\u{E000}–\u{E000}";

/// Wraps each line to `width`, continuing at the line's indentation; runs of
/// blank lines become one, and the text ends with one newline.
/// A width of 0 leaves lines as they are (for pasting into forms that wrap).
pub fn wrap(raw: &str, width: usize) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 16);
    let mut blank = true;
    for line in raw.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        if width == 0 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = hanging_indent(line);
        let opts = textwrap::Options::new(width.max(20))
            .subsequent_indent(&indent)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        // A dash between spaces (`2013 – 2018`) keeps its neighbours on its
        // line: the spaces become private-use characters of the same width
        // while wrapping, which the ASCII-space separator does not split at.
        let glued = line.replace(" – ", GLUED_DASH);
        for piece in textwrap::wrap(&glued, &opts) {
            out.push_str(piece.trim_end().replace(GLUED_DASH, " – ").as_str());
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The indentation of a line's continuation: its own, or past a leading
/// `[12] ` label or `- ` bullet, so that wrapped text lines up under the text.
fn hanging_indent(line: &str) -> String {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[lead..];
    let label = if rest.starts_with('[') {
        rest.find("] ").filter(|&i| rest[1..i].bytes().all(|b| b.is_ascii_digit()) && i > 1).map(|i| i + 2)
    } else if rest.starts_with("- ") {
        Some(2)
    } else {
        None
    };
    // Publication labels continue at the fixed detail indentation (4).
    let extra = match label {
        Some(n) if rest.starts_with('[') => 4usize.saturating_sub(lead).max(if lead > 0 { n } else { 0 }),
        Some(n) => n,
        None => 0,
    };
    " ".repeat(lead + extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default templates (and the built-in themes') render through the
    /// code `build.rs` compiled from them, not the engine.
    #[test]
    fn the_default_templates_are_compiled_in() {
        vita_view::compiled::covers("text", super::compiled::SOURCES, super::TEMPLATES).unwrap();
    }

    #[test]
    fn date_ranges_stay_on_one_line() {
        assert_eq!(
            wrap("Samsung Scholarship, grants $250,000 over five years (2013 – 2018)", 62),
            "Samsung Scholarship, grants $250,000 over five years\n(2013 – 2018)\n"
        );
    }

    #[test]
    fn wraps_at_the_indentation() {
        let w = wrap("    one two three four five six seven eight nine ten eleven twelve\n\n\n\nx", 24);
        assert_eq!(w, "    one two three four\n    five six seven eight\n    nine ten eleven\n    twelve\n\nx\n");
    }
}
