//! Reading the files vita is given or referred to: only regular files (a
//! FIFO, a device or a folder is refused before anything is read), at most
//! [`MAX_INPUT`] bytes, and UTF-8 text. What goes wrong is bad input (exit
//! 2), positioned where that makes sense: the first byte that is not UTF-8
//! gets its line and column.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use vita_model::Diagnostic;

/// The largest file vita reads: a CV, a targets file, a preset, a template.
/// A CV of 10,000 entries is about 2.4 MB and a build of it takes about
/// 150 MiB; memory grows linearly with the input, so this bounds it near 1 GiB.
pub const MAX_INPUT: u64 = vita_engine::MAX_INPUT;

/// Why a file could not be read, as a diagnostic for that file.
pub struct Unreadable(pub Diagnostic);

pub use vita_engine::{is_stdin, shown};

/// Reads a whole text file, refusing what is not a regular file of bounded
/// size; `-` is standard input (read once, at most [`MAX_INPUT`] bytes).
pub fn read_text(path: &Path) -> Result<String, Unreadable> {
    if is_stdin(path) {
        return text(stdin_bytes()?);
    }
    let bytes = read_bytes(path, MAX_INPUT)?;
    text(bytes)
}

/// Standard input, read once per process (a command may look at it twice:
/// `vita import -` decides what it holds, then reads it).
pub fn stdin_bytes() -> Result<Vec<u8>, Unreadable> {
    static STDIN: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();
    let read = STDIN.get_or_init(|| {
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it: {}", io_message(&e)))?;
        if bytes.len() as u64 > MAX_INPUT {
            return Err(format!("it has more than {MAX_INPUT} bytes"));
        }
        Ok(bytes)
    });
    read.clone().map_err(|m| Unreadable(Diagnostic::error("", m).with_hint("vita reads at most 16 MiB")))
}

/// The files this process read as input, by their real paths: a build
/// never removes one of them (a planted manifest may list the CV).
static READ: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> = std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Whether this process read `path` as input.
pub fn was_read(path: &Path) -> bool {
    let Ok(real) = fs::canonicalize(path) else { return false };
    READ.lock().unwrap_or_else(|e| e.into_inner()).contains(&real)
}

/// The bytes of a regular file of at most `limit` bytes, read as input.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    read_file(path, limit, true)
}

/// Whether a regular file (not a link) holds exactly `bytes`: compared a
/// piece at a time, so an output of many megabytes is not held twice.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    let mut open = fs::OpenOptions::new();
    open.read(true);
    // A link put there between a look and the read is not followed: the
    // file is opened as it is, and what was opened is looked at.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, nix::fcntl::OFlag::O_NOFOLLOW.bits());
    let Ok(mut file) = open.open(path) else { return false };
    let Ok(meta) = file.metadata() else { return false };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let mut piece = vec![0u8; 64 * 1024];
    let mut at = 0;
    loop {
        match file.read(&mut piece) {
            Ok(0) => return at == bytes.len(),
            Ok(n) if bytes.get(at..at + n) == Some(&piece[..n]) => at += n,
            _ => return false,
        }
    }
}

/// The bytes of a file vita made (an output, a program's result): read like
/// input, but not counted as input.
pub fn read_output(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    read_file(path, limit, false)
}

fn read_file(path: &Path, limit: u64, record: bool) -> Result<Vec<u8>, Unreadable> {
    let err = |m: String, hint: &str| Unreadable(Diagnostic::error("", m).with_hint(hint));
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(err("no such file".into(), "check the name and the folder")),
        Err(e) => return Err(err(format!("cannot read it: {}", io_message(&e)), "check its permissions")),
    };
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(err(format!("it is {what}"), "give a regular file"));
    }
    if meta.len() > limit {
        return Err(err(format!("it has {} bytes, over the limit of {limit}", meta.len()), "vita reads files of at most 16 MiB"));
    }
    let file = fs::File::open(path).map_err(|e| err(format!("cannot read it: {}", io_message(&e)), "check its permissions"))?;
    if record {
        if let Ok(real) = fs::canonicalize(path) {
            READ.lock().unwrap_or_else(|e| e.into_inner()).insert(real);
        }
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the look and the read: read one byte past the limit at most.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| err(format!("cannot read it: {}", io_message(&e)), "check the file"))?;
    if bytes.len() as u64 > limit {
        return Err(err(format!("it has more than {limit} bytes"), "vita reads files of at most 16 MiB"));
    }
    Ok(bytes)
}

/// Where `path` really is, when that is inside `root` (links and `..`
/// resolved on both); otherwise why not. A file the CV names, and every
/// file in a folder it names, is read only through here, so a link planted
/// in a shared CV folder cannot make vita read a file outside it.
/// `folder` names the folder in messages ("the CV's folder").
pub fn inside(root: &Path, path: &Path, folder: &str) -> Result<PathBuf, Unreadable> {
    let err = |m: String, hint: &str| Unreadable(Diagnostic::error("", m).with_hint(hint));
    let real = match fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dangling = fs::symlink_metadata(path).is_ok();
            return Err(if dangling {
                err("it is a link to nothing".into(), "give a regular file")
            } else {
                err("no such file".into(), "check the name and the folder")
            });
        }
        Err(e) => return Err(err(format!("cannot read it: {}", io_message(&e)), "check its permissions")),
    };
    let base = fs::canonicalize(root).map_err(|e| err(format!("cannot read its folder: {}", io_message(&e)), "check the folder"))?;
    if !real.starts_with(&base) {
        let how = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) { "a link to a file" } else { "a file" };
        return Err(err(format!("it is {how} outside {folder}"), &format!("vita reads only files inside {folder}; copy the file there")));
    }
    Ok(real)
}

/// A text file inside `root`, a folder named `folder` in messages ([`inside`]).
pub fn read_text_within(root: &Path, path: &Path, folder: &str) -> Result<String, Unreadable> {
    text(read_bytes(&inside(root, path, folder)?, MAX_INPUT)?)
}

/// UTF-8 text from bytes, or where the first byte that is not UTF-8 stands.
pub fn text(bytes: Vec<u8>) -> Result<String, Unreadable> {
    vita_engine::text(bytes).map_err(Unreadable)
}

/// An I/O error's message without the `(os error N)` tail.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
