//! PDF from LaTeX source: runs a TeX engine in a temporary folder.
//!
//! The run is non-interactive (`-interaction=nonstopmode -halt-on-error`,
//! standard input closed), never allows shell escape (`-no-shell-escape`),
//! ignores the user's latexmk configuration (`-norc`), and is stopped after a
//! time limit. `latexmk` drives the engine when it is installed; otherwise
//! the engine runs directly, again when its log asks for a rerun. Only the
//! PDF leaves the folder. `SOURCE_DATE_EPOCH` and `FORCE_SOURCE_DATE` make the
//! engine date the PDF from the CV, so the same source gives the same bytes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};

use crate::Engine;

/// The Debian packages that give everything the default template needs.
pub const DEBIAN_PACKAGES: &str = "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk";

/// A TeX run to make.
#[derive(Clone, Debug)]
pub struct Job<'a> {
    /// The LaTeX source.
    pub tex: &'a [u8],
    /// The engine.
    pub engine: Engine,
    /// The time limit for the whole run.
    pub timeout: Duration,
    /// The date to give the PDF, in seconds since the Unix epoch.
    pub source_date_epoch: Option<i64>,
}

/// A PDF, and the characters the font could not print (XeLaTeX, LuaLaTeX).
#[derive(Debug)]
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

/// Finds a program on `PATH`.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Runs the engine on the source and returns the PDF.
pub fn compile(job: &Job) -> anyhow::Result<Pdf> {
    let engine = job.engine.program();
    if find_program(engine).is_none() {
        return Err(NoTex(format!(
            "`{engine}` is not installed, so no PDF was made. Install TeX: on Debian or Ubuntu \
             `sudo apt-get install {DEBIAN_PACKAGES}`{}; elsewhere TeX Live or MiKTeX",
            if job.engine == Engine::PdfLatex { "" } else { " plus the package that has the engine" }
        ))
        .into());
    }
    let dir = tempfile::Builder::new().prefix("vita-tex-").tempdir().context("creating a temporary folder for TeX")?;
    std::fs::write(dir.path().join("cv.tex"), job.tex).context("writing cv.tex for TeX")?;
    let deadline = Instant::now() + job.timeout;
    let engine_cmd = format!("{engine} -no-shell-escape -interaction=nonstopmode -halt-on-error -file-line-error");
    if find_program("latexmk").is_some() {
        let flag = match job.engine {
            Engine::PdfLatex => "-pdf",
            Engine::XeLatex => "-pdfxe",
            Engine::LuaLatex => "-pdflua",
        };
        let mut cmd = Command::new("latexmk");
        cmd.args(["-norc", flag, "-silent"]).arg(format!("-{engine}={engine_cmd} %O %S")).arg("cv.tex");
        run(cmd, dir.path(), job, deadline)?;
    } else {
        for _ in 0..3 {
            let mut cmd = Command::new(engine);
            cmd.args(["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "cv.tex"]);
            run(cmd, dir.path(), job, deadline)?;
            let log = std::fs::read_to_string(dir.path().join("cv.log")).unwrap_or_default();
            if !log.contains("Rerun to get") {
                break;
            }
        }
    }
    let bytes = std::fs::read(dir.path().join("cv.pdf")).map_err(|_| anyhow!("{engine} wrote no PDF{}", log_excerpt(dir.path())))?;
    let log = std::fs::read(dir.path().join("cv.log")).unwrap_or_default();
    let log = String::from_utf8_lossy(&log);
    Ok(Pdf { bytes, missing: missing_characters(&log), pages: pages(&log) })
}

fn run(mut cmd: Command, dir: &Path, job: &Job, deadline: Instant) -> anyhow::Result<()> {
    cmd.current_dir(dir).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(t) = job.source_date_epoch {
        cmd.env("SOURCE_DATE_EPOCH", t.to_string()).env("FORCE_SOURCE_DATE", "1");
    }
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let program = cmd.get_program().to_string_lossy().to_string();
    let mut child = cmd.spawn().with_context(|| format!("starting {program}"))?;
    loop {
        if let Some(status) = child.try_wait()? {
            if status.success() {
                return Ok(());
            }
            bail!("{program} failed ({status}){}", log_excerpt(dir));
        }
        if Instant::now() >= deadline {
            kill_group(&mut child);
            bail!(
                "{program} did not finish within {} s and was stopped (raise the limit with --option latex.timeout=SECONDS){}",
                job.timeout.as_secs(),
                log_excerpt(dir)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Stops the engine and whatever it started.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill").args(["-s", "KILL", "--"]).arg(format!("-{}", child.id())).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The error lines of the TeX log, each with the two lines after it.
fn log_excerpt(dir: &Path) -> String {
    let Ok(log) = std::fs::read(dir.join("cv.log")) else { return String::new() };
    let log = String::from_utf8_lossy(&log);
    let excerpt = error_lines(&log);
    if excerpt.is_empty() {
        String::new()
    } else {
        format!("; from the TeX log:\n{excerpt}")
    }
}

/// The lines of a TeX log that say what went wrong.
pub fn error_lines(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() && out.len() < 24 {
        let l = lines[i];
        let is_error = l.starts_with('!') || is_file_line_error(l);
        if is_error {
            out.extend(lines[i..(i + 3).min(lines.len())].iter().filter(|l| !l.trim().is_empty()));
            i += 3;
        } else {
            i += 1;
        }
    }
    out.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// The page count from `Output written on cv.pdf (3 pages, 123 bytes).`
pub fn pages(log: &str) -> Option<u32> {
    let at = log.rfind("Output written on ")?;
    let rest = &log[at..];
    let open = rest.find('(')?;
    rest[open + 1..].split_whitespace().next()?.parse().ok()
}

/// A `-file-line-error` line: `FILE:LINE: message`.
fn is_file_line_error(line: &str) -> bool {
    let mut parts = line.splitn(3, ':');
    let (Some(file), Some(number), Some(rest)) = (parts.next(), parts.next(), parts.next()) else { return false };
    !file.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with(' ')
}

/// The characters a log reports missing from the font
/// (`Missing character: There is no 中 (U+4E2D) in font ...`).
pub fn missing_characters(log: &str) -> Vec<char> {
    let mut out = Vec::new();
    for line in log.lines() {
        let Some(rest) = line.strip_prefix("Missing character: There is no ") else { continue };
        let c = rest
            .find("(U+")
            .and_then(|i| u32::from_str_radix(rest[i + 3..].split(')').next().unwrap_or(""), 16).ok())
            .and_then(char::from_u32)
            .or_else(|| rest.chars().next());
        if let Some(c) = c {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_errors_and_missing_characters_from_a_log() {
        let log = "This is pdfTeX\n(./cv.tex\n./cv.tex:12: Undefined control sequence.\nl.12 \\foo\n          bar\nmore\n! Emergency stop.\n<*> cv.tex\n\nMissing character: There is no 中 (U+4E2D) in font [texgyrepagella-regular.otf]:mode=node;!\n";
        assert_eq!(
            error_lines(log),
            "  ./cv.tex:12: Undefined control sequence.\n  l.12 \\foo\n            bar\n  ! Emergency stop.\n  <*> cv.tex"
        );
        assert_eq!(missing_characters(log), vec!['中']);
        assert_eq!(pages("...\nOutput written on cv.pdf (3 pages, 198905 bytes).\nTranscript"), Some(3));
        let fatal = "(/usr/share/texlive/texmf-dist/tex/latex/base/fontenc.sty\n/usr/share/texlive/texmf-dist/tex/latex/base/fontenc.sty:112: Font \\TU/lmr/m/n/1\n0.95=[lmroman10-regular]:+tlig; at 10.95pt not loadable\n";
        assert!(error_lines(fatal).starts_with("  /usr/share/texlive/texmf-dist/tex/latex/base/fontenc.sty:112: Font"));
    }
}
