//! Font files a backend asks for ([`vita_backend::Backend::font_request`]),
//! read through the host so that backends stay free of I/O: every font file
//! of the folders named (regular files of bounded size, inside the folder,
//! at most [`MAX_FILES`]), and the files of installed fonts of the families
//! named, as the host finds them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vita_backend::FontRequest;

use crate::host::{Host, Within};
use crate::report::BadInput;

/// The largest font file read (a CJK collection is about 20 MB).
pub const MAX_FONT: u64 = 64 * 1024 * 1024;
/// The most font files read from one folder.
pub const MAX_FILES: usize = 256;

/// The font files a request names, as (where from, contents).
pub fn read(host: &dyn Host, request: &FontRequest, base: &Path) -> anyhow::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let mut out = Vec::new();
    for folder in &request.folders {
        let dir = base.join(folder);
        out.extend(read_folder(host, &dir)?);
    }
    if request.families.is_empty() {
        return Ok(out);
    }
    let mut db = fontdb::Database::new();
    for (_, bytes) in &out {
        db.load_font_data(bytes.as_ref().clone());
    }
    let has =
        |db: &fontdb::Database, family: &str| db.faces().any(|f| f.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family)));
    let missing: Vec<&String> = request.families.iter().filter(|f| !has(&db, f)).collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let system = host.system_fonts();
    for family in missing {
        let mut paths: Vec<&PathBuf> =
            system.iter().filter(|(families, _)| families.iter().any(|name| name.eq_ignore_ascii_case(family))).map(|(_, p)| p).collect();
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            let mut families: Vec<&str> = system.iter().flat_map(|(names, _)| names.iter().map(String::as_str)).collect();
            families.sort_unstable();
            families.dedup();
            let hint = match vita_model::validate::closest(family, families.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("{} families are installed", families.len()),
            };
            return Err(BadInput::plain(format!(
                "error: no font named `{family}` is installed or in the font folder ({hint}; or give a folder of font files with -O typst.font-path=DIR)"
            ))
            .into());
        }
        for p in paths {
            out.push(read_font(host, p, None)?);
        }
    }
    Ok(out)
}

/// Every font file of a folder, in name order.
fn read_folder(host: &dyn Host, dir: &Path) -> anyhow::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let bad = |what: String| BadInput::plain(format!("error: {what}"));
    if !host.is_dir(dir) {
        return Err(bad(format!("the font folder {} does not exist", dir.display())).into());
    }
    let entries = host.list(dir).map_err(|e| bad(format!("reading the font folder {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .iter()
        .filter(|n| {
            Path::new(n)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .map(|n| dir.join(n))
        .collect();
    paths.sort();
    if paths.len() > MAX_FILES {
        return Err(bad(format!("the font folder {} has {} font files, over the limit of {MAX_FILES}", dir.display(), paths.len())).into());
    }
    paths.iter().map(|p| read_font(host, p, Some(Within { root: dir, folder: "the font folder" }))).collect()
}

/// A font file (inside a folder, when given), checked for a collection
/// that claims more faces than typesetting will look at.
fn read_font(host: &dyn Host, path: &Path, within: Option<Within<'_>>) -> anyhow::Result<(String, Arc<Vec<u8>>)> {
    let bytes = host.read(path, within, MAX_FONT).map_err(|u| BadInput::plain(format!("error: {}: {}", path.display(), u.message)))?;
    #[cfg(feature = "typst")]
    {
        let faces = vita_typst::compile::faces_claimed(&bytes);
        let most = vita_model::budget::FONT_FACES;
        if faces > most {
            return Err(BadInput::plain(format!(
                "error: {}: the font collection says it holds {faces} faces, over the limit of {most}",
                path.display()
            ))
            .into());
        }
    }
    Ok((path.display().to_string(), Arc::new(bytes)))
}
