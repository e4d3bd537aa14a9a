//! PDF from LaTeX source: what to run and how to read the log. The CLI
//! runs the commands (in a temporary folder, with a time limit); this
//! module only says what they are.
//!
//! The run is non-interactive (`-interaction=nonstopmode -halt-on-error`,
//! standard input closed), never allows shell escape (`-no-shell-escape`),
//! ignores the user's latexmk configuration (`-norc`), and is stopped after a
//! time limit. `latexmk` drives the engine when it is installed; otherwise
//! the engine runs directly, again when its log asks for a rerun. Only the
//! PDF leaves the folder. `SOURCE_DATE_EPOCH` and `FORCE_SOURCE_DATE` make the
//! engine date the PDF from the CV, so the same source gives the same bytes.

use crate::Engine;

/// The Debian packages that give everything the default template needs.
pub const DEBIAN_PACKAGES: &str = "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk";

/// The command line that makes `cv.pdf` from `cv.tex` with latexmk driving
/// `engine`: non-interactive, no shell escape, the user's latexmk
/// configuration ignored.
pub fn latexmk_command(engine: Engine) -> Vec<String> {
    let program = engine.program();
    let flag = match engine {
        Engine::PdfLatex => "-pdf",
        Engine::XeLatex => "-pdfxe",
        Engine::LuaLatex => "-pdflua",
    };
    vec![
        "latexmk".into(),
        "-norc".into(),
        flag.into(),
        "-silent".into(),
        format!("-{program}={program} -no-shell-escape -interaction=nonstopmode -halt-on-error -file-line-error %O %S"),
        "cv.tex".into(),
    ]
}

/// The command line of one engine run on `cv.tex` (without latexmk; run
/// again while [`needs_rerun`] says so, three times at most).
pub fn engine_command(engine: Engine) -> Vec<String> {
    [engine.program(), "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "cv.tex"]
        .map(str::to_string)
        .to_vec()
}

/// Whether a log asks for another run (cross-references changed).
pub fn needs_rerun(log: &str) -> bool {
    log.contains("Rerun to get")
}

/// What to say when the engine is not installed.
pub fn install_hint(engine: Engine) -> String {
    format!(
        "`{}` is not installed, so no PDF was made. Install TeX: on Debian or Ubuntu \
         `sudo apt-get install {DEBIAN_PACKAGES}`{}; elsewhere TeX Live or MiKTeX",
        engine.program(),
        if engine == Engine::PdfLatex { "" } else { " plus the package that has the engine" }
    )
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
