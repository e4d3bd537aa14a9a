//! Font files a backend asks for ([`vita_backend::Backend::font_request`]),
//! read here so that backends stay free of I/O: every font file of the
//! folders named (regular files of bounded size, at most [`MAX_FILES`]),
//! and the files of installed system fonts of the families named, found
//! with `fontdb`'s search of the system's font folders.

use std::path::Path;
use std::sync::Arc;

use vita_backend::FontRequest;

use crate::cli::BadInput;

/// The largest font file read (a CJK collection is about 20 MB).
pub const MAX_FONT: u64 = 64 * 1024 * 1024;
/// The most font files read from one folder.
pub const MAX_FILES: usize = 256;

/// The font files a request names, as (where from, contents).
pub fn read(request: &FontRequest, base: &Path) -> anyhow::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let mut out = Vec::new();
    for folder in &request.folders {
        let dir = base.join(folder);
        out.extend(read_folder(&dir)?);
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
    let mut system = fontdb::Database::new();
    system.load_system_fonts();
    for family in missing {
        let mut paths: Vec<&Path> = system
            .faces()
            .filter(|f| f.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family)))
            .filter_map(|f| match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.as_path()),
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            let mut families: Vec<&str> = system.faces().flat_map(|f| f.families.iter().map(|(n, _)| n.as_str())).collect::<Vec<_>>();
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
            out.push(read_font(p)?);
        }
    }
    Ok(out)
}

/// Every font file of a folder, in name order.
fn read_folder(dir: &Path) -> anyhow::Result<Vec<(String, Arc<Vec<u8>>)>> {
    let bad = |what: String| BadInput::plain(format!("error: {what}"));
    if !dir.is_dir() {
        return Err(bad(format!("the font folder {} does not exist", dir.display())).into());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| bad(format!("reading the font folder {}: {}", dir.display(), crate::input::io_message(&e))))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    paths.sort();
    if paths.len() > MAX_FILES {
        return Err(bad(format!("the font folder {} has {} font files, over the limit of {MAX_FILES}", dir.display(), paths.len())).into());
    }
    paths.iter().map(|p| read_font_in(dir, p)).collect()
}

/// A font file of a folder: inside it, links resolved.
fn read_font_in(dir: &Path, path: &Path) -> anyhow::Result<(String, Arc<Vec<u8>>)> {
    let real = crate::input::inside(dir, path, "the font folder")
        .map_err(|u| BadInput::plain(format!("error: {}: {}", path.display(), u.0.message)))?;
    let (_, bytes) = read_font(&real)?;
    Ok((path.display().to_string(), bytes))
}

fn read_font(path: &Path) -> anyhow::Result<(String, Arc<Vec<u8>>)> {
    let bytes =
        crate::input::read_bytes(path, MAX_FONT).map_err(|u| BadInput::plain(format!("error: {}: {}", path.display(), u.0.message)))?;
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
