//! The package around the document: content types, relationships, core
//! and application properties, zipped in a fixed order with a fixed time,
//! so the same CV gives the same bytes.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::body::{Body, FIRST_LINK, FOOTER, PHOTO};
use crate::markup::escape;
use crate::styles::{self, Look};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// What the core properties say.
pub struct Meta {
    /// "Name — Curriculum Vitae", in the CV's language.
    pub title: String,
    /// The person.
    pub author: String,
    /// The research areas.
    pub keywords: Vec<String>,
    /// The language tag.
    pub lang: String,
    /// `2022-11-01T00:00:00Z`, from `updated` or `SOURCE_DATE_EPOCH`.
    pub date: Option<String>,
}

/// A photo's part: its name in the package (`media/photo.jpeg`), its
/// file name ending, its media type and its bytes.
pub struct Image<'a> {
    /// `jpeg` or `png`.
    pub ext: &'static str,
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// The bytes.
    pub bytes: &'a [u8],
}

/// Every part of the package, in the order they are zipped.
pub fn parts(body: &Body, look: &Look, meta: &Meta, photo: Option<&Image>) -> Vec<(String, Vec<u8>)> {
    let footer = look.footer().then(|| crate::body::footer(&escape(&meta.author)));
    let mut parts: Vec<(String, Vec<u8>)> = [
        ("[Content_Types].xml", content_types(photo, footer.is_some())),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(meta)),
        ("docProps/app.xml", app()),
        ("word/document.xml", body.xml().to_string()),
        ("word/_rels/document.xml.rels", document_rels(&body.links, photo, footer.is_some())),
        ("word/styles.xml", styles::styles(look)),
        ("word/numbering.xml", styles::numbering()),
        ("word/settings.xml", styles::settings(look)),
        ("word/fontTable.xml", styles::font_table(look)),
        ("word/theme/theme1.xml", styles::theme(look)),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t.into_bytes()))
    .collect();
    if let Some(f) = footer {
        parts.push(("word/footer1.xml".into(), f.into_bytes()));
    }
    if let Some(p) = photo {
        parts.push((format!("word/media/photo.{}", p.ext), p.bytes.to_vec()));
    }
    parts
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn content_types(photo: Option<&Image>, footer: bool) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let image = photo.map(|p| format!("<Default Extension=\"{}\" ContentType=\"{}\"/>", p.ext, p.mime)).unwrap_or_default();
    let footer =
        if footer { format!("<Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>") } else { String::new() };
    format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>{image}\
         <Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{main}.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/>\
         <Override PartName=\"/word/fontTable.xml\" ContentType=\"{main}.fontTable+xml\"/>\
         <Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         {footer}</Types>\n"
    )
}

fn package_rels() -> String {
    format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>\n"
    )
}

/// The document's relationships: its parts, then one per linked address,
/// the only external ones.
fn document_rels(links: &[String], photo: Option<&Image>, footer: bool) -> String {
    let mut out = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{REL}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rId4\" Type=\"{REL}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rId5\" Type=\"{REL}/theme\" Target=\"theme/theme1.xml\"/>"
    );
    if let Some(p) = photo {
        let _ = write!(out, "<Relationship Id=\"rId{PHOTO}\" Type=\"{REL}/image\" Target=\"media/photo.{}\"/>", p.ext);
    }
    if footer {
        let _ = write!(out, "<Relationship Id=\"rId{FOOTER}\" Type=\"{REL}/footer\" Target=\"footer1.xml\"/>");
    }
    for (i, url) in links.iter().enumerate() {
        let _ =
            write!(out, "<Relationship Id=\"rId{}\" Type=\"{REL}/hyperlink\" Target=\"{url}\" TargetMode=\"External\"/>", FIRST_LINK + i);
    }
    out.push_str("</Relationships>\n");
    out
}

fn core(meta: &Meta) -> String {
    let mut out = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator>",
        escape(&meta.title),
        escape(&meta.author)
    );
    if !meta.keywords.is_empty() {
        let _ = write!(out, "<cp:keywords>{}</cp:keywords>", escape(&meta.keywords.join(", ")));
    }
    let _ = write!(out, "<dc:language>{}</dc:language>", escape(&meta.lang));
    if let Some(d) = &meta.date {
        let _ = write!(
            out,
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:modified>"
        );
    }
    out.push_str("</cp:coreProperties>\n");
    out
}

fn app() -> String {
    format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>vita</Application></Properties>\n"
    )
}

/// The parts as a zip archive: deflated, each dated 1980-01-01 (the
/// format's first day), in the given order.
pub fn zip(parts: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(32 * 1024)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        z.start_file(name.as_str(), options)?;
        z.write_all(text)?;
    }
    Ok(z.finish()?.into_inner())
}
