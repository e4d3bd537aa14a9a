//! Plain text as a markup, for text output and for the plain fields of
//! structured formats.

use crate::Markup;

/// Plain text: nothing escaped; rich text as its text, a link whose text
/// differs from its address as `text <address>` (a DOI's address not
/// after text that holds the DOI: `doi: 10.1145/3600006`).
pub struct Plain;

impl Markup for Plain {
    fn escape(&self, text: &str) -> String {
        text.to_string()
    }

    fn link(&self, url: &str, text: &str) -> String {
        let bare = url.strip_prefix("mailto:").unwrap_or(url);
        let doi = url.strip_prefix("https://doi.org/").filter(|d| !d.is_empty());
        if text == url || text == bare || doi.is_some_and(|d| text.contains(d)) {
            text.to_string()
        } else {
            format!("{text} <{url}>")
        }
    }
}
