//! Plain text as a markup, for text output and for the plain fields of
//! structured formats.

use crate::{Inline, Markup};

/// Plain text: nothing escaped; rich text as its text, a link whose text
/// differs from its address as `text <address>`.
pub struct Plain;

impl Markup for Plain {
    fn escape(&self, text: &str) -> String {
        text.to_string()
    }

    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emph(c) | Inline::Strong(c) => self.inlines(c, out),
                Inline::Link { url, content } => {
                    let mut text = String::new();
                    self.inlines(content, &mut text);
                    out.push_str(&self.link(url, &text));
                }
                Inline::Break => out.push('\n'),
            }
        }
    }

    fn link(&self, url: &str, text: &str) -> String {
        let bare = url.strip_prefix("mailto:").unwrap_or(url);
        if text == url || text == bare {
            text.to_string()
        } else {
            format!("{text} <{url}>")
        }
    }
}
