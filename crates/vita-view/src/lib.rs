//! What vita's template-driven backends share, written once: a backend may
//! use any of it, and none of it is part of the backend contract
//! (`vita-backend`).
//!
//! - [`view`]: the format-neutral view of a CV that templates render (dates
//!   formatted, author lists with the owner marked, acceptance rates, the
//!   per-venue count line, cross-references resolved), built through a
//!   format's [`Markup`] so that every string is escaped for that format;
//! - [`dates`]: date and range formatting;
//! - [`labels`]: the words vita adds, per language (data files under `formats/labels/`);
//! - [`html`]: HTML escaping and rich text as HTML, for formats that are or embed HTML;
//! - [`plain`]: plain text (nothing escaped, links written out);
//! - [`compiled`]: what default templates compiled into Rust at build time
//!   (by `vita-hbs`) need at run time, and the choice between them and the engine;
//! - [`engine`]: a Handlebars registry with the format's escaping hook,
//!   default templates embedded by the backend, and user overrides.

pub mod compiled;
pub mod dates;
pub mod engine;
pub mod html;
pub mod icons;
pub mod labels;
pub mod plain;
pub mod theme;
pub mod view;
pub mod xml;

pub use vita_model::{Inline, Rich};

/// How a format writes text: escaping for plain strings, and rich text.
///
/// Every string that reaches a template goes through one of these, so
/// escaping lives in one place per format.
pub trait Markup {
    /// Escapes plain text.
    fn escape(&self, text: &str) -> String;
    /// Escapes an address (already percent-encoded by [`view::href`]) for
    /// the place a format puts links (an attribute, a `\href` argument).
    /// By default the same as [`Markup::escape`].
    fn escape_url(&self, url: &str) -> String {
        self.escape(url)
    }
    /// Renders inline rich text, escaping its text.
    fn rich(&self, rich: &Rich) -> String {
        let mut out = String::new();
        self.inlines(rich.inlines(), &mut out);
        out
    }
    /// Renders a sequence of inlines into `out`: escaped text, and each
    /// element through the methods below.
    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&self.escape(t)),
                Inline::Code(t) => out.push_str(&self.code(t)),
                Inline::Emph(c) | Inline::Strong(c) => {
                    let mut inner = String::new();
                    self.inlines(c, &mut inner);
                    out.push_str(&if matches!(i, Inline::Emph(_)) { self.emph(&inner) } else { self.strong(&inner) });
                }
                Inline::Link { url, content } => {
                    let mut text = String::new();
                    self.inlines(content, &mut text);
                    out.push_str(&self.link(url, &text));
                }
                Inline::Break => out.push_str(self.line_break()),
            }
        }
    }
    /// Wraps rendered text as emphasis; by default leaves it as it is.
    fn emph(&self, rendered: &str) -> String {
        rendered.to_string()
    }
    /// Wraps rendered text as strong; by default leaves it as it is.
    fn strong(&self, rendered: &str) -> String {
        rendered.to_string()
    }
    /// Marks the CV owner's name in an author list formatted by a
    /// citation style (already rendered); by default as strong.
    fn owner(&self, rendered: &str) -> String {
        self.strong(rendered)
    }
    /// Code text (unescaped: a format escapes it as its code needs); by
    /// default escaped like any text.
    fn code(&self, raw: &str) -> String {
        self.escape(raw)
    }
    /// A line break inside a paragraph.
    fn line_break(&self) -> &'static str {
        "\n"
    }
    /// Renders a link with already-rendered text.
    fn link(&self, url: &str, rendered_text: &str) -> String;
}
