//! The document an external backend (a program `vita-backend-NAME` on
//! `PATH`) reads on standard input, as JSON. Its JSON Schema is
//! `docs/external-protocol.schema.json`; a test regenerates the schema from
//! the documents of every example and fails when it changes while
//! [`PROTOCOL`] stays the same.
//!
//! Versions: 1, the first; 2, `options` gained `lang` and `dates` (the
//! target's language and date style); 3, an author in `cv` may be
//! `{"name": ..., "family": ...}` (the family name, when it is not the
//! name's last word) besides a string or `{"name", "equal"}`; 4, the
//! view's `labels` are the language's words from `formats/labels/` (new:
//! `colon`, `title_at`, `degree_in`, `list_sep`, `acceptance_for`,
//! `acceptance`, `plural`, `count`, `venue_count`, `count_list`,
//! `count_alone`, `months_in_date`, `month_year`, `date`, `percent`;
//! gone: `at`, `field_in`, `rate_for`, `out_of`, `published`,
//! `peer_reviewed`, `day_first`, `percent_space`; `decimal` is a string);
//! 5, the view's `labels` gained `grade` (before a bare grade: `Grade: 4.0`);
//! 6, an entry of the view gives its highlights apart from its `details`
//! (`highlights`, printed as bullets) and a position's job title and unit
//! apart (`role`, `unit`), a section the heading parsers know it by
//! (`standard`), `labels` gained `months_short`, `month_year_short` and
//! `ats_headings`, the view says `dir` (`rtl` for Arabic, Hebrew, Persian),
//! a link says what paper shows (`print`: the DOI itself, else its label)
//! and a profile its `icon`,
//! `options.dates` may be `short` (`Aug 2023`), and `options.theme` names
//! the theme, its option values and whether it sets icons; 7, a
//! publication of the view gives `formatted`, the whole reference in the
//! build's citation style (null without one: then `title`, `authors` and
//! `venue` are what to print), and the CV's `settings` and its targets
//! may name a `citation_style`; 8, a publication's `kind` may be
//! `Report`, `Patent`, `Software` or `Dataset` (in the view: `report`,
//! `patent`, `software`, `dataset`).

use std::collections::BTreeMap;

use serde::Serialize;
use vita_model::Cv;

use crate::{Options, Page};

/// The version of the document; raised whenever its shape changes.
pub const PROTOCOL: u32 = 8;

/// The whole document. `V` is the view (`vita-view`'s plain-text view).
#[derive(Serialize)]
#[non_exhaustive]
pub struct Request<'a, V> {
    /// Which protocol and which vita wrote it.
    pub vita: Versions,
    /// The format name the program was run for.
    pub format: &'a str,
    /// The options of this build.
    pub options: RequestOptions<'a>,
    /// The CV, as vita reads it (the RON file's fields).
    pub cv: &'a Cv,
    /// Every publication's stable number, by id.
    pub numbers: BTreeMap<&'a str, u32>,
    /// The view vita's own templates render, in plain text.
    pub view: V,
}

/// The protocol version and vita's version.
#[derive(Serialize)]
#[non_exhaustive]
pub struct Versions {
    /// [`PROTOCOL`].
    pub protocol: u32,
    /// vita's version.
    pub version: &'static str,
}

/// The options an external backend gets.
#[derive(Serialize)]
#[non_exhaustive]
pub struct RequestOptions<'a> {
    /// Base name of the output files.
    pub basename: &'a str,
    /// Line width for text.
    pub width: usize,
    /// `a4` or `letter`.
    pub page: Page,
    /// The `-O NAME.KEY=VALUE` options for this format.
    pub extra: &'a BTreeMap<String, String>,
    /// The language of the words vita adds (`en`, `de`).
    pub lang: &'a str,
    /// `numeric`, `short`, `long` or `year`.
    pub dates: vita_model::DateStyle,
    /// The theme chosen, and its option values.
    pub theme: &'a crate::Theme,
}

impl<'a, V> Request<'a, V> {
    /// The document for a format, a CV and its options.
    pub fn new(format: &'a str, doc: &'a crate::Document, options: &'a Options, version: &'static str, view: V) -> Self {
        Request {
            vita: Versions { protocol: PROTOCOL, version },
            format,
            options: RequestOptions {
                basename: &options.basename,
                width: options.width,
                page: options.page,
                extra: &options.extra,
                lang: options.language(doc),
                dates: options.dates,
                theme: &options.theme,
            },
            cv: &doc.cv,
            numbers: doc.cv.publications().filter_map(|p| Some((p.id.as_str(), doc.number(&p.id)?))).collect(),
            view,
        }
    }
}
