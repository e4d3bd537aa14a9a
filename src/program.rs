//! Running the program a backend declares ([`vita_backend::Program`]): TeX
//! for the LaTeX backend's PDF. The program runs through
//! [`crate::process`] in a temporary folder holding its inputs, with a time
//! limit over the whole run; only its output and its log are read back,
//! and the backend reads the log ([`Backend::program_report`]).
//!
//! A stamp file (`.NAME.stamp`, beside the output) records the hash of
//! the program and its inputs and of the output it made: when both match,
//! the program is not run again.

use std::path::Path;
use std::process::Command;

use anyhow::{anyhow, bail, Context};
use sha2::{Digest, Sha256};
use vita_backend::{Backend, Diagnostic, Document, OutputFile, Program};

use crate::input::read_output;
use crate::process::{self, Failure};

/// The largest output or log read back from a program.
const MAX_OUTPUT: u64 = 256 * 1024 * 1024;

/// What [`make`] gives: the output and its stamp when they were made now,
/// the backend's diagnostics, and the page count.
pub struct Made {
    /// The output and its stamp to write; `None` when the output in the folder is up to date.
    pub fresh: Option<[OutputFile; 2]>,
    /// What the backend read from the log.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages, when the log says.
    pub pages: Option<u32>,
}

/// The error when a program the backend requires is not installed (the message says what to install).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotInstalled(pub String);

/// The stamp file's name for an output (`.cv.pdf.stamp`).
pub fn stamp_name(output: &str) -> String {
    format!(".{output}.stamp")
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `program` for `backend`, unless the output in `dir` was made from the same inputs.
pub fn make(doc: &Document, dir: &Path, backend: &dyn Backend, program: &Program) -> anyhow::Result<Made> {
    let mut key = Vec::new();
    for r in &program.runs {
        key.extend(r.argv.join("\u{0}").bytes());
    }
    for f in &program.inputs {
        key.extend(f.name.bytes());
        key.extend(&f.bytes);
    }
    for (k, v) in &program.env {
        key.extend(format!("{k}={v}").bytes());
    }
    let source_key = hex(&key);
    let stamp = stamp_name(&program.output);
    let read = |name: &str| read_output(&dir.join(name), MAX_OUTPUT).ok();
    if let (Some(s), Some(existing)) = (read(&stamp), read(&program.output)) {
        let s = String::from_utf8_lossy(&s);
        if s.split_whitespace().take(2).eq([source_key.as_str(), hex(&existing).as_str()]) {
            let pages = s.split_whitespace().nth(2).and_then(|n| n.parse().ok()).filter(|n| *n > 0);
            return Ok(Made { fresh: None, diagnostics: Vec::new(), pages });
        }
    }
    if program.requires.iter().any(|p| process::find_program(p).is_none()) {
        return Err(NotInstalled(program.not_installed.clone()).into());
    }
    let run = program
        .runs
        .iter()
        .find(|r| r.argv.first().is_some_and(|p| process::find_program(p).is_some()))
        .ok_or_else(|| NotInstalled(program.not_installed.clone()))?;
    let tmp = process::temp_dir(backend.name()).context("creating a temporary folder")?;
    for f in &program.inputs {
        crate::write::check_name(&f.name)?;
        std::fs::write(tmp.path().join(&f.name), &f.bytes).with_context(|| format!("writing {} for {}", f.name, run.argv[0]))?;
    }
    let deadline = process::deadline(program.timeout);
    let log =
        |dir: &Path| read_output(&dir.join(&program.log), MAX_OUTPUT).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let failed = |what: String| {
        let errors = backend.program_report(doc, &log(tmp.path())).errors;
        if errors.is_empty() {
            anyhow!("{what}")
        } else {
            anyhow!("{what}; from the log:\n{errors}")
        }
    };
    let name = &run.argv[0];
    for _ in 0..run.max_runs.max(1) {
        let mut cmd = Command::new(name);
        cmd.args(&run.argv[1..]).current_dir(tmp.path());
        for (k, v) in &program.env {
            cmd.env(k, v);
        }
        match process::run(&mut cmd, None, deadline, 64 * 1024) {
            Ok(f) if f.status.success() => {}
            Ok(f) => return Err(failed(format!("{name} failed ({})", f.status))),
            Err(Failure::Start(e)) => bail!("starting {name}: {e}"),
            Err(Failure::Timeout) => {
                return Err(failed(format!(
                    "{name} did not finish within {} s and was stopped (raise the limit with --option {}=SECONDS)",
                    program.timeout, program.timeout_option
                )))
            }
        }
        match &run.again_while {
            Some(needle) if log(tmp.path()).contains(needle.as_str()) => continue,
            _ => break,
        }
    }
    let bytes =
        read_output(&tmp.path().join(&program.made), MAX_OUTPUT).map_err(|_| failed(format!("{name} wrote no {}", program.made)))?;
    let report = backend.program_report(doc, &log(tmp.path()));
    let stamp_text = format!("{source_key} {} {}\n", hex(&bytes), report.pages.unwrap_or(0));
    Ok(Made {
        fresh: Some([OutputFile::new(program.output.clone(), bytes), OutputFile::new(stamp, stamp_text)]),
        diagnostics: report.diagnostics,
        pages: report.pages,
    })
}
