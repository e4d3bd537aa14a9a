//! The CV's photo: a JPEG or PNG file beside it (`person.photo`), read
//! through the host like every file a CV names (a regular file inside the
//! CV's folder, of bounded size), its kind told by its first bytes; and a
//! warning where custom advises against a photo.

use std::path::Path;

use vita_backend::{Document, Photo};
use vita_model::Diagnostic;

use crate::host::{Host, Within, CV_FOLDER};
use crate::report::folder_of;

/// The most pixels a photo may have: a portrait needs far fewer, and a
/// small file that claims many more would expand to gigabytes when decoded.
pub const MAX_PHOTO_PIXELS: u64 = 40_000_000;

/// The kind of image bytes are, by their first bytes: `image/jpeg`,
/// `image/png`, or none.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// The width and height an image says it has (a PNG's header, a JPEG's
/// frame), or none when they cannot be found.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| bytes.get(i..i + 2).map(|b| u32::from(u16::from_be_bytes([b[0], b[1]])));
    let be32 = |i: usize| bytes.get(i..i + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    match sniff(bytes)? {
        "image/png" => Some((be32(16)?, be32(20)?)),
        _ => {
            // JPEG: segments after the start marker, each `FF xx` and a
            // length, until a start-of-frame (C0..CF but C4, C8, CC).
            let mut i = 2;
            while i + 4 <= bytes.len() {
                if bytes[i] != 0xFF {
                    return None;
                }
                let marker = bytes[i + 1];
                if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
                    return Some((be16(i + 7)?, be16(i + 5)?));
                }
                i += 2 + usize::try_from(be16(i + 2)?).ok()?;
            }
            None
        }
    }
}

/// The largest photo read: a portrait for a CV is far smaller.
pub const MAX_PHOTO: u64 = 5 * 1024 * 1024;

/// The photo a CV names, read and checked, and what to warn about; or
/// why it cannot be used, at `person.photo`.
pub fn read(
    host: &dyn Host,
    file: &Path,
    doc: &Document,
    targets: &[vita_model::Target],
) -> Result<(Option<Photo>, Vec<Diagnostic>), Box<Diagnostic>> {
    let Some(name) = &doc.cv.person.photo else { return Ok((None, Vec::new())) };
    let path = file.parent().unwrap_or(Path::new(".")).join(name);
    let bytes = host.read(&path, Some(Within { root: folder_of(file), folder: CV_FOLDER }), MAX_PHOTO).map_err(|u| {
        Box::new(
            Diagnostic::error("person.photo", format!("cannot read the photo {}: {}", path.display(), u.message))
                .with_hint(u.hint.clone().unwrap_or_else(|| "name a JPEG or PNG file in the CV's folder, relative to the CV".into())),
        )
    })?;
    let Some(mime) = sniff(&bytes) else {
        return Err(Box::new(
            Diagnostic::error("person.photo", format!("the photo {} is neither a JPEG nor a PNG image", path.display()))
                .with_hint("save it as .jpg or .png"),
        ));
    };
    let pixels = match dimensions(&bytes) {
        Some((w, h)) if u64::from(w) * u64::from(h) <= MAX_PHOTO_PIXELS && w > 0 && h > 0 => (w, h),
        Some((w, h)) => {
            return Err(Box::new(
                Diagnostic::error("person.photo", format!("the photo {} is {w} × {h} pixels", path.display()))
                    .with_hint(format!("a photo has at most {} million pixels; save a smaller one", MAX_PHOTO_PIXELS / 1_000_000)),
            ))
        }
        None => {
            return Err(Box::new(
                Diagnostic::error("person.photo", format!("the photo {} has no size vita can read", path.display()))
                    .with_hint("save it again as .jpg or .png"),
            ))
        }
    };
    let name = format!("photo.{}", if mime == "image/png" { "png" } else { "jpg" });
    let photo = Photo { name, mime, bytes: std::sync::Arc::new(bytes), pixels };
    Ok((Some(photo), customs(doc, targets)))
}

/// A warning when the CV is built in a language whose countries' employers
/// usually want no photo (English: the US, the UK, Canada, Australia, where
/// a photo can get a CV set aside), by a build that prints it.
fn customs(doc: &Document, targets: &[vita_model::Target]) -> Vec<Diagnostic> {
    let cv_lang = doc.cv.settings.lang.as_deref().unwrap_or("en");
    let printing: Vec<&str> = if targets.is_empty() {
        vec![cv_lang]
    } else {
        targets.iter().filter(|t| t.ats != Some(true) && t.photo != Some(false)).map(|t| t.lang.as_deref().unwrap_or(cv_lang)).collect()
    };
    let english = printing.iter().any(|l| l.split('-').next().is_some_and(|p| p.eq_ignore_ascii_case("en")));
    if !english {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        "person.photo",
        "a CV in English usually has no photo: employers in the US, the UK, Canada and Australia may set one with a photo aside",
    )
    .with_hint("a target leaves it out with `photo: false` (one with `ats: true` always does)")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_images_size_is_read_from_its_header() {
        // A PNG's header; a JPEG's start-of-frame after an APP0 segment.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0, 0, 2, 0, 0, 0, 1, 0x80]);
        assert_eq!(dimensions(&png), Some((512, 384)));
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 3];
        assert_eq!(dimensions(&jpeg), Some((640, 480)));
        assert_eq!(dimensions(&jpeg[..12]), None);
        assert_eq!(dimensions(b"GIF89a"), None);
    }
}
