//! The command's host: the engine reads the file system through the safe
//! reader of [`crate::input`] (regular files of bounded size, links not
//! followed out of their folder), finds installed fonts with `fontdb`,
//! offers the external backends on `PATH`, watches typesetting with the
//! watchdog, and says its steps with `--verbose`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use vita_backend::Backend;
use vita_engine::{Host, Within};
use vita_model::Diagnostic;

/// A file read before, by its real path: its size and time of change then, and its bytes.
type Kept = HashMap<PathBuf, (u64, Option<SystemTime>, Vec<u8>)>;

/// The file system, as the command sees it.
pub struct FsHost {
    started: Instant,
    /// Files read, kept for the next build (`vita watch`), when keeping.
    kept: Option<Mutex<Kept>>,
    /// The installed fonts, found once per host.
    fonts: OnceLock<Vec<(Vec<String>, PathBuf)>>,
}

impl FsHost {
    /// A host for one build, whose clock starts now.
    pub fn new() -> FsHost {
        FsHost { started: Instant::now(), kept: None, fonts: OnceLock::new() }
    }

    /// A host for many builds (`vita watch`): a file whose size and time of
    /// change are as when it was last read is not read again, and the
    /// installed fonts are looked for once.
    pub fn keeping() -> FsHost {
        FsHost { kept: Some(Mutex::new(HashMap::new())), ..FsHost::new() }
    }

    /// A file's bytes, from what was kept when it has not changed since.
    fn read_kept(&self, real: &Path, limit: u64) -> Result<Vec<u8>, crate::input::Unreadable> {
        let Some(kept) = &self.kept else { return crate::input::read_bytes(real, limit) };
        let meta = std::fs::metadata(real).ok().filter(|m| m.is_file());
        let stamp = meta.as_ref().map(|m| (m.len(), m.modified().ok()));
        if let (Some((len, modified)), Some((l, m, bytes))) = (stamp, kept.lock().unwrap_or_else(|e| e.into_inner()).get(real)) {
            if len == *l && modified == *m && len <= limit {
                return Ok(bytes.clone());
            }
        }
        let bytes = crate::input::read_bytes(real, limit)?;
        if let Some((len, modified)) = stamp.filter(|(len, _)| *len == bytes.len() as u64) {
            kept.lock().unwrap_or_else(|e| e.into_inner()).insert(real.to_path_buf(), (len, modified, bytes.clone()));
        }
        Ok(bytes)
    }
}

impl Host for FsHost {
    fn read(&self, path: &Path, within: Option<Within<'_>>, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        let read = match within {
            None if crate::input::is_stdin(path) => crate::input::stdin_bytes(),
            None => self.read_kept(path, limit),
            Some(w) => crate::input::inside(w.root, path, w.folder).and_then(|real| self.read_kept(&real, limit)),
        };
        read.map_err(|u| u.0)
    }

    fn exists(&self, path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn list(&self, dir: &Path) -> Result<Vec<String>, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| crate::input::io_message(&e))?;
        Ok(entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
    }

    fn system_fonts(&self) -> Vec<(Vec<String>, PathBuf)> {
        self.fonts
            .get_or_init(|| {
                let mut system = fontdb::Database::new();
                system.load_system_fonts();
                system
                    .faces()
                    .filter_map(|f| match &f.source {
                        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                            Some((f.families.iter().map(|(name, _)| name.clone()).collect(), p.clone()))
                        }
                        fontdb::Source::Binary(_) => None,
                    })
                    .collect()
            })
            .clone()
    }

    fn externals(&self) -> Vec<(String, &'static dyn Backend)> {
        crate::external::backends().iter().map(|(n, b)| (n.clone(), *b as &'static dyn Backend)).collect()
    }

    fn jobs(&self) -> usize {
        // As many threads as cores (at most two: memory grows with each
        // format rendered at once), unless VITA_JOBS or a batch says.
        std::env::var("VITA_JOBS")
            .ok()
            .and_then(|j| j.parse::<usize>().ok())
            .or_else(crate::term::render_jobs)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(2))
    }

    fn limit(&self, limit: Duration, message: String) -> Box<dyn std::any::Any> {
        Box::new(crate::watchdog::arm(limit, message))
    }

    fn clock(&self) -> Option<Duration> {
        Some(self.started.elapsed())
    }

    fn verbose(&self) -> bool {
        crate::term::level() >= crate::term::Level::Verbose
    }

    fn step(&self, message: &str) {
        say!("vita: {message}");
    }
}

/// `SOURCE_DATE_EPOCH`, the moment reproducible outputs are dated from, if set.
pub fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Ok(Some(v.trim().parse().map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))?)),
        Err(_) => Ok(None),
    }
}
