//! The view's strings for Word: XML-escaped text with a few inline marks
//! (`<b>`, `<i>`, `<c>`, `<br/>`, `<a href="...">`), read back into runs by
//! [`pieces`]. The view is built through [`DocxMarkup`], so every value of
//! the CV arrives escaped: `<`, `>`, `&`, `"` and `'` of the data are entities,
//! and the only tags in a string are the ones this module wrote.

use vita_view::{view, Markup};

/// Escapes text for an XML element or a quoted attribute: HTML's escaping
/// (`&`, `<`, `>`, `"`, `'`), which is XML's too.
pub use vita_view::html::escape;

/// The text of an escaped string without its marks, unescaped.
pub fn plain(marked: &str) -> String {
    let mut out = String::with_capacity(marked.len());
    for p in pieces(marked) {
        if let Piece::Text { text, .. } = p {
            out.push_str(&unescape(text));
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Word markup for the view.
pub struct DocxMarkup;

impl Markup for DocxMarkup {
    fn escape(&self, text: &str) -> String {
        escape(text)
    }

    fn emph(&self, rendered: &str) -> String {
        format!("<i>{rendered}</i>")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("<b>{rendered}</b>")
    }

    fn owner(&self, rendered: &str) -> String {
        format!("<o>{rendered}</o>")
    }

    fn code(&self, raw: &str) -> String {
        format!("<c>{}</c>", escape(raw))
    }

    fn line_break(&self) -> &'static str {
        "<br/>"
    }

    fn link(&self, url: &str, rendered_text: &str) -> String {
        format!("<a href=\"{}\">{rendered_text}</a>", escape(&view::href(url)))
    }
}

/// How a piece of text is set: the marks around it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Inside `<b>`.
    pub bold: bool,
    /// Inside `<i>`.
    pub italic: bool,
    /// Inside `<c>` (code).
    pub code: bool,
    /// Inside `<o>`: the CV owner's name in a reference a citation style formatted.
    pub owner: bool,
}

/// A piece of a marked string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Escaped text and its marks.
    Text {
        /// The text, escaped as it was written.
        text: &'a str,
        /// Its marks.
        marks: Marks,
    },
    /// A line break.
    Break,
    /// The start of a link to an escaped address.
    LinkStart(&'a str),
    /// The end of a link.
    LinkEnd,
}

/// Reads a marked string into its pieces. A tag this module does not write
/// (there is none, as the data is escaped) is read as text.
pub fn pieces(marked: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let (mut bold, mut italic, mut code, mut owner) = (0u32, 0u32, 0u32, 0u32);
    let mut rest = marked;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            out.push(text(rest, [bold, italic, code, owner]));
            break;
        };
        if at > 0 {
            out.push(text(&rest[..at], [bold, italic, code, owner]));
        }
        let tail = &rest[at..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let tag = &tail[..end];
        match tag {
            "<b>" => bold += 1,
            "</b>" => bold = bold.saturating_sub(1),
            "<i>" => italic += 1,
            "</i>" => italic = italic.saturating_sub(1),
            "<c>" => code += 1,
            "</c>" => code = code.saturating_sub(1),
            "<o>" => owner += 1,
            "</o>" => owner = owner.saturating_sub(1),
            "<br/>" => out.push(Piece::Break),
            "</a>" => out.push(Piece::LinkEnd),
            _ => match tag.strip_prefix("<a href=\"").and_then(|t| t.strip_suffix("\">")) {
                Some(url) => out.push(Piece::LinkStart(url)),
                None => out.push(text(tag, [bold, italic, code, owner])),
            },
        }
        rest = &tail[end..];
    }
    out
}

fn text(text: &str, [bold, italic, code, owner]: [u32; 4]) -> Piece<'_> {
    Piece::Text { text, marks: Marks { bold: bold > 0, italic: italic > 0, code: code > 0, owner: owner > 0 } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_that_looks_like_marks_stays_text() {
        let m = DocxMarkup;
        let s = format!("{} {}", m.escape("<b>x</b> & \"y\" 'q'"), m.strong("z"));
        assert_eq!(s, "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;q&#39; <b>z</b>");
        let bold = Marks { bold: true, ..Marks::default() };
        assert_eq!(
            pieces(&s),
            [
                Piece::Text { text: "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;q&#39; ", marks: Marks::default() },
                Piece::Text { text: "z", marks: bold }
            ]
        );
        assert_eq!(plain(&s), "<b>x</b> & \"y\" 'q' z");
    }

    #[test]
    fn links_breaks_and_nested_marks() {
        let m = DocxMarkup;
        let s = format!("{}{}{}", m.link("https://a.example/x y?q=\"1\"", &m.emph("site")), m.line_break(), m.strong(&m.emph("both")));
        let p = pieces(&s);
        assert_eq!(p[0], Piece::LinkStart("https://a.example/x%20y?q=%221%22"));
        assert_eq!(p[1], Piece::Text { text: "site", marks: Marks { italic: true, ..Marks::default() } });
        assert_eq!(p[2], Piece::LinkEnd);
        assert_eq!(p[3], Piece::Break);
        assert_eq!(p[4], Piece::Text { text: "both", marks: Marks { bold: true, italic: true, code: false, owner: false } });
    }
}
