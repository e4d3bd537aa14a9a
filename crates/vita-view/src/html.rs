//! HTML escaping and rich text as HTML, for every backend whose output is or
//! embeds HTML (the HTML page, Europass descriptions).

use crate::Markup;

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML markup: escaped text; rich text as `em`, `strong`, `code`, `a` and `br`.
pub struct Html;

impl Markup for Html {
    fn escape(&self, text: &str) -> String {
        escape(text)
    }

    fn emph(&self, rendered: &str) -> String {
        format!("<em>{rendered}</em>")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("<strong>{rendered}</strong>")
    }

    fn code(&self, raw: &str) -> String {
        format!("<code>{}</code>", escape(raw))
    }

    fn line_break(&self) -> &'static str {
        "<br>"
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("<a href=\"{}\">{text}</a>", escape(&crate::view::href(url)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> " onmouseover="x' &amp;"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x&#39; &amp;amp;"
        );
    }
}
