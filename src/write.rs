//! Writing a set of output files into a folder, all or nothing.
//!
//! The guarantees (docs/security.md):
//! - every name is a relative path of plain components (no `..`, no
//!   absolute path, no empty or hidden-temporary name), and no folder on the
//!   way below the output folder may be a symbolic link, so nothing is
//!   written outside the output folder;
//! - a symbolic link planted where an output goes is replaced, never
//!   followed, and its target's mode is never copied; a new file gets the
//!   mode the umask gives (`0666 & !umask`), a rewritten file keeps its
//!   permission bits (never setuid, setgid or sticky);
//! - every file is written to a temporary file next to it first; when all
//!   are written they are renamed into place. A folder where a file should
//!   go fails the set before anything is renamed, and a rename that fails
//!   midway puts the previous files back, so a failure leaves the previous
//!   set. A signal waits for the renames to finish (see [`crate::process`]);
//! - a manifest (`.vita-manifest`) records what vita wrote, so a file it
//!   no longer writes (a PDF not remade, the portal file of a renamed
//!   section) is removed instead of left looking current. Only names the
//!   manifest lists, and only regular files, are ever removed;
//! - temporary files are named `.vita-tmp-PID-…`; those of a process that
//!   no longer runs (a killed build) are removed when vita next writes there.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context};
use vita_backend::OutputFile;

use crate::input::io_message;
use crate::process;

pub use vita_engine::{MANIFEST, TMP_PREFIX};

/// Which earlier outputs a write replaces.
pub enum Scope<'a> {
    /// The folder is a target's: every file the manifest lists that this
    /// set does not hold is stale.
    Whole,
    /// Only files the manifest lists under these producers (formats) are stale.
    Producers(&'a [String]),
}

/// One file of a set, with the producer (format) that made it.
pub struct Out<'a> {
    /// The format (or `pdf`) that made it.
    pub producer: &'a str,
    /// Its name and bytes, or `Err(name)` to keep the file that is there
    /// (a PDF that is up to date) as part of the set.
    pub file: Result<&'a OutputFile, &'a str>,
}

/// What a write did: files written, stale files removed.
#[derive(Default)]
pub struct Written {
    /// Paths written.
    pub written: Vec<PathBuf>,
    /// Files already there with the same bytes, left as they were (their
    /// time of change too, so tools that go by it see nothing new).
    pub unchanged: Vec<PathBuf>,
    /// Stale files removed.
    pub removed: Vec<PathBuf>,
    /// What was not done, and why (a listed file that changed, a manifest
    /// that does not read).
    pub warnings: Vec<String>,
}

pub use vita_engine::check_name;

/// The folder of a target, `root/name`, refused when it is there as a
/// symbolic link or not a folder (the output folder itself is the user's
/// choice and may be a link; what vita makes inside it is not followed).
/// [`write_set`] makes it when the target's files are ready.
pub fn target_dir(root: &Path, name: &str) -> anyhow::Result<PathBuf> {
    check_name(name)?;
    let dir = root.join(name);
    match fs::symlink_metadata(&dir) {
        Ok(m) if !m.is_dir() => bail!("{} is not a folder (a link or a file); vita does not write through it", dir.display()),
        _ => Ok(dir),
    }
}

/// Writes every file of `outs` into `dir`, all or nothing, then removes the
/// stale files of `scope` and records the set in the manifest.
///
/// A stale file is removed only when vita can tell it wrote it: the
/// manifest gives its size and SHA-256, and the file still has exactly
/// those bytes. A listed file whose bytes differ (edited since, or listed
/// by a manifest vita did not write) is left alone with a warning; a file
/// this process read as input (the CV, a template, a publication file) is
/// never removed; a manifest that does not read as one is ignored with a
/// warning.
pub fn write_set(dir: &Path, outs: &[Out<'_>], scope: Scope<'_>) -> anyhow::Result<Written> {
    let mut names = BTreeSet::new();
    for o in outs {
        let name = match o.file {
            Ok(f) => f.name.as_str(),
            Err(n) => n,
        };
        check_name(name)?;
        if !names.insert(name) {
            bail!("two outputs are both named `{name}`");
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    clean_stale(dir);
    let mut warnings = Vec::new();
    let old = match read_manifest(dir) {
        Ok(entries) => entries,
        Err(why) => {
            warnings.push(format!("{}: {why}; it is ignored, so no earlier output is removed", dir.join(MANIFEST).display()));
            Vec::new()
        }
    };
    let (stale, mut manifest): (Vec<Entry>, Vec<Entry>) =
        old.into_iter().filter(|e| !names.contains(e.name.as_str())).partition(|e| match &scope {
            Scope::Whole => true,
            Scope::Producers(p) => p.contains(&e.producer),
        });
    // The new manifest: this set, and what the old one lists that stays.
    for o in outs {
        let entry = match o.file {
            Ok(f) => Entry::of(o.producer, &f.name, &f.bytes),
            // A file kept as it is (an up-to-date PDF): its bytes as they are.
            Err(n) => match crate::input::read_output(&dir.join(n), MAX_KEPT) {
                Ok(bytes) => Entry::of(o.producer, n, &bytes),
                Err(_) => continue,
            },
        };
        manifest.push(entry);
    }
    manifest.sort_by(|a, b| a.name.cmp(&b.name));
    let manifest_text: String = manifest.iter().map(Entry::line).collect();
    let manifest_file = OutputFile::new(MANIFEST, manifest_text);

    let mut files: Vec<&OutputFile> = outs.iter().filter_map(|o| o.file.ok()).collect();
    files.push(&manifest_file);
    let (same, files): (Vec<&OutputFile>, Vec<&OutputFile>) = files.into_iter().partition(|f| already_there(dir, f));
    let mut written = commit(dir, &files)?;
    written.written.retain(|p| !p.ends_with(MANIFEST));
    written.unchanged = same.iter().filter(|f| f.name != MANIFEST).map(|f| dir.join(&f.name)).collect();
    for entry in stale {
        let p = dir.join(&entry.name);
        if check_name(&entry.name).is_err() || !inside(dir, &p) || !fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
            continue;
        }
        if crate::input::was_read(&p) {
            warnings.push(format!("{} is listed in the manifest but this build reads it; it is kept", p.display()));
            continue;
        }
        match crate::input::read_output(&p, MAX_KEPT) {
            Ok(bytes) if entry.matches(&bytes) => {
                if fs::remove_file(&p).is_ok() {
                    written.removed.push(p);
                }
            }
            _ => warnings.push(format!("{} is no longer made, but it is not as vita wrote it; it is kept", p.display())),
        }
    }
    written.warnings = warnings;
    Ok(written)
}

/// Whether the file is there as a regular file (not a link) with these bytes.
fn already_there(dir: &Path, f: &OutputFile) -> bool {
    let target = dir.join(&f.name);
    inside(dir, &target) && crate::input::holds(&target, &f.bytes)
}

/// The largest file the manifest hashes back (an output kept, a stale one).
const MAX_KEPT: u64 = 1024 * 1024 * 1024;

/// The largest manifest read.
const MAX_MANIFEST: u64 = 1024 * 1024;

/// One line of the manifest: which format wrote a file, and its bytes' size
/// and SHA-256, so that vita removes only what it wrote.
struct Entry {
    producer: String,
    size: u64,
    sha256: String,
    name: String,
}

impl Entry {
    fn of(producer: &str, name: &str, bytes: &[u8]) -> Entry {
        Entry { producer: producer.to_string(), size: bytes.len() as u64, sha256: sha256(bytes), name: name.to_string() }
    }

    fn line(&self) -> String {
        format!("{}\t{}\t{}\t{}\n", self.producer, self.size, self.sha256, self.name)
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && sha256(bytes) == self.sha256
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes files without a manifest (the PDF stamp, `vita templates export` uses its own).
fn commit(dir: &Path, files: &[&OutputFile]) -> anyhow::Result<Written> {
    make_folders(dir, files)?;
    let staged = stage(dir, files)?;
    rename_all(dir, staged)
}

/// Folders below `dir` that the files go in: made here, and never through a symbolic link.
fn make_folders(dir: &Path, files: &[&OutputFile]) -> anyhow::Result<()> {
    for f in files {
        let mut at = dir.to_path_buf();
        let parts: Vec<&str> = f.name.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            at.push(part);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => bail!("{} is not a folder; vita writes {} there", at.display(), f.name),
                Err(_) => {
                    fs::create_dir(&at).with_context(|| format!("creating {}", at.display()))?;
                    clean_stale(&at);
                }
            }
        }
    }
    Ok(())
}

/// Each file written to a temporary file beside its place, with its place.
fn stage(dir: &Path, files: &[&OutputFile]) -> anyhow::Result<Vec<(tempfile::NamedTempFile, PathBuf)>> {
    // Before anything is written: a folder (or anything but a file or a link) where a file goes fails the set.
    let mut existing = Vec::new();
    for f in files {
        let target = dir.join(&f.name);
        match fs::symlink_metadata(&target) {
            Ok(m) if m.is_file() => existing.push(Some(m)),
            Ok(m) if m.file_type().is_symlink() => existing.push(None),
            Ok(_) => bail!("{} is a folder or a special file; vita writes a file there (nothing was changed)", target.display()),
            Err(_) => existing.push(None),
        }
    }
    let mut staged: Vec<(tempfile::NamedTempFile, PathBuf)> = Vec::new();
    for (f, old) in files.iter().zip(&existing) {
        let target = dir.join(&f.name);
        let parent = target.parent().unwrap_or(dir);
        let mut tmp = {
            // Made and registered under the lock a signal takes first, so a
            // signal between the two cannot leave the file behind.
            let _guard = process::commit_lock();
            let tmp = temp_in(parent)?;
            process::remove_on_exit(tmp.path());
            tmp
        };
        tmp.write_all(&f.bytes).with_context(|| format!("writing {}", tmp.path().display()))?;
        #[cfg(unix)]
        if let Some(m) = old {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(tmp.path(), fs::Permissions::from_mode(m.permissions().mode() & 0o777))?;
        }
        #[cfg(not(unix))]
        let _ = old;
        staged.push((tmp, target));
    }
    Ok(staged)
}

/// The staged files renamed into place, all or none.
fn rename_all(dir: &Path, staged: Vec<(tempfile::NamedTempFile, PathBuf)>) -> anyhow::Result<Written> {
    // The renames, under the commit lock: a signal waits for them.
    let _guard = process::commit_lock();
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for (tmp, target) in staged.iter() {
        // A hard link keeps the previous file until the set is complete.
        let backup = if fs::symlink_metadata(target).is_ok() {
            let b = temp_name(target.parent().unwrap_or(dir));
            process::remove_on_exit(&b);
            fs::hard_link(target, &b).ok().map(|_| b)
        } else {
            None
        };
        if let Err(e) = fs::rename(tmp.path(), target) {
            failure = Some(anyhow::anyhow!("writing {}: {}", target.display(), io_message(&e)));
            if let Some(b) = backup {
                let _ = fs::remove_file(b);
            }
            break;
        }
        done.push((target.clone(), backup));
    }
    if let Some(e) = failure {
        let mut restored = true;
        for (target, backup) in done.iter().rev() {
            let ok = match backup {
                Some(b) => fs::rename(b, target).is_ok(),
                None => fs::remove_file(target).is_ok(),
            };
            restored &= ok;
        }
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp.path());
        }
        if restored {
            return Err(e.context("nothing was changed: the previous files are in place"));
        }
        let new: Vec<String> = done.iter().map(|(t, _)| t.display().to_string()).collect();
        return Err(e.context(format!("these files are new, the others are as they were: {}", new.join(", "))));
    }
    for (_, backup) in &done {
        if let Some(b) = backup {
            let _ = fs::remove_file(b);
        }
    }
    // Renamed away: the temporary files no longer exist under their names.
    for (tmp, _) in staged {
        let _ = tmp.into_temp_path().keep();
    }
    Ok(Written { written: done.into_iter().map(|(t, _)| t).collect(), ..Written::default() })
}

/// A new temporary file in `dir`, created with mode 0666 so the umask decides.
fn temp_in(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let prefix = format!("{TMP_PREFIX}{}-", std::process::id());
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir).with_context(|| format!("creating a temporary file in {}", dir.display()))
}

/// A fresh temporary name in `dir` (nothing is created).
fn temp_name(dir: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    dir.join(format!("{TMP_PREFIX}{}-b{}-{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)))
}

/// Whether `p` is `dir` or below it, by its components.
fn inside(dir: &Path, p: &Path) -> bool {
    p.strip_prefix(dir).is_ok_and(|rest| rest.components().all(|c| matches!(c, Component::Normal(_))))
}

/// The manifest's entries: none when there is no manifest, and why not
/// when it is there but is not one vita wrote (a link, not text, a line
/// that does not read).
fn read_manifest(dir: &Path) -> Result<Vec<Entry>, String> {
    let path = dir.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Err(_) => return Ok(Vec::new()),
        Ok(m) if !m.is_file() => return Err("the manifest is not a regular file".into()),
        Ok(_) => {}
    }
    let bytes = crate::input::read_output(&path, MAX_MANIFEST).map_err(|u| format!("the manifest cannot be read ({})", u.0.message))?;
    let text = String::from_utf8(bytes).map_err(|_| "the manifest is not text".to_string())?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let entry = match fields[..] {
            [producer, size, sha, name]
                if size.parse::<u64>().is_ok()
                    && sha.len() == 64
                    && sha.bytes().all(|b| b.is_ascii_hexdigit())
                    && check_name(name).is_ok() =>
            {
                Entry {
                    producer: producer.to_string(),
                    size: size.parse().unwrap_or(0),
                    sha256: sha.to_ascii_lowercase(),
                    name: name.to_string(),
                }
            }
            // A manifest of an earlier vita: its files cannot be told apart
            // from the user's, so they are kept (and no longer listed).
            [_, name] if check_name(name).is_ok() => continue,
            _ => return Err(format!("line {} of the manifest does not read", i + 1)),
        };
        out.push(entry);
    }
    Ok(out)
}

/// Removes the temporary files of vita processes that no longer run.
pub fn clean_stale(dir: &Path) {
    process::remove_stale(dir, TMP_PREFIX, |t| t.is_file() || t.is_symlink());
}

/// Writes files for `vita templates export`: new files only, never through
/// a link (`create_new` refuses any existing name, a dangling link included).
pub fn create_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("{}: {}; export into an empty folder", path.display(), io_message(&e)))?;
    f.write_all(bytes).with_context(|| format!("writing {}", path.display()))
}
