//! Everything vita prints goes through here: control characters in user
//! data (a target name, a file name, a line of the CV) are shown escaped
//! (`\u{1b}`), never sent raw to a terminal, where they could move the
//! cursor, retitle the window or hide text.

use std::borrow::Cow;

/// The text with every control character but newline and tab (and the
/// bidirectional overrides that reorder what is shown) written as `\u{XX}`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How much vita says on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Errors only (`--quiet`).
    Quiet,
    /// Errors, warnings and what was written.
    Normal,
    /// Also each step and its time (`--verbose`).
    Verbose,
}

static LEVEL: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

/// Sets how much vita says, once, before anything is printed.
pub fn set_level(level: Level) {
    LEVEL.store(level as u8, std::sync::atomic::Ordering::Relaxed);
}

/// How much vita says.
pub fn level() -> Level {
    match LEVEL.load(std::sync::atomic::Ordering::Relaxed) {
        0 => Level::Quiet,
        1 => Level::Normal,
        _ => Level::Verbose,
    }
}

static SUMMARY_ONLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static WARNED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static WRITTEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// `vita watch` or a batch is running: a status or summary line tells what
/// was written, not a line per file.
pub fn set_summary_only() {
    SUMMARY_ONLY.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether only a summary of the files written is said.
pub fn summary_only() -> bool {
    SUMMARY_ONLY.load(std::sync::atomic::Ordering::Relaxed)
}

/// Counts `n` warnings printed.
pub fn warned(n: usize) {
    WARNED.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
}

/// Notes a file written.
pub fn wrote(path: &std::path::Path) {
    WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).push(path.display().to_string());
}

/// Starts counting again (each build of `vita watch`).
pub fn reset_counts() {
    WARNED.store(0, std::sync::atomic::Ordering::Relaxed);
    WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The files written and warnings printed since [`reset_counts`].
pub fn counts() -> (Vec<String>, usize) {
    (WRITTEN.lock().unwrap_or_else(|e| e.into_inner()).clone(), WARNED.load(std::sync::atomic::Ordering::Relaxed))
}

thread_local! {
    static CAPTURE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Writes to standard error, or, on a thread that is [`capture`]ing, to
/// its buffer (so one CV's messages in a batch print together).
pub fn err(text: &str) {
    let kept = CAPTURE.with(|c| match c.borrow_mut().as_mut() {
        Some(buf) => {
            buf.push_str(text);
            true
        }
        None => false,
    });
    if !kept {
        eprint!("{text}");
    }
}

/// Runs `f` with what this thread writes to standard error kept, and
/// returns its result and the text.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, String) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(String::new()));
    let r = f();
    let text = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (r, text)
}

static JOBS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Caps the threads one build renders its formats on (a batch runs its
/// CVs in parallel instead); 0 for no cap.
pub fn set_render_jobs(n: usize) {
    JOBS.store(n, std::sync::atomic::Ordering::Relaxed);
}

/// The cap set by [`set_render_jobs`], if any.
pub fn render_jobs() -> Option<usize> {
    Some(JOBS.load(std::sync::atomic::Ordering::Relaxed)).filter(|n| *n > 0)
}

/// A step's time for `--verbose`: `1.23 ms`.
pub fn millis(since: std::time::Instant) -> String {
    format!("{:.2} ms", since.elapsed().as_secs_f64() * 1000.0)
}

/// `eprintln!` with the text cleaned.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::term::err(&format!("{}\n", $crate::term::clean(&format!($($arg)*))))
    };
}

/// [`say!`] unless `--quiet`: warnings and what was written.
macro_rules! note {
    ($($arg:tt)*) => {
        if $crate::term::level() >= $crate::term::Level::Normal {
            say!($($arg)*)
        }
    };
}

/// [`say!`] with `--verbose` only, prefixed `vita: `: each step and its time.
macro_rules! step {
    ($($arg:tt)*) => {
        if $crate::term::level() >= $crate::term::Level::Verbose {
            say!("vita: {}", format!($($arg)*))
        }
    };
}

/// A line to standard output, with the text cleaned ([`print`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::term::print(&format!("{}\n", $crate::term::clean(&format!($($arg)*))))
    };
}

/// Writes `text` to standard output. A reader that has gone (`vita formats
/// | grep -q typst`, `| head`) ends vita quietly with success: it had
/// what it wanted, and a pipeline under `set -o pipefail` should not fail.
pub fn print(text: &str) {
    print_bytes(text.as_bytes());
}

/// [`print`] for bytes (a format's file written to standard output).
pub fn print_bytes(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Nothing is being written into files while vita prints its result.
        eprintln!("vita: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\u{1b}]0;x\u{7}b\nc\td\u{202e}"), "a\\u{1b}]0;x\\u{7}b\nc\td\\u{202e}");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }
}
