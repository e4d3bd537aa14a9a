//! Typst output: the CV as Typst source (`cv.typ`), and the PDF made from
//! it in this process by the Typst compiler (`cv.pdf`), with fonts bundled
//! in the binary. No TeX, no external program, no network.
//!
//! The template `formats/typst/cv.typ.hbs` writes the same classic academic
//! CV as the LaTeX backend: the name and contact lines at the top, section
//! headings in small capitals over a rule, entries with their dates
//! right-aligned, and the numbered publication list with hanging `[n]`
//! labels, the owner's name in bold, equal-contribution marks with their
//! note, venues in italics, acceptance lines and paper awards. Entries never
//! break across pages and headings stay with what follows them.
//!
//! Every value from the CV reaches the template escaped for Typst markup or
//! as a Typst string literal ([`escape`]), so no value becomes code.
//!
//! The PDF ([`compile`]) is tagged (accessible), dated from the CV's
//! `updated` date (or `SOURCE_DATE_EPOCH`), carries the title
//! "Name — Curriculum Vitae", the author and the research areas as
//! keywords, and is byte-identical for the same source.
//!
//! Options (`--option typst.NAME=VALUE`):
//! - `font`: the main font, by family name: one in `font-path`, or a font
//!   installed on the system; the bundled Libertinus Serif stays the
//!   fallback for characters it lacks.
//! - `font-path`: a folder of font files (`.ttf`, `.otf`, `.ttc`) to load.
//! - `standard`: `ua-1` (PDF/UA-1), `a-2b` (PDF/A-2b), or both (`a-2b,ua-1`).

pub mod compile;
pub mod escape;

use serde::Serialize;
use vita_backend::{Backend, Diagnostic, Document, FontRequest, Options, OutputFile, Page, Rendered};
use vita_view::compiled::Templates;
use vita_view::{engine, view, Markup};

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("cv.typ.hbs", include_str!("../../../formats/typst/cv.typ.hbs")),
    ("theme.typ.hbs", include_str!("../../../formats/typst/theme.typ.hbs")),
];

/// The options this backend reads from [`Options::extra`].
pub const OPTIONS: &[(&str, &str)] = &[
    ("font", "main font family: one in font-path or installed on the system (default: the bundled Libertinus Serif)"),
    ("font-path", "a folder of font files (.ttf, .otf, .ttc) to load"),
    ("standard", "PDF standard: ua-1 (PDF/UA-1), a-2b (PDF/A-2b), or a-2b,ua-1"),
    ("attach-europass", "true: attach the Europass XML (cv.europass.xml) to the PDF, as the Europass editor's PDFs carry it"),
    ("timeout", "seconds the typesetting may take before vita stops it (default 120)"),
];

/// The longest Typst source typeset: Typst holds the whole laid-out
/// document in memory, about 540 bytes per byte of source (a 10,000-entry
/// CV: 2 MB of source, 648 pages, 1.1 GiB), so this bounds a build near
/// 1.7 GiB, about 15,000 entries.
pub const MAX_SOURCE: usize = 3 * 1024 * 1024;

/// The Typst backend.
pub struct Typst;

/// Typst markup: text escaped, rich text as `#emph[...]`, `#strong[...]`,
/// `#raw("...")` and `#link("...")[...]`, each closed with `;` so that text
/// after it is never read as part of the call.
pub struct TypstMarkup;

impl Markup for TypstMarkup {
    fn escape(&self, text: &str) -> String {
        escape::markup(text)
    }

    /// An address as a Typst string literal, quotes included.
    fn escape_url(&self, url: &str) -> String {
        escape::string(url)
    }

    fn emph(&self, rendered: &str) -> String {
        format!("#emph[{rendered}];")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("#strong[{rendered}];")
    }

    fn code(&self, raw: &str) -> String {
        format!("#raw({});", escape::string(raw))
    }

    fn line_break(&self) -> &'static str {
        "#linebreak();"
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("#link({})[{text}];", escape::string(&view::href(url)))
    }
}

/// The default templates compiled into Rust by `build.rs`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

#[derive(Serialize)]
struct TypstPage {
    #[serde(flatten)]
    view: view::View,
    /// `"a4"` or `"us-letter"`, as Typst names paper.
    paper: &'static str,
    /// The text font list, a Typst array expression.
    fonts: String,
    /// The mono font list, a Typst array expression.
    mono: String,
    /// The document's metadata, as Typst string literals.
    meta: Meta,
    /// The text language as `set text` arguments (`lang: "en", region: "GB"`).
    language: String,
    /// The theme's option values, checked by kind.
    theme: std::collections::BTreeMap<String, String>,
    /// The photo's file name beside cv.typ (`photo.jpg`), as a Typst string literal.
    photo: Option<String>,
    /// In a theme with icons, the drawings as a Typst dictionary of string literals.
    icons: Option<String>,
}

/// The view's fields are the page's, as `flatten` has them for Handlebars.
impl std::ops::Deref for TypstPage {
    type Target = view::View;
    fn deref(&self) -> &view::View {
        &self.view
    }
}
vita_view::template_values!(TypstPage, Meta);

/// The main font: the `font` option's, else the theme's.
fn main_font<'a>(options: &'a Options, theme: &'a std::collections::BTreeMap<String, String>) -> Option<&'a str> {
    options.extra.get("font").or_else(|| theme.get("font")).map(String::as_str)
}

/// Whether a family is one of the bundled ones.
fn is_bundled(family: &str) -> bool {
    [compile::TEXT_FAMILY, compile::SANS_FAMILY, compile::MONO_FAMILY].iter().any(|b| b.eq_ignore_ascii_case(family))
}

/// `set text` arguments for a BCP 47 tag: its language and region subtags,
/// as Typst takes them (`en-GB` gives `lang: "en", region: "GB"`).
fn language_args(tag: &str) -> String {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return String::new();
    }
    let mut out = format!("lang: {}", escape::string(&primary.to_ascii_lowercase()));
    if let Some(region) = parts.take_while(|p| p.len() != 1).find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic())) {
        out.push_str(&format!(", region: {}", escape::string(&region.to_ascii_uppercase())));
    }
    out.push_str(", ");
    out
}

#[derive(Serialize)]
struct Meta {
    title: String,
    author: String,
    /// A Typst array of string literals (the research areas).
    keywords: String,
}

/// The PDF standards an option value names.
pub fn standards(value: &str) -> Result<Vec<typst_pdf::PdfStandard>, String> {
    let mut out = Vec::new();
    if value.trim().is_empty() {
        return Ok(out);
    }
    for part in value.split(',').map(str::trim) {
        out.push(match part.to_ascii_lowercase().as_str() {
            "ua-1" => typst_pdf::PdfStandard::Ua_1,
            "a-2b" => typst_pdf::PdfStandard::A_2b,
            "a-2u" => typst_pdf::PdfStandard::A_2u,
            "a-3b" => typst_pdf::PdfStandard::A_3b,
            _ => {
                return Err(format!("`{part}` is not a PDF standard vita knows (use ua-1, a-2b, a-2u, a-3b, or a list such as a-2b,ua-1)"))
            }
        });
    }
    Ok(out)
}

fn font_list(first: Option<&str>, fallback: &str, (cjk, arabic): (bool, bool)) -> String {
    let mut names: Vec<String> = first.into_iter().map(escape::string).collect();
    if !first.is_some_and(|f| f.eq_ignore_ascii_case(fallback)) {
        names.push(escape::string(fallback));
    }
    // Chinese, Japanese and Korean text in the bundled CJK face (after the
    // others, so Latin text keeps its own face).
    if cjk {
        names.push(escape::string(compile::CJK_FAMILY));
    }
    if arabic {
        names.push(escape::string(compile::ARABIC_FAMILY));
    }
    format!("({},)", names.join(", "))
}

/// Whether the CV or the words vita adds have Chinese, Japanese or Korean
/// text, and Arabic-script text: the bundled faces for them are listed.
fn scripts(doc: &Document, labels: &str) -> (bool, bool) {
    let (mut cjk, mut arabic) = (compile::wants_cjk(labels), compile::wants_arabic(labels));
    let wanted = |c: char| {
        let s = c.encode_utf8(&mut [0; 4]).to_string();
        compile::wants_cjk(&s) || compile::wants_arabic(&s)
    };
    vita_model::validate::for_chars_where(&doc.cv, wanted, &mut |_, c| {
        let s = c.to_string();
        cjk |= compile::wants_cjk(&s);
        arabic |= compile::wants_arabic(&s);
    });
    (cjk, arabic)
}

/// Whether no loaded font has a character Typst would have to draw.
fn lacking(fonts: &[typst::text::Font], c: char) -> bool {
    !(c.is_ascii() || c.is_whitespace() || c.is_control() || fonts.iter().any(|f| f.info().coverage.contains(c as u32)))
}

/// Warnings for the characters of the CV that no loaded font has, naming
/// each field: Typst would print them as empty boxes.
pub fn coverage_warnings(doc: &Document, fonts: &[typst::text::Font]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    vita_model::validate::for_chars_where(&doc.cv, |c| lacking(fonts, c), &mut |path, c| {
        out.push(Diagnostic::warning(
            path,
            format!(
                "no font has `{c}` (U+{:04X}); the PDF shows an empty box for it (add a font that has it with -O typst.font-path=DIR -O typst.font=NAME)",
                c as u32
            ),
        ));
    });
    out
}

/// A warning when no loaded font has some characters of the words vita adds
/// in the document's language (Chinese, Japanese and Korean need a font
/// of their own): Typst would print them as empty boxes.
fn label_warning(words: &str, options: &Options, doc: &Document, fonts: &[typst::text::Font]) -> Option<Diagnostic> {
    let mut missing: Vec<char> = words.chars().filter(|c| lacking(fonts, *c)).collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return None;
    }
    let shown: String = missing.iter().take(8).collect();
    let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
    let path = if options.lang.is_some() { "" } else { "settings.lang" };
    Some(Diagnostic::warning(
        path,
        format!(
            "no font has the characters `{shown}`{more} of the words vita adds in `{}`; the PDF shows empty boxes for them (add a font that has them with -O typst.font-path=DIR -O typst.font=NAME)",
            options.language(doc)
        ),
    ))
}

impl Backend for Typst {
    fn name(&self) -> &'static str {
        "typst"
    }

    fn description(&self) -> &'static str {
        "Typst source of a classic academic CV (cv.typ) and the PDF made from it in-process (cv.pdf); no TeX needed"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.typ"), format!("{basename}.pdf")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn options(&self) -> &'static [(&'static str, &'static str)] {
        OPTIONS
    }

    fn check_option(&self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "standard" => standards(value).map(|_| ()),
            "attach-europass" if value != "true" && value != "false" => Err("`true` or `false`".into()),
            "font" if value.trim().is_empty() => Err("a font family name, such as `Noto Serif`".into()),
            "timeout" if !value.parse::<u64>().is_ok_and(|t| (1..=86_400).contains(&t)) => {
                Err("a number of seconds from 1 to 86400".into())
            }
            _ => Ok(()),
        }
    }

    fn attachments(&self, options: &Options) -> Vec<&'static str> {
        if options.extra.get("attach-europass").is_some_and(|v| v == "true") {
            vec!["europass"]
        } else {
            Vec::new()
        }
    }

    fn font_request(&self, options: &Options) -> FontRequest {
        let mut request = FontRequest::default();
        request.folders.extend(options.extra.get("font-path").cloned());
        let theme = vita_view::theme::values(&options.theme);
        if let Some(font) = main_font(options, &theme) {
            if !is_bundled(font) {
                request.families.push(font.to_string());
            }
        }
        request
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let templates = Templates::choose(compiled::SOURCES, TEMPLATES, &options.templates, engine::verbatim)?;
        let view = view::Builder::with_options(doc, &TypstMarkup, options).build();
        let name = &doc.cv.person.name;
        // "Name — Curriculum Vitae", in the document's language.
        let title = escape::string(&format!("{name} — {}", view.labels.cv));
        // The words as text (Debug keeps printable characters as they are).
        let label_chars = format!("{:?}", view.labels);
        let keywords: Vec<String> = doc
            .cv
            .all_sections()
            .filter_map(|s| match s {
                vita_model::Section::Research(r) => Some(r.areas.iter()),
                _ => None,
            })
            .flatten()
            .map(|a| escape::string(a))
            .collect();
        let theme = vita_view::theme::values(&options.theme);
        let font = main_font(options, &theme);
        let page = TypstPage {
            view,
            paper: match options.page {
                Page::Letter => "us-letter",
                _ => "a4",
            },
            fonts: font_list(font, compile::TEXT_FAMILY, scripts(doc, &label_chars)),
            mono: font_list(None, compile::MONO_FAMILY, (false, false)),
            meta: Meta {
                title,
                author: escape::string(name),
                keywords: format!("({}{})", keywords.join(", "), if keywords.is_empty() { "" } else { "," }),
            },
            language: language_args(options.language(doc)),
            theme: theme.clone(),
            photo: options.photo.as_ref().map(|p| escape::string(&p.name)),
            icons: options.theme.icons.then(|| {
                let pairs: Vec<String> =
                    vita_view::icons::ICONS.iter().map(|(n, svg)| format!("{n}: {}", escape::string(svg.trim_end()))).collect();
                format!("({})", pairs.join(", "))
            }),
        };
        let mut source = templates.render("cv.typ", page, None, doc.cv.output_room(), compiled::cv_typ)?;
        if !source.ends_with('\n') {
            source.push('\n');
        }
        let standard = options.extra.get("standard").map_or("", String::as_str);
        for a in &options.attachments {
            if standard.contains("a-2") {
                anyhow::bail!("PDF/A-2 allows no attached files; leave out -O typst.attach-europass=true, or the PDF/A standard");
            }
            // The Europass editor's PDFs carry the CV as `attachment.xml`.
            let text = String::from_utf8_lossy(&a.bytes);
            source.push_str(&format!(
                "#pdf.attach(\"attachment.xml\", bytes({}), relationship: \"source\", mime-type: \"text/xml\", description: {})\n",
                escape::string(&text),
                escape::string(&format!("Europass CV ({})", a.name))
            ));
        }
        if source.len() > MAX_SOURCE {
            anyhow::bail!(
                "the CV is too long to typeset: {}.typ has {} bytes, over the limit of {MAX_SOURCE} (about 15,000 entries); \
                 make the PDF from LaTeX (-f latex --pdf), or leave entries out with a target",
                options.basename,
                source.len()
            );
        }
        let fonts = compile::fonts_with(
            &options.fonts,
            font.is_some_and(|f| f.eq_ignore_ascii_case(compile::SANS_FAMILY)),
            compile::wants_cjk(&source),
            compile::wants_arabic(&source),
        );
        if let Some(font) = font {
            if !fonts.iter().any(|f| f.info().family.eq_ignore_ascii_case(font)) {
                anyhow::bail!("no font named `{font}` was loaded (give its folder with -O typst.font-path=DIR)");
            }
        }
        let mut diagnostics = coverage_warnings(doc, &fonts);
        diagnostics.extend(label_warning(&label_chars, options, doc, &fonts));
        let photo: Vec<(String, std::sync::Arc<Vec<u8>>)> = options.photo.iter().map(|p| (p.name.clone(), p.bytes.clone())).collect();
        let settings = compile::PdfSettings {
            files: &photo,
            epoch: vita_view::dates::document_epoch(doc, options),
            ident: format!("vita:{name}:{}", options.basename),
            standards: &standards(options.extra.get("standard").map_or("", String::as_str)).map_err(anyhow::Error::msg)?,
        };
        if options.check {
            // What typesetting adds is the PDF's bytes and its page count:
            // the pages are laid out only when their count is wanted (a
            // target's `max_pages`), and no PDF is written. The PDF is named
            // (so a clash with another format's is still found) but not made.
            let mut rendered = Rendered::default();
            if options.count_pages {
                let laid = compile::layout(source.clone(), fonts, &settings).map_err(|errors| {
                    anyhow::anyhow!("Typst could not make the PDF from {}.typ:\n  {}", options.basename, errors.join("\n  "))
                })?;
                rendered.pages = Some(laid.pages() as u32);
                diagnostics.extend(laid.warnings().iter().map(|w| vita_backend::Diagnostic::warning("", format!("Typst: {w}"))));
            }
            rendered.files.push(OutputFile::new(format!("{}.typ", options.basename), source));
            rendered.files.push(OutputFile::new(format!("{}.pdf", options.basename), Vec::new()));
            rendered.diagnostics = diagnostics;
            return Ok(rendered);
        }
        let made = compile::compile(source.clone(), fonts, &settings)
            .map_err(|errors| anyhow::anyhow!("Typst could not make the PDF from {}.typ:\n  {}", options.basename, errors.join("\n  ")))?;
        let mut rendered = Rendered::default();
        rendered.files.push(OutputFile::new(format!("{}.typ", options.basename), source));
        rendered.files.push(OutputFile::new(format!("{}.pdf", options.basename), made.pdf));
        // The photo beside cv.typ, so that `typst compile cv.typ` finds it.
        rendered.files.extend(options.photo.iter().map(|p| OutputFile::new(p.name.clone(), p.bytes.as_ref().clone())));
        rendered.pages = Some(made.pages as u32);
        rendered.diagnostics = diagnostics;
        for w in made.warnings {
            rendered.warn("", format!("Typst: {w}"));
        }
        Ok(rendered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same source, fonts and settings give the PDF made last time,
    /// without typesetting again; a change to any of them typesets.
    #[test]
    fn a_pdf_made_from_the_same_inputs_is_not_typeset_again() {
        let fonts = || compile::fonts(&[]);
        let photo = vec![("p.png".to_string(), std::sync::Arc::new(vec![1u8, 2, 3]))];
        let settings = |epoch| compile::PdfSettings { epoch, ident: "t".into(), standards: &[], files: &photo };
        let source = "= A test of the cache of PDFs\nhello\n".to_string();
        let before = compile::typeset_runs();
        let first = compile::compile(source.clone(), fonts(), &settings(0)).unwrap();
        assert_eq!(compile::typeset_runs(), before + 1);
        let again = compile::compile(source.clone(), fonts(), &settings(0)).unwrap();
        assert_eq!(compile::typeset_runs(), before + 1, "typeset again");
        assert_eq!(first.pdf, again.pdf);
        compile::compile(source.clone(), fonts(), &settings(86_400)).unwrap();
        assert_eq!(compile::typeset_runs(), before + 2, "another date is another PDF");
        compile::compile(source.replace("hello", "world"), fonts(), &settings(0)).unwrap();
        assert_eq!(compile::typeset_runs(), before + 3, "another source is another PDF");
    }

    /// The default templates (and the built-in themes') render through the
    /// code `build.rs` compiled from them, not the engine.
    #[test]
    fn the_default_templates_are_compiled_in() {
        vita_view::compiled::covers("typst", super::compiled::SOURCES, super::TEMPLATES).unwrap();
    }

    #[test]
    fn a_source_over_the_limit_is_refused_before_typesetting() {
        let entry = format!("(title: \"{}\"),", "x".repeat(1000));
        let ron = format!("(person: (name: \"Ada\"), sections: [Custom(title: \"Long\", entries: [{}])])", entry.repeat(3300));
        let doc = vita_model::load(&ron).document.expect("a valid CV");
        let err = Typst.render(&doc, &Options::default()).unwrap_err().to_string();
        assert!(err.starts_with("the CV is too long to typeset: cv.typ has "), "{err}");
        assert!(err.ends_with(", over the limit of 3145728 (about 15,000 entries); make the PDF from LaTeX (-f latex --pdf), or leave entries out with a target"), "{err}");
    }

    #[test]
    fn language_tags_become_text_arguments() {
        assert_eq!(language_args("en"), r#"lang: "en", "#);
        assert_eq!(language_args("en-GB"), r#"lang: "en", region: "GB", "#);
        assert_eq!(language_args("zh-Hans-CN"), r#"lang: "zh", region: "CN", "#);
        assert_eq!(language_args("de-x-ab"), r#"lang: "de", "#);
        assert_eq!(language_args("i-klingon"), "");
    }
}
