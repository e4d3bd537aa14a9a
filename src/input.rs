//! Reading the files vita is given or referred to: only regular files (a
//! FIFO, a device or a folder is refused before anything is read), at most
//! [`MAX_INPUT`] bytes, and UTF-8 text. What goes wrong is bad input (exit
//! 2), positioned where that makes sense: the first byte that is not UTF-8
//! gets its line and column.

use std::fs;
use std::io::Read;
use std::path::Path;

use vita_model::{Diagnostic, Pos};

/// The largest file vita reads: a CV, a targets file, a preset, a template.
/// A CV of 10,000 entries is about 2.4 MB and a build of it takes about
/// 150 MiB; memory grows linearly with the input, so this bounds it near 1 GiB.
pub const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// Why a file could not be read, as a diagnostic for that file.
pub struct Unreadable(pub Diagnostic);

/// The name standard input goes by in messages, when a command is given `-`.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A path as messages name it: `<stdin>` for `-`.
pub fn shown(path: &Path) -> std::borrow::Cow<'_, str> {
    if is_stdin(path) {
        STDIN_NAME.into()
    } else {
        path.to_string_lossy()
    }
}

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
fn stdin_bytes() -> Result<Vec<u8>, Unreadable> {
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

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
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
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the look and the read: read one byte past the limit at most.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| err(format!("cannot read it: {}", io_message(&e)), "check the file"))?;
    if bytes.len() as u64 > limit {
        return Err(err(format!("it has more than {limit} bytes"), "vita reads files of at most 16 MiB"));
    }
    Ok(bytes)
}

/// UTF-8 text from bytes, or where the first byte that is not UTF-8 stands.
pub fn text(bytes: Vec<u8>) -> Result<String, Unreadable> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = &e.as_bytes()[..at];
            // Valid up to `at`, so this is text.
            let before = std::str::from_utf8(good).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Unreadable(
                Diagnostic::error("", format!("the byte 0x{:02X} at offset {at} is not UTF-8", e.as_bytes()[at]))
                    .at(Some(Pos { line, col }))
                    .with_hint("save the file as UTF-8"),
            ))
        }
    }
}

/// An I/O error's message without the `(os error N)` tail.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
