//! The files of an export vita imports whole: a LinkedIn data export, as
//! the zip archive LinkedIn sends (at most [`ARCHIVE_BYTES`]) or its
//! unzipped folder. Only CSV files are read, each within the input budget
//! and all within [`ARCHIVE_BYTES`]; nothing is written to disk, and names
//! inside the archive are used for their last part only.

use std::io::Read;
use std::path::Path;

use vita_model::budget::{ARCHIVE_BYTES, ARCHIVE_ENTRIES, INPUT_BYTES};

/// Files by name and text.
pub type Files = Vec<(String, String)>;

/// Whether a path is an export to read whole: a folder, or a `.zip` file.
pub fn is_export(path: &Path) -> bool {
    path.is_dir() || path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn wanted(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.to_ascii_lowercase().ends_with(".csv") && !base.starts_with('.')
}

/// The CSV files of an export (a zip archive or a folder), or why not.
pub fn read(path: &Path) -> Result<Files, String> {
    if path.is_dir() {
        return read_folder(path);
    }
    // The archive is read whole, so bounded: a complete export with years of
    // messages can be larger; its folder is read file by file.
    let bytes = crate::input::read_bytes(path, ARCHIVE_BYTES)
        .map_err(|u| format!("{} (unzip it and import the folder: only its CSV files are read)", u.0.message))?;
    read_zip(&bytes)
}

fn read_folder(dir: &Path) -> Result<Files, String> {
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| crate::input::io_message(&e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(wanted))
        .take(ARCHIVE_ENTRIES)
        .collect();
    names.sort();
    let mut out = Vec::new();
    let mut total = 0u64;
    for p in names {
        // Through the one reader: regular files in the folder, links not followed out of it.
        let text =
            crate::input::read_text_within(dir, &p, "the export's folder").map_err(|u| format!("{}: {}", p.display(), u.0.message))?;
        total += text.len() as u64;
        if total > ARCHIVE_BYTES {
            return Err(format!("its CSV files hold more than {ARCHIVE_BYTES} bytes, over vita's limit"));
        }
        out.push((p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string(), text));
    }
    Ok(out)
}

fn read_zip(bytes: &[u8]) -> Result<Files, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a zip archive vita can read: {e}"))?;
    if zip.len() > ARCHIVE_ENTRIES {
        return Err(format!("it lists {} files, over vita's limit of {ARCHIVE_ENTRIES}", zip.len()));
    }
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| format!("entry {i}: {e}"))?;
        let name = f.name().to_string();
        if !f.is_file() || !wanted(&name) {
            continue;
        }
        // Read no more than the budget allows, whatever the entry claims.
        let mut buf = Vec::new();
        let limit = INPUT_BYTES.min(ARCHIVE_BYTES - total) + 1;
        (&mut f).take(limit).read_to_end(&mut buf).map_err(|e| format!("{name}: {e}"))?;
        if buf.len() as u64 >= limit {
            return Err(format!("{name} inflates past vita's limit"));
        }
        total += buf.len() as u64;
        let text = crate::input::text(buf).map_err(|u| format!("{name}: {}", u.0.message))?;
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        out.push((base, text));
    }
    Ok(out)
}
