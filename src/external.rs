//! External backends: a program `vita-backend-NAME` on `PATH` is the format
//! `NAME`. vita writes the document as JSON on its standard input (see
//! docs/adding-a-backend.md, "External backends"), runs it in an empty
//! temporary folder with a time limit, and takes every file it writes there
//! as an output, written with the others once every format has succeeded.
//! Lines it prints on standard error that start with `warning: ` are
//! warnings; a non-zero exit status is a failure, reported with its stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::Failure;

use anyhow::{bail, Context};
use vita_backend::{Backend, Document, Options, OutputFile, Rendered};
use vita_view::plain::Plain;
use vita_view::view;

/// The program name prefix.
pub const PREFIX: &str = "vita-backend-";

/// Seconds an external backend may run, unless `-O NAME.timeout=SECONDS`.
pub const DEFAULT_TIMEOUT: u64 = 60;

/// An external backend program.
pub struct External {
    name: &'static str,
    description: &'static str,
    path: PathBuf,
}

/// Every `vita-backend-NAME` program on `PATH` (the first of each name),
/// sorted by name; `PATH` is read once per process.
pub fn all() -> Vec<(String, PathBuf)> {
    static FOUND: std::sync::OnceLock<Vec<(String, PathBuf)>> = std::sync::OnceLock::new();
    FOUND.get_or_init(scan).clone()
}

fn scan() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    let Some(path) = std::env::var_os("PATH") else { return out };
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut found: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_str()?.strip_prefix(PREFIX)?.to_string();
                let p = e.path();
                (is_program(&p) && !name.is_empty() && !out.iter().any(|(n, _)| *n == name)).then_some((name, p))
            })
            .collect();
        found.sort();
        out.extend(found);
    }
    out.sort();
    out
}

fn is_program(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The external backends, one per program on `PATH`, made once per
/// process (backends are `'static`).
pub fn backends() -> &'static [(String, &'static External)] {
    static MADE: std::sync::OnceLock<Vec<(String, &'static External)>> = std::sync::OnceLock::new();
    MADE.get_or_init(|| {
        all()
            .into_iter()
            .map(|(name, path)| {
                let description = format!("external program {}", path.display());
                let backend: &'static External = Box::leak(Box::new(External {
                    name: Box::leak(name.clone().into_boxed_str()),
                    description: Box::leak(description.into_boxed_str()),
                    path,
                }));
                (name, backend)
            })
            .collect()
    })
}

/// The JSON document an external backend reads ([`vita_backend::protocol`]).
pub fn document(format: &str, doc: &Document, options: &Options) -> anyhow::Result<serde_json::Value> {
    let view = view::Builder::with_options(doc, &Plain, options).build();
    let request = vita_backend::protocol::Request::new(format, doc, options, env!("CARGO_PKG_VERSION"), view);
    Ok(serde_json::to_value(&request)?)
}

impl Backend for External {
    fn name(&self) -> &'static str {
        self.name
    }

    fn description(&self) -> &'static str {
        self.description
    }

    fn file_names(&self, _basename: &str) -> Vec<String> {
        Vec::new()
    }

    fn accepts_any_option(&self) -> bool {
        true
    }

    fn check_option(&self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "timeout" if !value.parse::<u64>().is_ok_and(|t| (1..=crate::process::MAX_TIMEOUT).contains(&t)) => {
                Err(format!("a whole number of seconds from 1 to {}", crate::process::MAX_TIMEOUT))
            }
            _ => Ok(()),
        }
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let input = serde_json::to_vec(&document(self.name, doc, options)?)?;
        let timeout = options.extra.get("timeout").and_then(|t| t.parse().ok()).unwrap_or(DEFAULT_TIMEOUT);
        let dir = crate::process::temp_dir("external").context("creating a folder for the external backend")?;
        let program = self.path.display().to_string();
        let mut cmd = Command::new(&self.path);
        cmd.current_dir(dir.path());
        let finished = match crate::process::run(&mut cmd, Some(input), crate::process::deadline(timeout), MAX_STDERR) {
            Ok(f) => f,
            Err(Failure::Start(e)) => bail!("starting {program}: {e}"),
            Err(Failure::Timeout) => {
                bail!("{program} did not finish within {timeout} s and was stopped (raise the limit with -O {}.timeout=SECONDS)", self.name)
            }
        };
        let stderr = finished.stderr;
        if !finished.status.success() {
            bail!(
                "{program} failed ({}){}",
                finished.status,
                if stderr.trim().is_empty() { String::new() } else { format!(":\n{}", stderr.trim_end()) }
            );
        }
        let mut files = Vec::new();
        let mut total = 0u64;
        collect(dir.path(), dir.path(), 0, &mut total, &mut files)?;
        if files.is_empty() {
            bail!("{program} wrote no files (it runs in an empty folder and writes its outputs there)");
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let warnings: Vec<String> = stderr.lines().filter_map(|l| l.strip_prefix("warning: ")).map(str::to_string).collect();
        let mut rendered = Rendered::default();
        rendered.files = files;
        for w in warnings {
            rendered.warn("", w);
        }
        Ok(rendered)
    }
}

/// The most of an external backend's standard error vita keeps.
const MAX_STDERR: usize = 64 * 1024;

/// The most an external backend may write, in all its files.
const MAX_OUTPUT: u64 = 256 * 1024 * 1024;

/// Takes the files a backend wrote: regular files only (a link, a FIFO or
/// a device is an error, never followed or read), names checked as the
/// writer checks them, at most [`MAX_OUTPUT`] bytes in all, folders at most
/// eight deep.
fn collect(root: &Path, dir: &Path, depth: usize, total: &mut u64, out: &mut Vec<OutputFile>) -> anyhow::Result<()> {
    if depth > 8 {
        bail!("the external backend's folders nest more than eight deep");
    }
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let p = e.path();
        let name = p.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
        let kind = e.file_type()?;
        if kind.is_dir() {
            collect(root, &p, depth + 1, total, out)?;
        } else if kind.is_file() {
            crate::write::check_name(&name).with_context(|| format!("the external backend wrote `{name}`"))?;
            let bytes = crate::input::read_output(&p, MAX_OUTPUT - *total)
                .map_err(|u| anyhow::anyhow!("reading `{name}` from the external backend: {}", u.0.message))?;
            *total += bytes.len() as u64;
            out.push(OutputFile::new(name, bytes));
        } else {
            bail!("the external backend wrote `{name}`, which is not a regular file (a link or a special file); only files are taken");
        }
    }
    Ok(())
}
