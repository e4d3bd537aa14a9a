//! `vita watch`: build, then build again whenever the CV or a file it reads
//! changes, until stopped (Ctrl-C: the signal handler of
//! [`crate::process`] removes any temporary file and exits with 130).
//!
//! Changes come from `notify`, debounced: an editor's save (a temporary file
//! written, then renamed over the CV) arrives as one batch, and makes one
//! build. Each build prints one status line; a bad edit prints its
//! diagnostics and the outputs stay as they were (writes are atomic).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use vita_engine::BadInput;

use crate::cmd::build::Flags;

/// How long changes are gathered before a build.
const DEBOUNCE: Duration = Duration::from_millis(120);

/// What a build reads, as far as the CV says: files, and folders whose
/// every file counts.
#[derive(Default, PartialEq, Eq)]
struct Inputs {
    files: BTreeSet<PathBuf>,
    folders: BTreeSet<PathBuf>,
}

impl Inputs {
    /// The CV, its targets file, publication sources, template folders, its
    /// presets and labels folders (those that exist).
    fn of(file: &Path, templates: Option<&Path>) -> Inputs {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let dir = file.parent().unwrap_or(Path::new("."));
        let mut files = BTreeSet::from([abs(file)]);
        let mut folders = BTreeSet::new();
        for name in ["presets", "labels"] {
            folders.insert(abs(&dir.join(name)));
        }
        if let Some(t) = templates {
            folders.insert(abs(t));
        }
        // A CV that does not parse still names its inputs as before: the
        // caller keeps the last set and adds these.
        // Read as a build reads it: a regular file of bounded size.
        if let Ok(text) = crate::input::read_text(file) {
            if let Ok(cv) = vita_model::parse(&text) {
                if let Some(t) = &cv.settings.targets {
                    files.insert(abs(&dir.join(t)));
                }
                for t in cv.settings.templates.iter().chain(cv.targets.iter().filter_map(|t| t.templates.as_ref())) {
                    folders.insert(abs(&dir.join(t)));
                }
                for s in cv.all_sections() {
                    if let vita_model::Section::Publications(vita_model::PublicationList { from: Some(from), .. }) = s {
                        files.insert(abs(&dir.join(from)));
                    }
                }
            }
        }
        Inputs { files, folders }
    }

    fn merge(&mut self, other: Inputs) {
        self.files.extend(other.files);
        self.folders.extend(other.folders);
    }

    /// Whether a changed path is one of these.
    fn touches(&self, path: &Path) -> bool {
        self.files.contains(path) || self.folders.iter().any(|f| path.starts_with(f))
    }

    /// What to ask the watcher for: the folders of the files (an editor
    /// replaces a file by renaming another over it, so the file itself
    /// cannot be watched), and the folders, recursively.
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut out = BTreeSet::new();
        for f in &self.files {
            if let Some(p) = f.parent().filter(|p| p.is_dir()) {
                out.insert((p.to_path_buf(), false));
            }
        }
        for f in self.folders.iter().filter(|f| f.is_dir()) {
            out.insert((f.clone(), true));
        }
        out
    }
}

/// Runs the watch: one build now, one after each change. `serve` is the
/// address to serve the output folder at, if asked.
pub fn run(args: crate::args::BuildArgs, serve: Option<&str>) -> anyhow::Result<()> {
    let (files, flags) = crate::cmd::build::flags(args)?;
    let [file] = files.as_slice() else {
        return Err(BadInput::plain("error: `vita watch` follows one CV; give one file".into()).into());
    };
    crate::term::set_summary_only();
    let flags = &flags;
    if crate::input::is_stdin(file) {
        return Err(BadInput::plain("error: `vita watch` follows a file; standard input cannot change".into()).into());
    }
    if flags.output == "-" {
        return Err(BadInput::plain("error: `vita watch` writes into a folder; give -o DIR".into()).into());
    }
    let out_dir = PathBuf::from(&flags.output);
    let server = match serve {
        Some(addr) => {
            std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
            let s = crate::serve::Server::start(addr, &out_dir)?;
            // Said even with --quiet: the address is what --serve is for.
            say!("serving {} at http://{}/ (pages reload after each build)", out_dir.display(), s.addr);
            Some(s)
        }
        None => None,
    };
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).context("starting to watch files")?;
    let mut inputs = Inputs::of(file, flags.request.templates.as_deref());
    let mut watching: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
    let mut first = true;
    let mut first_wait = true;
    // One host for every build: unchanged files are not read again.
    let host = crate::host::FsHost::keeping();
    loop {
        build_once(&host, file, flags, first, server.as_ref());
        first = false;
        // Follow what this version of the CV reads.
        inputs.merge(Inputs::of(file, flags.request.templates.as_deref()));
        let wanted = inputs.watches();
        for (path, recursive) in wanted.difference(&watching) {
            let mode = if *recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            if let Err(e) = debouncer.watch(path, mode) {
                note!("warning: cannot watch {}: {e}", path.display());
            }
        }
        watching = wanted;
        if first_wait {
            note!("watching {} and the files it reads (Ctrl-C stops)", crate::input::shown(file));
            first_wait = false;
        }
        // Wait for a change to an input.
        loop {
            let events = match rx.recv() {
                Ok(Ok(events)) => events,
                Ok(Err(errors)) => {
                    for e in errors {
                        note!("warning: watching: {e}");
                    }
                    continue;
                }
                Err(_) => anyhow::bail!("the file watcher stopped"),
            };
            let changed: Vec<&PathBuf> =
                events.iter().filter(|e| !e.kind.is_access()).flat_map(|e| e.paths.iter()).filter(|p| inputs.touches(p)).collect();
            if let Some(p) = changed.first() {
                step!("changed: {}", p.display());
                break;
            }
        }
        // Changes that arrived while building are in the next batch.
    }
}

/// One build and its status line.
fn build_once(host: &crate::host::FsHost, file: &Path, flags: &Flags, first: bool, server: Option<&crate::serve::Server>) {
    let started = Instant::now();
    crate::term::reset_counts();
    let result = crate::cmd::build::build_in(host, file, flags);
    // Typst's memoised work of the last builds stays for the next; older goes.
    vita_engine::end_build();
    let took = started.elapsed();
    let (written, warned) = crate::term::counts();
    let what = if first { "built" } else { "rebuilt" };
    let warnings = match warned {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    match result {
        Ok(made) => {
            if let Some(s) = server {
                s.reload(&made);
            }
            match written.len() {
                0 => note!("{what} in {} ms, no file changed{warnings}", took.as_millis()),
                1..=4 => note!("{what} {} in {} ms{warnings}", written.join(", "), took.as_millis()),
                n => note!("{what} {n} files in {} ms{warnings}", took.as_millis()),
            }
        }
        Err(e) => {
            crate::diagnostics::report(&e);
            note!("build failed in {} ms{warnings}; the outputs are as they were", took.as_millis());
        }
    }
}
