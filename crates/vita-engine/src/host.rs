//! What the engine asks of the world it runs in. The engine reads no file,
//! no clock and no environment, and prints nothing: it asks its host, the
//! way typst's compiler asks its `World`. The command's host reads the
//! file system through its safe reader; [`MemoryHost`] serves files from
//! memory (the tests, a page in a browser).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use vita_backend::Backend;
use vita_model::Diagnostic;

/// Where a file the engine reads must stay.
#[derive(Clone, Copy, Debug)]
pub struct Within<'a> {
    /// The folder the file must be inside (links and `..` resolved).
    pub root: &'a Path,
    /// How messages name that folder ("the CV's folder").
    pub folder: &'a str,
}

/// How messages name the folder of the CV.
pub const CV_FOLDER: &str = "the CV's folder";

/// The world the engine builds in.
pub trait Host: Sync {
    /// The bytes of a file: a regular file of at most `limit` bytes (`-`
    /// is standard input), inside `within` when given. A refusal is a
    /// diagnostic for that file (its message and hint; no path).
    fn read(&self, path: &Path, within: Option<Within<'_>>, limit: u64) -> Result<Vec<u8>, Diagnostic>;

    /// Whether anything (a file, a folder, a link) is at `path`.
    fn exists(&self, path: &Path) -> bool;

    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;

    /// The names of the entries of a folder, in any order; why not, as a message.
    fn list(&self, dir: &Path) -> Result<Vec<String>, String>;

    /// The installed fonts: each face's family names and the file it is
    /// in (read through [`Host::read`] with no `within`). None by default.
    fn system_fonts(&self) -> Vec<(Vec<String>, PathBuf)> {
        Vec::new()
    }

    /// Formats beyond the built-in ones (programs on `PATH`), by name.
    fn externals(&self) -> Vec<(String, &'static dyn Backend)> {
        Vec::new()
    }

    /// How many formats may render at once (threads); 1 by default.
    fn jobs(&self) -> usize {
        1
    }

    /// Limits how long typesetting may take: the host stops the build with
    /// `message` once `limit` has passed, until the returned guard drops.
    /// By default nothing watches.
    fn limit(&self, limit: Duration, message: String) -> Box<dyn std::any::Any> {
        let _ = (limit, message);
        Box::new(())
    }

    /// The time since some fixed moment, for the timings of [`Host::step`]; none by default.
    fn clock(&self) -> Option<Duration> {
        None
    }

    /// Whether [`Host::step`] is heard (so the engine formats steps only then).
    fn verbose(&self) -> bool {
        false
    }

    /// One step of the build and its time (`--verbose`).
    fn step(&self, message: &str) {
        let _ = message;
    }
}

/// A step's time: `1.23 ms` from `since` to now, by the host's clock.
pub(crate) fn took(host: &dyn Host, since: Option<Duration>) -> String {
    match (since, host.clock()) {
        (Some(a), Some(b)) => format!("{:.2} ms", b.saturating_sub(a).as_secs_f64() * 1000.0),
        _ => "an unknown time".into(),
    }
}

/// Says a step, formatted only when the host listens.
macro_rules! step {
    ($host:expr, $($arg:tt)*) => {
        if $host.verbose() {
            $host.step(&format!($($arg)*))
        }
    };
}
pub(crate) use step;

/// A host over files held in memory, by path: no file system, no clock,
/// one thread. Paths are compared after `.` and `..` are resolved by
/// name; a file outside the folder it must stay in is refused, as the
/// command's host refuses it.
#[derive(Default, Clone)]
pub struct MemoryHost {
    files: BTreeMap<PathBuf, Arc<Vec<u8>>>,
}

impl MemoryHost {
    /// An empty host.
    pub fn new() -> MemoryHost {
        MemoryHost::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(normal(path.as_ref()), Arc::new(bytes.into()));
    }

    /// Removes a file.
    pub fn remove(&mut self, path: impl AsRef<Path>) {
        self.files.remove(&normal(path.as_ref()));
    }
}

/// A path with `.` left out and `..` taken back, by name.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Host for MemoryHost {
    fn read(&self, path: &Path, within: Option<Within<'_>>, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        let err = |m: String, hint: &str| Diagnostic::error("", m).with_hint(hint);
        let p = normal(path);
        if let Some(w) = within {
            let root = normal(w.root);
            let inside = if root.as_os_str().is_empty() { !p.starts_with("..") } else { p.starts_with(&root) };
            if !inside {
                return Err(err(
                    format!("it is a file outside {}", w.folder),
                    &format!("vita reads only files inside {}; copy the file there", w.folder),
                ));
            }
        }
        match self.files.get(&p) {
            Some(b) if b.len() as u64 > limit => {
                Err(err(format!("it has {} bytes, over the limit of {limit}", b.len()), "vita reads files of at most 16 MiB"))
            }
            Some(b) => Ok(b.as_ref().clone()),
            None if self.is_dir(path) => Err(err("it is a folder".into(), "give a regular file")),
            None => Err(err("no such file".into(), "check the name and the folder")),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        let p = normal(path);
        self.files.contains_key(&p) || self.is_dir(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        let p = normal(path);
        self.files.keys().any(|k| k != &p && k.starts_with(&p))
    }

    fn list(&self, dir: &Path) -> Result<Vec<String>, String> {
        let d = normal(dir);
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&d).ok())
            .filter_map(|rest| rest.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        names.dedup();
        if names.is_empty() {
            return Err("No such file or directory".into());
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_host_keeps_files_inside_their_folder() {
        let mut host = MemoryHost::new();
        host.insert("cv/papers.bib", "@misc{a,}");
        host.insert("secret.txt", "no");
        let within = Some(Within { root: Path::new("cv"), folder: CV_FOLDER });
        assert_eq!(host.read(Path::new("cv/./papers.bib"), within, 100).unwrap(), b"@misc{a,}");
        let refused = host.read(Path::new("cv/../secret.txt"), within, 100).unwrap_err();
        assert_eq!(refused.message, "it is a file outside the CV's folder");
        assert_eq!(host.read(Path::new("cv/papers.bib"), None, 3).unwrap_err().message, "it has 9 bytes, over the limit of 3");
        assert_eq!(host.list(Path::new("cv")).unwrap(), vec!["papers.bib"]);
        assert!(host.is_dir(Path::new("cv")) && !host.is_dir(Path::new("cv/papers.bib")));
    }
}
