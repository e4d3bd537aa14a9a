//! The LaTeX backend and `--pdf`: the seed and the hostile example compile
//! to PDF, the PDF's text holds what the CV says, verbatim; a build without
//! TeX fails clearly and still writes the other outputs; an unchanged source
//! is not compiled again. Needs pdflatex, latexmk and pdftotext (fails
//! under `CI=true` without them).

use std::path::Path;
use std::process::Command;

use crate::common::*;

const TEX: &str = "apt-get install -y texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk poppler-utils";

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

fn tex_ready() -> bool {
    for tool in ["pdflatex", "latexmk", "pdftotext"] {
        if !have(tool) {
            missing(tool, TEX);
            return false;
        }
    }
    true
}

/// Builds with `--pdf` and returns the PDF's text, whitespace collapsed and
/// line-end hyphens joined both ways (kept, and removed).
fn pdf_text(example: &str, dir: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec!["build", example, "--pdf", "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = vita(&args);
    assert!(run.status.success(), "{example}: {}", String::from_utf8_lossy(&run.stderr));
    let out = Command::new("pdftotext").arg(dir.join("cv.pdf")).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap().replace('µ', "μ");
    let kept = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined = text.replace("-\n", "").split_whitespace().collect::<Vec<_>>().join(" ");
    (kept, joined)
}

fn contains(text: &(String, String), what: &str) -> bool {
    let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
    text.0.contains(&what) || text.1.contains(&what)
}

#[test]
fn the_seed_compiles_and_its_pdf_holds_every_publication_title() {
    if !tex_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Every format into one folder (without --format, the seed builds its
    // targets), but those that write cv.pdf themselves: the PDF is TeX's.
    let all: Vec<&str> =
        vita::registry::BACKENDS.iter().filter(|b| !vita::registry::writes_pdf(**b)).flat_map(|b| ["-f", b.name()]).collect();
    let text = pdf_text("examples/seojin-park.ron", dir.path(), &all);
    let src = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    let doc = vita_model::load(&src).document.unwrap();
    let titles: Vec<String> = doc.cv.publications().map(|p| p.title.clone()).collect();
    assert_eq!(titles.len(), 12);
    for t in &titles {
        assert!(contains(&text, t), "the PDF lacks the title {t:?}");
    }
    for fact in [
        "Seo Jin Park",
        "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS.",
        "Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
        "[14] The RAMCloud Storage System",
        "low-latency consensus: [11] [8] [10]",
        "(*co-first author)",
    ] {
        assert!(contains(&text, fact), "the PDF lacks {fact:?}");
    }
    // Only the outputs and the stamp are left in the folder: no TeX files.
    let mut names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut want: Vec<String> = [".cv.pdf.stamp", ".vita-manifest", "cv.pdf"].map(String::from).to_vec();
    want.extend(every_format_file().into_iter().filter(|n| n != "cv.pdf" && n != "cv.typ"));
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn hostile_text_prints_literally() {
    if !tex_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = vita(&["build", "examples/hostile.ron", "--pdf", "-f", "latex", "-o", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains(
        "examples/hostile.ron: warning: latex: sections[2].entries[1].description: pdflatex cannot typeset `中` (U+4E2D); printed as `?` (build with --option latex.engine=lualatex and a font that has it)\n"
    ), "{stderr}");
    let text = pdf_text("examples/hostile.ron", dir.path(), &["-f", "latex"]);
    for literal in [
        r#"Zoë <script>alert(1)</script> O'Brien & "Co" {x} 100% $5 #1 a_b ~c ^d \input{/etc/passwd}"#,
        r"\write18{rm -rf /} \def\x{y}",
        "A & B: <i>Not italic</i> {C} 100% \\emph{no}",
        "μs-scale $math$ _under_ ^caret^ ~tilde~ #hash",
        "\\input{x} \\write18{y} \\def\\z{}",
        "Łódź Dvořák Ærøskøbing",
        "“x” ‘y’ „z“ «g»",
        "-- ,, << >> !` ?`",
        "Acceptance rate for \"fall\" & <spring>: 33.3%, 1 out of 3.",
    ] {
        assert!(contains(&text, literal), "the PDF lacks {literal:?}:\n{}", text.0);
    }
}

#[test]
fn lualatex_prints_every_character_its_font_has() {
    if !tex_ready() {
        return;
    }
    if !have("lualatex") || !Path::new("/usr/share/texlive/texmf-dist/tex/luatex/luaotfload/luaotfload-main.lua").exists() {
        return missing("LuaLaTeX with luaotfload", "apt-get install -y texlive-luatex");
    }
    let dir = tempfile::tempdir().unwrap();
    let run =
        vita(&["build", "examples/hostile.ron", "--pdf", "-f", "latex", "-O", "latex.engine=lualatex", "-o", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("cannot typeset"), "{stderr}");
    assert!(stderr.contains(
        "examples/hostile.ron: warning: latex: the font has no `中` (U+4E2D), used in sections[2].entries[1].description; choose one that has it with -O latex.font=NAME\n"
    ), "{stderr}");
    let text = pdf_text("examples/hostile.ron", dir.path(), &["-f", "latex", "-O", "latex.engine=lualatex"]);
    for literal in ["Țară Ğ “x” ‘y’ „z“ «g» … — – € № ™ ≤ ≥ −1 ∞ Ωμ -- ,, << >> !` ?`", "Αθ", "να — “quoted”"]
    {
        assert!(contains(&text, literal), "the PDF lacks {literal:?}:\n{}", text.0);
    }
}

#[test]
fn pdfs_are_reproducible_and_not_rebuilt_from_the_same_source() {
    if !tex_ready() {
        return;
    }
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let run = vita(&["build", "examples/minimal.ron", "--pdf", "-f", "latex", "-o", d.path().to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
    let same = |x: &Path, y: &Path| std::fs::read(x.join("cv.pdf")).unwrap() == std::fs::read(y.join("cv.pdf")).unwrap();
    assert!(same(a.path(), b.path()), "two builds of one source gave different PDFs");
    let again = vita(&["build", "examples/minimal.ron", "--pdf", "-f", "latex", "-o", a.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("cv.pdf is up to date (made from the same source)"), "{stderr}");
    // A changed PDF is made again.
    std::fs::write(a.path().join("cv.pdf"), b"not a pdf").unwrap();
    let third = vita(&["build", "examples/minimal.ron", "--pdf", "-f", "latex", "-o", a.path().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&third.stderr).contains(&format!("wrote {}", a.path().join("cv.pdf").display())));
    assert!(same(a.path(), b.path()), "the PDF made again differs");
}

#[test]
fn a_tex_error_shows_the_log_lines() {
    if !tex_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir(&theme).unwrap();
    let template = std::fs::read_to_string(root().join("formats/latex/cv.tex.hbs")).unwrap();
    std::fs::write(theme.join("cv.tex.hbs"), template.replace("\\begin{document}", "\\begin{document}\n\\notacommand")).unwrap();
    let out = dir.path().join("out");
    let run = vita(&[
        "build",
        "examples/minimal.ron",
        "--pdf",
        "-f",
        "latex",
        "-f",
        "html",
        "--templates",
        theme.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error: making cv.pdf: latexmk failed"), "{stderr}");
    assert!(stderr.contains("./cv.tex:") && stderr.contains(": Undefined control sequence."), "{stderr}");
    assert!(stderr.contains("\\notacommand"), "{stderr}");
    assert!(out.join("cv.tex").exists() && out.join("cv.html").exists() && !out.join("cv.pdf").exists());
}

#[test]
fn without_tex_the_pdf_fails_clearly_and_the_other_outputs_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["build", "examples/minimal.ron", "--pdf", "-f", "latex", "-f", "html", "-o", dir.path().to_str().unwrap()])
        .current_dir(root())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with(
            "error: making cv.pdf: `pdflatex` is not installed, so no PDF was made. Install TeX: on Debian or Ubuntu \
             `sudo apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk`; \
             elsewhere TeX Live or MiKTeX\n"
        ),
        "{stderr}"
    );
    for name in ["cv.tex", "cv.html"] {
        assert!(dir.path().join(name).exists(), "{name} was not written");
    }
    assert!(!dir.path().join("cv.pdf").exists());
}

#[test]
fn a_bad_option_is_bad_input() {
    let run = vita(&["build", "examples/minimal.ron", "-O", "latex.engin=xelatex", "-o", "-", "-f", "latex"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&run.stderr), "error: bad option `latex.engin=xelatex` (did you mean `latex.engine`?)\n");
    let run = vita(&["build", "examples/minimal.ron", "-O", "latex.engine=context", "-o", "-", "-f", "latex"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&run.stderr), "error: bad option `latex.engine=context` (use pdflatex, xelatex or lualatex)\n");
}
