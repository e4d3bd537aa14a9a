//! LaTeX output: a classic academic CV as LaTeX source (`cv.tex`), and a PDF
//! from it ([`pdf`]).
//!
//! The template `formats/latex/cv.tex.hbs` writes an `article` with the name
//! and contact lines centred at the top, small-capital section headings over
//! a rule, entries with their dates right-aligned, and a numbered publication
//! list (`[3]`, `[4]`, ... as the CV numbers them) with the owner's name in
//! bold, `*` marks for equal contribution explained after the list, the venue
//! in italics, the acceptance rate and paper awards on their own lines, and
//! research projects linking to the publications they cite. It uses only
//! packages from Debian's texlive-latex-base, texlive-latex-recommended and
//! texlive-fonts-recommended (`geometry`, `fontenc`, `tgpagella`, `microtype`,
//! `hyperref`).
//!
//! Escaping lives in [`escape`]: every string reaches the template escaped,
//! and rich text becomes `\emph`, `\textbf`, `\texttt` and `\href`.
//!
//! Options (`--option latex.NAME=VALUE`):
//! - `engine`: `pdflatex` (default), `xelatex` or `lualatex`. pdfLaTeX
//!   prints Latin scripts, Greek (as math letters) and common symbols; any
//!   other character is printed as a fallback and reported as a warning that
//!   names the field. XeLaTeX and LuaLaTeX print every character the font has.
//! - `font`: the main font for XeLaTeX and LuaLaTeX (a font name known to the
//!   engine, such as `Noto Serif`); default TeX Gyre Pagella, which
//!   texlive-fonts-recommended installs.
//!
//! Mapping: every field of the view is printed, as in the HTML output; links
//! are live in the PDF.

pub mod escape;
pub mod pdf;

use anyhow::bail;
use serde::Serialize;
use vita_backend::{Backend, Diagnostic, Document, Options, Page, Program, ProgramReport, Rendered, Run};
use vita_view::compiled::Templates;
use vita_view::{view, Markup};

pub use escape::Engine;

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] = &[("cv.tex.hbs", include_str!("../../../formats/latex/cv.tex.hbs"))];

/// The options this backend reads from [`Options::extra`].
pub const OPTIONS: &[(&str, &str)] = &[
    ("engine", "pdflatex (default), xelatex or lualatex"),
    ("font", "main font for xelatex and lualatex (default TeX Gyre Pagella)"),
    ("timeout", "seconds a --pdf run may take (default 120)"),
];

/// The LaTeX backend.
pub struct Latex;

/// LaTeX markup for one engine.
pub struct LatexMarkup(pub Engine);

impl Markup for LatexMarkup {
    fn escape(&self, text: &str) -> String {
        escape::escape(text, self.0)
    }

    fn escape_url(&self, url: &str) -> String {
        escape::escape_url(url)
    }

    fn emph(&self, rendered: &str) -> String {
        format!("\\emph{{{rendered}}}")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("\\textbf{{{rendered}}}")
    }

    fn code(&self, raw: &str) -> String {
        format!("\\texttt{{{}}}", self.escape(raw))
    }

    fn line_break(&self) -> &'static str {
        "\\newline{}"
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("\\href{{{}}}{{{text}}}", escape::escape_url(&view::href(url)))
    }
}

/// The engine and font an [`Options`] asks for.
pub fn engine_of(options: &Options) -> anyhow::Result<Engine> {
    match options.extra.get("engine") {
        None => Ok(Engine::PdfLatex),
        Some(name) => match Engine::parse(name) {
            Some(e) => Ok(e),
            None => bail!("unknown TeX engine `{name}` (use pdflatex, xelatex or lualatex)"),
        },
    }
}

/// The default templates compiled into Rust by `build.rs`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

#[derive(Serialize)]
struct TexPage {
    #[serde(flatten)]
    view: view::View,
    paper: &'static str,
    /// The font set-up lines of the preamble, for the engine.
    fonts: String,
    /// The language set-up lines (babel), each after a line break; empty for English.
    language: String,
}

/// The view's fields are the page's, as `flatten` has them for Handlebars.
impl std::ops::Deref for TexPage {
    type Target = view::View;
    fn deref(&self) -> &view::View {
        &self.view
    }
}
vita_view::template_values!(TexPage);

/// Babel's set-up for the CV's language (its primary subtag, from babel's
/// own locale files), or a warning when the engine cannot set its script.
fn language(lang: &str, engine: Engine) -> (String, Option<Diagnostic>) {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    if primary == "en" || primary.is_empty() || !primary.chars().all(|c| c.is_ascii_lowercase()) {
        return (String::new(), None);
    }
    let (import, name) = match primary.as_str() {
        "de" => ("de", "german"),
        "fr" => ("fr", "french"),
        "es" => ("es", "spanish"),
        "it" => ("it", "italian"),
        "pt" => ("pt", "portuguese"),
        "nl" => ("nl", "dutch"),
        "pl" => ("pl", "polish"),
        "zh" => ("zh-Hans", "chinese"),
        "ja" => ("ja", "japanese"),
        "ko" => ("ko", "korean"),
        other => (other, other),
    };
    if matches!(primary.as_str(), "zh" | "ja" | "ko") && engine != Engine::LuaLatex {
        let warning = Diagnostic::warning(
            "",
            format!(
                "{} cannot set the script of `{lang}`: its words stay in the .tex, without babel (build with -O latex.engine=lualatex and -O latex.font=NAME of a font that has the script, such as Noto Serif CJK)",
                engine.program()
            ),
        );
        return (String::new(), Some(warning));
    }
    (format!("\n\\usepackage{{babel}}\n\\babelprovide[import={import}, main]{{{name}}}"), None)
}

fn fonts(engine: Engine, font: Option<&str>) -> String {
    match engine {
        Engine::PdfLatex => {
            "\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{textcomp}\n\\usepackage{tgpagella}".into()
        }
        Engine::XeLatex | Engine::LuaLatex => {
            let main = match font {
                Some(f) => format!("\\setmainfont{{{}}}[Ligatures=TeXOff]", escape::escape(f, engine)),
                None => "\\setmainfont{texgyrepagella}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold, ItalicFont=*-italic, BoldItalicFont=*-bolditalic, Ligatures=TeXOff]".into(),
            };
            // TeX ligatures (`--`, `<<`, `,,`) are off: text is escaped and
            // typographic characters arrive as themselves.
            format!("\\usepackage{{fontspec}}\n{main}")
        }
    }
}

/// Warnings for the characters an engine cannot typeset, naming each field.
pub fn character_warnings(doc: &Document, engine: Engine) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    vita_model::validate::for_chars_where(&doc.cv, |c| escape::unsupported(c, engine).is_some(), &mut |path, c| {
        let fallback = escape::unsupported(c, engine).unwrap_or_default();
        out.push(Diagnostic::warning(
            path,
            format!(
                "{} cannot typeset `{c}` (U+{:04X}); printed as `{fallback}` (build with --option latex.engine=lualatex and a font that has it)",
                engine.program(),
                c as u32
            ),
        ));
    });
    out
}

impl Backend for Latex {
    fn name(&self) -> &'static str {
        "latex"
    }

    fn description(&self) -> &'static str {
        "LaTeX source of a classic academic CV (cv.tex); with --pdf, also cv.pdf"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.tex")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn options(&self) -> &'static [(&'static str, &'static str)] {
        OPTIONS
    }

    fn pdf_by_program(&self) -> bool {
        true
    }

    fn check_option(&self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "engine" if Engine::parse(value).is_none() => Err("use pdflatex, xelatex or lualatex".into()),
            "timeout" if !value.parse::<u64>().is_ok_and(|t| (1..=86_400).contains(&t)) => {
                Err("a whole number of seconds from 1 to 86400".into())
            }
            _ => Ok(()),
        }
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let engine = engine_of(options)?;
        // Values are escaped when the view is built; the template inserts
        // them as they are.
        let templates = Templates::choose(compiled::SOURCES, TEMPLATES, &options.templates, vita_view::engine::verbatim)?;
        let markup = LatexMarkup(engine);
        let view = view::Builder::with_options(doc, &markup, options).build();
        let (lang_setup, mut lang_warning) = language(options.language(doc), engine);
        if options.lang.is_none() {
            // The CV's own language: the warning points at it.
            lang_warning = lang_warning.map(|mut w| {
                w.path = "settings.lang".into();
                w
            });
        }
        let page = TexPage {
            view,
            paper: match options.page {
                Page::Letter => "letterpaper",
                _ => "a4paper",
            },
            fonts: fonts(engine, options.extra.get("font").map(String::as_str)),
            language: lang_setup,
        };
        let tex = templates.render("cv.tex", page, None, doc.cv.output_room(), compiled::cv_tex)?;
        let mut tex = tidy(&tex);
        if !tex.ends_with('\n') {
            tex.push('\n');
        }
        let mut rendered = Rendered::single(format!("{}.tex", options.basename), tex.clone());
        rendered.diagnostics = character_warnings(doc, engine);
        rendered.diagnostics.extend(lang_warning);
        rendered.program = Some(pdf_program(doc, options, engine, tex)?);
        Ok(rendered)
    }

    fn program_report(&self, doc: &Document, log: &str) -> ProgramReport {
        let mut report = ProgramReport::default();
        for c in pdf::missing_characters(log) {
            let mut fields = Vec::new();
            vita_model::validate::walk_strings(&doc.cv, &mut |path, text| {
                if text.contains(c) {
                    fields.push(path.to_string());
                }
            });
            report.diagnostics.push(Diagnostic::warning(
                "",
                format!(
                    "the font has no `{c}` (U+{:04X}), used in {}; choose one that has it with -O latex.font=NAME",
                    c as u32,
                    fields.join(", ")
                ),
            ));
        }
        report.pages = pdf::pages(log);
        report.errors = pdf::error_lines(log);
        report
    }
}

/// The TeX run that makes `cv.pdf`: latexmk when it is installed, else the
/// engine alone (again while the log asks for a rerun); dated from the CV
/// (`SOURCE_DATE_EPOCH`, `FORCE_SOURCE_DATE`) so the same source gives the same PDF.
fn pdf_program(doc: &Document, options: &Options, engine: Engine, tex: String) -> anyhow::Result<Program> {
    let timeout = match options.extra.get("timeout") {
        Some(t) => t.parse::<u64>().map_err(|_| anyhow::anyhow!("latex.timeout=`{t}` is not a number of seconds"))?,
        None => 120,
    };
    let epoch = vita_view::dates::document_epoch(doc, options);
    let mut p = Program::default();
    p.output = format!("{}.pdf", options.basename);
    p.made = "cv.pdf".into();
    p.inputs = vec![vita_backend::OutputFile::new("cv.tex", tex)];
    p.requires = vec![engine.program().to_string()];
    p.runs = vec![Run::once(pdf::latexmk_command(engine)), Run::repeated(pdf::engine_command(engine), "Rerun to get", 3)];
    p.log = "cv.log".into();
    p.env = vec![("SOURCE_DATE_EPOCH".into(), epoch.to_string()), ("FORCE_SOURCE_DATE".into(), "1".into())];
    p.timeout = timeout;
    p.not_installed = pdf::install_hint(engine);
    p.timeout_option = "latex.timeout".into();
    Ok(p)
}

/// Drops trailing spaces and runs of blank lines (a blank line is a
/// paragraph break; two say nothing more).
fn tidy(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut blank = 0;
    for line in tex.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    /// The default templates (and the built-in themes') render through the
    /// code `build.rs` compiled from them, not the engine.
    #[test]
    fn the_default_templates_are_compiled_in() {
        vita_view::compiled::covers("latex", super::compiled::SOURCES, super::TEMPLATES).unwrap();
    }
}
