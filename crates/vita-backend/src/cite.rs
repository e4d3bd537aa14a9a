//! Publications formatted in a citation style: what the engine gives the
//! formats that print a publication list, so that each prints the same
//! reference, marked up in its own way.

use std::collections::BTreeMap;

/// The CV's publications formatted in one citation style (CSL), by
/// publication id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Citations {
    /// The style as the user named it (`apa`, `styles/mine.csl`).
    pub style: String,
    /// Each shown publication's reference, by its id.
    pub references: BTreeMap<String, Reference>,
}

/// One publication as the style prints it in a bibliography, without the
/// style's own number (vita prints its stable `[n]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reference {
    /// The text, in pieces of one formatting each.
    pub pieces: Vec<Piece>,
}

/// A run of a reference's text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Piece {
    /// The text (plain; each format escapes it).
    pub text: String,
    /// Italic in the style.
    pub emph: bool,
    /// Bold in the style.
    pub strong: bool,
    /// An address the style links this text to (a DOI, a URL).
    pub link: Option<String>,
    /// Part of the name of the publication's author at this index (in the
    /// CV's author list): where the owner is marked and co-first marks go.
    pub author: Option<usize>,
}

impl Reference {
    /// The reference as plain text.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// Whether the reference prints this address (as a link or as text).
    pub fn prints(&self, url: &str) -> bool {
        self.pieces.iter().any(|p| p.link.as_deref() == Some(url)) || self.text().contains(url)
    }
}
