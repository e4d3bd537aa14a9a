//! Making `cv.pdf` from the LaTeX backend's `cv.tex`: the commands the
//! LaTeX crate names ([`vita_latex::pdf`]), run through [`crate::process`]
//! in a temporary folder, with a time limit over the whole run. Only the PDF
//! leaves the folder. `SOURCE_DATE_EPOCH` and `FORCE_SOURCE_DATE` make the
//! engine date the PDF from the CV, so the same source gives the same bytes.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};
use vita_latex::pdf::{engine_command, error_lines, install_hint, latexmk_command, missing_characters, needs_rerun, pages};
use vita_latex::Engine;

use crate::input::read_bytes;
use crate::process::{self, Failure};

/// The largest PDF or log vita reads back from TeX.
const MAX_PDF: u64 = 256 * 1024 * 1024;

/// A TeX run to make.
pub struct Job<'a> {
    /// The LaTeX source.
    pub tex: &'a [u8],
    /// The engine.
    pub engine: Engine,
    /// Seconds the whole run may take.
    pub timeout: u64,
    /// The date to give the PDF, in seconds since the Unix epoch.
    pub source_date_epoch: i64,
}

/// A PDF, and what its log says.
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Characters the engine reported missing from the font.
    pub missing: Vec<char>,
    /// The number of pages, as the engine reported it.
    pub pages: Option<u32>,
}

/// The error when the TeX engine is not installed (the message says what to install).
#[derive(Debug)]
pub struct NoTex(pub String);

impl std::fmt::Display for NoTex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoTex {}

/// Runs the engine on the source and returns the PDF.
pub fn compile(job: &Job) -> anyhow::Result<Pdf> {
    let engine = job.engine.program();
    if process::find_program(engine).is_none() {
        return Err(NoTex(install_hint(job.engine)).into());
    }
    let dir = process::temp_dir("tex").context("creating a temporary folder for TeX")?;
    std::fs::write(dir.path().join("cv.tex"), job.tex).context("writing cv.tex for TeX")?;
    let deadline = process::deadline(job.timeout);
    if process::find_program("latexmk").is_some() {
        run(&latexmk_command(job.engine), dir.path(), job, deadline)?;
    } else {
        for _ in 0..3 {
            run(&engine_command(job.engine), dir.path(), job, deadline)?;
            if !needs_rerun(&log(dir.path())) {
                break;
            }
        }
    }
    let bytes = read_bytes(&dir.path().join("cv.pdf"), MAX_PDF).map_err(|_| anyhow!("{engine} wrote no PDF{}", excerpt(dir.path())))?;
    let log = log(dir.path());
    Ok(Pdf { bytes, missing: missing_characters(&log), pages: pages(&log) })
}

fn run(argv: &[String], dir: &Path, job: &Job, deadline: Instant) -> anyhow::Result<()> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(dir);
    cmd.env("SOURCE_DATE_EPOCH", job.source_date_epoch.to_string()).env("FORCE_SOURCE_DATE", "1");
    let program = &argv[0];
    match process::run(&mut cmd, None, deadline, 64 * 1024) {
        Ok(f) if f.status.success() => Ok(()),
        Ok(f) => bail!("{program} failed ({}){}", f.status, excerpt(dir)),
        Err(Failure::Start(e)) => Err(anyhow!("starting {program}: {e}")),
        Err(Failure::Timeout) => bail!(
            "{program} did not finish within {} s and was stopped (raise the limit with --option latex.timeout=SECONDS){}",
            job.timeout,
            excerpt(dir)
        ),
    }
}

fn log(dir: &Path) -> String {
    read_bytes(&dir.join("cv.log"), MAX_PDF).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

/// The error lines of the TeX log, each with the two lines after it.
fn excerpt(dir: &Path) -> String {
    let lines = error_lines(&log(dir));
    if lines.is_empty() {
        String::new()
    } else {
        format!("; from the TeX log:\n{lines}")
    }
}
