//! The CV's photo: a JPEG or PNG file beside it (`person.photo`), read
//! through the host like every file a CV names (a regular file inside the
//! CV's folder, of bounded size), its kind told by its first bytes; and a
//! warning where custom advises against a photo.

use std::path::Path;

use vita_backend::{Document, Photo};
use vita_model::Diagnostic;

use crate::host::{Host, Within, CV_FOLDER};
use crate::report::folder_of;

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
    let Some(mime) = Photo::sniff(&bytes) else {
        return Err(Box::new(
            Diagnostic::error("person.photo", format!("the photo {} is neither a JPEG nor a PNG image", path.display()))
                .with_hint("save it as .jpg or .png"),
        ));
    };
    match Photo::dimensions(&bytes) {
        Some((w, h)) if u64::from(w) * u64::from(h) <= vita_backend::MAX_PHOTO_PIXELS && w > 0 && h > 0 => {}
        Some((w, h)) => {
            return Err(Box::new(Diagnostic::error("person.photo", format!("the photo {} is {w} × {h} pixels", path.display())).with_hint(
                format!("a photo has at most {} million pixels; save a smaller one", vita_backend::MAX_PHOTO_PIXELS / 1_000_000),
            )))
        }
        None => {
            return Err(Box::new(
                Diagnostic::error("person.photo", format!("the photo {} has no size vita can read", path.display()))
                    .with_hint("save it again as .jpg or .png"),
            ))
        }
    }
    let photo =
        Photo { name: format!("photo.{}", if mime == "image/png" { "png" } else { "jpg" }), mime, bytes: std::sync::Arc::new(bytes) };
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
