//! Word output (`cv.docx`): the file recruiters and job portals ask for,
//! which a reader restyles in Word by changing styles, not runs.
//!
//! **Built on styles.** The name is set in *Title*, the label in
//! *Subtitle*, contacts in *Contact*, sections in *Heading 1* and the
//! parts of a group in *Heading 2* (Word's navigation pane and screen
//! readers show the outline), entries in *Entry* (the date at a right tab
//! stop on the text's edge), *Entry Subtitle* and *Entry Detail*,
//! highlights in *List Bullet*, publications in *Publication* (the stable
//! number, a tab, the lines), the photo (if the CV has one and the target
//! prints it) in *Photo* above the name. Runs carry character styles: *Entry Title*,
//! *Entry Date*, *Owner* (the CV's owner in an author list, bold),
//! *Equal Contribution Mark*, *Venue*, *Award*, *Hyperlink*, *Code*. The
//! look follows the build's theme: its font (vita's bundled Libertinus
//! Serif and Noto Sans become Cambria and Calibri, which Office has), size,
//! margins, accent colour and heading case. The `ats` theme (a target with
//! `ats: true`) lays entries out as its PDF does, for résumé parsers.
//!
//! **Parser-friendly.** One column; no tables, text boxes or page headers
//! (the contacts are in the body, where parsers look); links are real
//! hyperlinks, to `http`, `https` and `mailto` addresses only (the DOI as
//! its `doi.org` address); references to publications are links to
//! bookmarks inside the document.
//!
//! **Deterministic and safe.** Every part is written here as text: every
//! value of the CV reaches it escaped through [`markup::DocxMarkup`] (and
//! characters XML cannot carry are refused by `vita check`); the package
//! has no macros and no external relationship but the hyperlinks; the
//! parts are zipped in a fixed order, each dated 1980-01-01, and the core
//! properties (title "Name — CV" in the CV's language, author, keywords
//! from the research areas, language) are dated from `updated` or
//! `SOURCE_DATE_EPOCH`, so rebuilds are byte-identical.
//!
//! **Why no writer crate.** docx-rs (0.4) is the maintained one; it numbers
//! paragraphs, hyperlinks and bookmarks from process-wide counters, so a
//! file's bytes depend on what else the process built before it (every
//! target of a build, each rebuild of `vita watch`), and it brings the
//! `image` crate and a second `zip`. The parts a CV needs are few and
//! small: written here, in schema order, with the workspace's `zip`, they
//! stay byte-identical and fast (the seed: well under a millisecond).

mod body;
pub mod markup;
mod package;
mod styles;

use vita_backend::{Backend, Document, Options, OutputFile, Rendered};
use vita_view::view;

/// The Word backend.
pub struct Docx;

impl Backend for Docx {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn description(&self) -> &'static str {
        "Word for recruiters and portals, built on named styles (cv.docx)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.docx")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let lang = options.language(doc).to_string();
        let view = view::Builder::with_options(doc, &markup::DocxMarkup, options).build();
        let look = styles::Look::of(options, &lang);
        let body = body::Body::write(&view, &look, options.photo.as_ref().map(|p| p.pixels));
        let meta = package::Meta {
            title: format!("{} \u{2014} {}", doc.cv.person.name, markup::plain(&view.labels.cv)),
            author: doc.cv.person.name.clone(),
            keywords: doc
                .cv
                .all_sections()
                .filter_map(|s| match s {
                    vita_model::Section::Research(r) => Some(r.areas.iter().cloned()),
                    _ => None,
                })
                .flatten()
                .collect(),
            lang: lang.clone(),
            date: Some(timestamp(vita_view::dates::document_epoch(doc, options))),
        };
        let image = options.photo.as_ref().map(|p| package::Image {
            ext: if p.mime == "image/png" { "png" } else { "jpeg" },
            mime: p.mime,
            bytes: &p.bytes,
        });
        let parts = package::parts(&body, &look, &meta, image.as_ref());
        let mut rendered = Rendered::default();
        rendered.files.push(OutputFile::new(format!("{}.docx", options.basename), package::zip(&parts)?));
        Ok(rendered)
    }
}

/// `2022-11-01T00:00:00Z` for seconds since 1970.
fn timestamp(epoch: i64) -> String {
    let (y, m, d) = vita_model::date::civil_from_days(epoch.div_euclid(86_400));
    let s = epoch.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The parts of a built file, in order, for tests and goldens: (name,
/// text; a photo's bytes as lossy text).
pub fn unzip(bytes: &[u8]) -> anyhow::Result<Vec<(String, String)>> {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        out.push((f.name().to_string(), String::from_utf8_lossy(&data).into_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(bytes: &[u8], name: &str) -> String {
        unzip(bytes).unwrap().into_iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn renders_the_minimal_example_in_styles() {
        let src = include_str!("../../../examples/minimal.ron");
        let doc = vita_model::load(src).document.expect("the example is valid");
        let out = Docx.render(&doc, &Options::default()).unwrap();
        let docx = &out.files[0].bytes;
        let xml = part(docx, "word/document.xml");
        assert!(xml.contains("<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Ada Lovelace</w:t></w:r>"), "{xml}");
        assert!(xml.contains("<w:pStyle w:val=\"Heading1\"/>"), "{xml}");
        let names: Vec<String> = unzip(docx).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names[0], "[Content_Types].xml");
        assert_eq!(Docx.render(&doc, &Options::default()).unwrap().files[0].bytes, *docx, "rebuilds are byte-identical");
    }

    #[test]
    fn timestamps_are_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_667_260_800 + 3_723), "2022-11-01T01:02:03Z");
    }
}
