//! Plain text as a markup, for text output and for the plain fields of
//! structured formats.

use crate::Markup;

/// Plain text: nothing escaped; rich text as its text, a link whose text
/// differs from its address as `text <address>`.
pub struct Plain;

impl Markup for Plain {
    fn escape(&self, text: &str) -> String {
        text.to_string()
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
