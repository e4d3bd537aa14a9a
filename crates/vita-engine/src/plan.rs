//! Planning a build: which formats, with which options, into which target.
//! A plan is a value; [`crate::render`] carries it out.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vita_backend::{Backend, Document, Options, Page};

use crate::host::{Host, Within};
use crate::load::Loaded;
use crate::registry::{self, BACKENDS};
use crate::report::BadInput;

/// What the caller asks of a build (the command line's flags, a page's pickers).
#[derive(Default, Clone, Debug)]
pub struct Request {
    /// Formats to build; none: every format, or the CV's targets.
    pub formats: Vec<String>,
    /// A folder of template overrides.
    pub templates: Option<PathBuf>,
    /// Line width of text output (default 80, or the target's).
    pub width: Option<usize>,
    /// Paper size (default A4, or the target's).
    pub page: Option<Page>,
    /// Also make a PDF.
    pub pdf: bool,
    /// Format options, `FORMAT.NAME=VALUE`.
    pub options: Vec<String>,
    /// Targets to build; none: every target.
    pub targets: Vec<String>,
    /// The moment the outputs are dated from (`SOURCE_DATE_EPOCH`), if the host gives one.
    pub source_date_epoch: Option<i64>,
    /// The theme, over the target's and the CV's (`--theme`).
    pub theme: Option<String>,
    /// The citation style, over the target's and the CV's (`--citation-style`).
    pub citation_style: Option<String>,
    /// The language (a BCP 47 tag vita has words for, or the CV's own
    /// `labels/<tag>.ron`), over the target's and the CV's: the page's
    /// language picker.
    pub lang: Option<String>,
}

/// One build: the backends, each with its options, and whether to make a PDF.
pub struct Plan<'a> {
    /// The document, with the target applied.
    pub doc: Cow<'a, Document>,
    /// The formats, in the order they are written.
    pub backends: Vec<&'static dyn Backend>,
    /// Each format's options.
    pub options: Vec<Options>,
    /// Whether a program makes a PDF after the formats render.
    pub pdf: bool,
    /// A target asked for the PDF (not `--pdf`): without TeX, a warning.
    pub pdf_optional: bool,
    /// `target NAME: ` for a target's messages.
    pub label: String,
    /// Whether this is a target's build (it owns its folder).
    pub target: bool,
    /// The most pages a paged output may have.
    pub max_pages: Option<u32>,
    /// A PDF was asked for (`--pdf`, `pdf: true`) with the formats named:
    /// a format that writes a PDF itself beside one whose program would
    /// write the same file is an error, not a silent choice.
    pub pdf_named: bool,
    /// Warnings about the request made while planning (a template folder's
    /// strays, an option for a format not built), in order.
    pub notes: Vec<String>,
}

/// A format by name: built in, or one the host has.
pub fn find(host: &dyn Host, name: &str) -> Option<&'static dyn Backend> {
    registry::backend(name).or_else(|| host.externals().into_iter().find(|(n, _)| n == name).map(|(_, b)| b))
}

/// Every format name: the built-in ones, then the host's.
pub fn format_names(host: &dyn Host) -> Vec<String> {
    let mut known: Vec<String> = BACKENDS.iter().map(|b| b.name().to_string()).collect();
    known.extend(host.externals().into_iter().map(|(n, _)| n));
    known
}

/// The formats a build of a CV without targets writes when it names none:
/// what people open (the PDF, the page, the text).
#[cfg(feature = "typst")]
pub const DEFAULT_FORMATS: &[&str] = &["typst", "html", "text"];
/// The formats a build of a CV without targets writes when it names none:
/// what people open (without Typst, the PDF's LaTeX source).
#[cfg(not(feature = "typst"))]
pub const DEFAULT_FORMATS: &[&str] = &["latex", "html", "text"];

/// The name that asks for every format.
pub const ALL_FORMATS: &str = "all";

/// The backends of named formats: [`DEFAULT_FORMATS`] for none, every
/// built-in one for `all`.
pub fn select(host: &dyn Host, names: &[String]) -> anyhow::Result<Vec<&'static dyn Backend>> {
    if names.is_empty() {
        return Ok(DEFAULT_FORMATS.iter().filter_map(|n| registry::backend(n)).collect());
    }
    if names.iter().any(|n| n == ALL_FORMATS) {
        return Ok(BACKENDS.to_vec());
    }
    let mut out: Vec<&'static dyn Backend> = Vec::new();
    for n in names {
        match find(host, n) {
            Some(b) => {
                if !out.iter().any(|o| o.name() == b.name()) {
                    out.push(b);
                }
            }
            None => {
                let known = format_names(host);
                let hint = registry::left_out(n)
                    .or_else(|| pdf_hint(n))
                    .unwrap_or_else(|| vita_model::validate::did_you_mean(n, &known, "known formats"));
                return Err(BadInput::plain(format!("error: unknown format `{n}` ({hint})")).into());
            }
        }
    }
    Ok(out)
}

/// What to ask for instead of a format named `pdf`: a PDF is a file of a
/// format (Typst's), or made from LaTeX with `--pdf`.
pub fn pdf_hint(name: &str) -> Option<String> {
    name.eq_ignore_ascii_case("pdf").then(|| {
        let typst = registry::backend("typst").map(|_| "`-f typst` writes cv.pdf (and cv.typ); ").unwrap_or_default();
        format!("{typst}`--pdf` adds a PDF to the formats asked, from LaTeX with `-f latex`")
    })
}

/// A paper size by name, or bad input.
pub fn parse_page(p: &str) -> anyhow::Result<Page> {
    Page::parse(p).ok_or_else(|| BadInput::plain(format!("error: unknown page size `{p}` (use a4 or letter)")).into())
}

/// Whether a build writes targets (each into its folder) rather than formats into one.
pub fn builds_targets(loaded: &Loaded, request: &Request) -> bool {
    let cv = &loaded.document.cv;
    (!cv.targets.is_empty() || cv.settings.targets.is_some()) && request.formats.is_empty()
}

/// The plans of a build, by target name: one per chosen target, or one
/// (named "") for the formats asked. A target whose plan fails is an error
/// in its place; the others stand.
#[allow(clippy::type_complexity)]
pub fn plans<'a>(
    host: &dyn Host,
    file: &Path,
    loaded: &'a Loaded,
    request: &Request,
) -> anyhow::Result<Vec<(String, anyhow::Result<Plan<'a>>)>> {
    if let Some(lang) = &request.lang {
        if !vita_model::validate::is_language_tag(lang) {
            return Err(
                BadInput::plain(format!("error: `{lang}` is not a language tag\n  hint: write one such as `en`, `de` or `pt-BR`")).into()
            );
        }
        if let Some((message, hint)) = crate::labels::missing(host, file, lang) {
            return Err(BadInput::plain(format!("error: {message}\n  hint: {hint}")).into());
        }
    }
    if !builds_targets(loaded, request) {
        return Ok(vec![(String::new(), Ok(plain_plan(host, file, loaded, request)?))]);
    }
    Ok(loaded
        .targets
        .iter()
        .filter(|r| request.targets.is_empty() || request.targets.contains(&r.name))
        .map(|r| (r.name.clone(), target_plan(host, file, loaded, r, request)))
        .collect())
}

fn plain_plan<'a>(host: &dyn Host, file: &Path, loaded: &'a Loaded, request: &Request) -> anyhow::Result<Plan<'a>> {
    let doc = &loaded.document;
    let mut backends = select(host, &request.formats)?;
    if request.pdf {
        crate::targets::add_pdf_format(&mut backends);
    }
    let pdf = crate::targets::pdf_by_program(request.pdf, &backends);
    let mut notes = Vec::new();
    let extra = parse_options(host, &request.options, &backends, &mut notes)?;
    let template_dir = request.templates.clone().or_else(|| relative(file, doc.cv.settings.templates.as_ref()));
    let mut base = Options::default();
    base.width = request.width.unwrap_or(80);
    base.page = request.page.unwrap_or(Page::A4);
    base.source_date_epoch = request.source_date_epoch;
    base.photo = loaded.photo.clone();
    base.lang = request.lang.clone();
    let lang = request.lang.as_deref().or(doc.cv.settings.lang.as_deref());
    let theme = theme_of(host, file, doc, None, request, &mut notes)?;
    let mut options = backend_options(host, &backends, &base, template_dir.as_deref(), &extra, file, lang, &theme, false, &mut notes)?;
    cite(host, file, doc, None, request, lang, &backends, &mut options)?;
    Ok(Plan {
        doc: Cow::Borrowed(doc),
        backends,
        options,
        pdf,
        pdf_optional: false,
        label: String::new(),
        target: false,
        max_pages: None,
        pdf_named: request.pdf && !request.formats.is_empty(),
        notes,
    })
}

/// The plan of one target.
pub fn target_plan<'a>(
    host: &dyn Host,
    file: &Path,
    loaded: &'a Loaded,
    t: &vita_model::Target,
    request: &Request,
) -> anyhow::Result<Plan<'a>> {
    let doc = &loaded.document;
    let asked = request.pdf || t.pdf.unwrap_or(false);
    let backends = crate::targets::backends(host, t, asked);
    let pdf = crate::targets::pdf_by_program(asked, &backends);
    // The target's options, then the request's.
    let mut extra: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for (key, value) in t.options.iter().flatten() {
        if let Some((format, name)) = key.split_once('.') {
            if let Some(b) = backends.iter().find(|b| b.name() == format) {
                extra.entry(b.name()).or_default().insert(name.to_string(), value.clone());
            }
        }
    }
    let mut notes = Vec::new();
    for (k, v) in parse_options(host, &request.options, &backends, &mut notes)? {
        extra.entry(k).or_default().extend(v);
    }
    let page = match (&request.page, &t.page) {
        (Some(p), _) => *p,
        (None, Some(p)) => parse_page(p)?,
        (None, None) => Page::A4,
    };
    let template_dir = request
        .templates
        .clone()
        .or_else(|| relative(file, t.templates.as_ref()))
        .or_else(|| relative(file, doc.cv.settings.templates.as_ref()));
    let mut base = Options::default();
    base.basename = t.output.clone().unwrap_or_else(|| "cv".into());
    base.width = request.width.or(t.width).unwrap_or(80);
    base.page = page;
    base.dates = t.dates.as_deref().and_then(vita_model::DateStyle::parse).unwrap_or_default();
    base.lang = request.lang.clone().or_else(|| t.lang.clone());
    base.source_date_epoch = request.source_date_epoch;
    // No photo for parsers, nor where the target leaves it out.
    base.photo = loaded.photo.clone().filter(|_| t.ats != Some(true) && t.photo != Some(false));
    let lang = request.lang.as_deref().or(t.lang.as_deref()).or(doc.cv.settings.lang.as_deref());
    let theme = theme_of(host, file, doc, Some(t), request, &mut notes)?;
    let mut options =
        backend_options(host, &backends, &base, template_dir.as_deref(), &extra, file, lang, &theme, t.dates.is_some(), &mut notes)?;
    let arranged;
    let t = if t.ats == Some(true) && t.sections.is_none() {
        arranged = vita_model::Target { sections: Some(ats_sections(&doc.cv)), ..t.clone() };
        &arranged
    } else {
        t
    };
    let applied = vita_model::target::apply(doc, t);
    cite(host, file, &applied, Some(t), request, lang, &backends, &mut options)?;
    Ok(Plan {
        doc: Cow::Owned(applied),
        backends,
        options,
        pdf,
        pdf_optional: !request.pdf,
        label: format!("target {}: ", t.name),
        target: true,
        max_pages: t.max_pages,
        pdf_named: asked && t.formats.is_some(),
        notes,
    })
}

/// The publications in the build's citation style (`--citation-style`,
/// else the target's, else the CV's), given to the formats that print
/// them; none without a style. A style the CV or a target names was
/// checked with the CV; one `--citation-style` names is bad input here.
#[allow(clippy::too_many_arguments)]
fn cite(
    host: &dyn Host,
    file: &Path,
    doc: &Document,
    t: Option<&vita_model::Target>,
    request: &Request,
    lang: Option<&str>,
    backends: &[&'static dyn Backend],
    options: &mut [Options],
) -> anyhow::Result<()> {
    let name = request
        .citation_style
        .clone()
        .or_else(|| t.and_then(|t| t.citation_style.clone()))
        .or_else(|| doc.cv.settings.citation_style.clone());
    let Some(name) = name else { return Ok(()) };
    if !backends.iter().any(|b| PRINTS_REFERENCES.contains(&b.name())) {
        return Ok(());
    }
    let style = crate::styles::find(host, file, &name).map_err(|(message, hint)| {
        let hint = if hint.is_empty() { String::new() } else { format!("\n  hint: {hint}") };
        BadInput::plain(format!("error: {message}{hint}"))
    })?;
    let labels = lang.and_then(|l| crate::labels::text(host, file, l));
    let citations = std::sync::Arc::new(crate::styles::format(&style, doc, lang, labels.as_deref(), host.jobs()));
    for o in options.iter_mut() {
        o.citations = Some(citations.clone());
    }
    Ok(())
}

/// The formats that print a publication list, in a citation style when
/// the build names one.
pub const PRINTS_REFERENCES: &[&str] = &["text", "html", "latex", "typst", "markdown", "docx"];

/// A build's theme: `--theme`, else the target's, else the CV's, else
/// classic; its values the CV's theme options under the target's. The
/// CV's own choices were checked with their positions when it was
/// loaded; what is wrong here comes of `--theme`.
fn theme_of(
    host: &dyn Host,
    file: &Path,
    doc: &Document,
    t: Option<&vita_model::Target>,
    request: &Request,
    notes: &mut Vec<String>,
) -> anyhow::Result<Chosen> {
    let cv = &doc.cv;
    let mut name = request
        .theme
        .clone()
        .or_else(|| t.and_then(|t| t.theme.clone()))
        .or_else(|| cv.settings.theme.clone())
        .unwrap_or_else(|| vita_view::theme::DEFAULT.to_string());
    // A target for résumé parsers prints in the look made for them.
    if let Some(t) = t.filter(|t| t.ats == Some(true)) {
        // A target's own theme beside `ats: true` is warned about where it is written.
        if name != ATS_THEME && request.theme.is_some() {
            notes.push(format!("warning: target {}: `ats: true` prints in the `{ATS_THEME}` theme, not `{name}`", t.name));
        }
        name = ATS_THEME.to_string();
    }
    let dir = file.parent().unwrap_or(Path::new("."));
    let theme = match crate::themes::find(host, dir, &name) {
        Ok(theme) => theme,
        Err(crate::themes::ThemeError::Unknown(known)) => {
            let hint = vita_model::validate::did_you_mean(&name, &known, "themes");
            return Err(BadInput::plain(format!("error: unknown theme `{name}` ({hint})")).into());
        }
        Err(crate::themes::ThemeError::Bad(report)) => return Err(BadInput::report(report).into()),
    };
    let empty = BTreeMap::new();
    let layers = [&cv.settings.theme_options, t.and_then(|t| t.theme_options.as_ref()).unwrap_or(&empty)];
    for layer in layers {
        if let Some((_, message, hint)) = crate::themes::check_options(&theme, layer).into_iter().next() {
            return Err(BadInput::plain(format!("error: {message} ({hint})")).into());
        }
    }
    notes.extend(theme.strays.iter().cloned());
    let values = crate::themes::values(&theme, &layers);
    Ok(Chosen { look: vita_backend::Theme { name: theme.name.clone(), values, icons: theme.spec.icons }, files: theme.files })
}

/// The theme of targets with `ats: true`.
pub const ATS_THEME: &str = "ats";

/// The sections of a target for résumé parsers when it names none: work
/// history, education, skills, languages and certificates first (the
/// sections parsers look for, whose headings end the ones before), then
/// the rest in the CV's order.
pub fn ats_sections(cv: &vita_model::Cv) -> Vec<String> {
    let rank = |s: &vita_model::Section| match s.kind_name() {
        "positions" => 0,
        "education" => 1,
        "skills" => 2,
        "languages" => 3,
        "certificates" => 4,
        _ => 5,
    };
    let mut ordered: Vec<&vita_model::Section> = cv.sections.iter().collect();
    ordered.sort_by_key(|s| rank(s));
    ordered.iter().map(|s| s.id()).collect()
}

/// A build's theme: what backends receive, and its templates by format.
struct Chosen {
    look: vita_backend::Theme,
    files: BTreeMap<String, BTreeMap<String, String>>,
}

/// A path in the CV relative to the CV file.
fn relative(file: &Path, p: Option<&String>) -> Option<PathBuf> {
    p.map(|p| file.parent().unwrap_or(Path::new(".")).join(p))
}

#[allow(clippy::too_many_arguments)]
fn backend_options(
    host: &dyn Host,
    backends: &[&'static dyn Backend],
    base: &Options,
    template_dir: Option<&Path>,
    extra: &BTreeMap<&'static str, BTreeMap<String, String>>,
    file: &Path,
    lang: Option<&str>,
    theme: &Chosen,
    dates_given: bool,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<Options>> {
    let overrides = match template_dir {
        Some(d) => read_templates(host, d, backends, notes)?,
        None => BTreeMap::new(),
    };
    // The CV's own words for its language (`labels/<tag>.ron`), if it has them.
    let labels = lang.and_then(|l| crate::labels::text(host, file, l));
    backends
        .iter()
        .map(|b| {
            let mut o = base.clone();
            // The theme's templates, then the template folder's.
            o.templates = theme.files.get(b.name()).cloned().unwrap_or_default();
            o.templates.extend(overrides.get(b.name()).cloned().unwrap_or_default());
            o.theme = theme.look.clone();
            // A themed format prints dates in the theme's style unless the target names one.
            if vita_view::theme::STYLED.contains(&b.name()) && !dates_given {
                if let Some(d) = theme.look.values.get("dates").and_then(|d| vita_model::DateStyle::parse(d)) {
                    o.dates = d;
                }
            }
            o.extra = extra.get(b.name()).cloned().unwrap_or_default();
            o.labels = labels.clone();
            // Font folders are relative to the CV, like template folders.
            o.fonts = crate::fonts::read(host, &b.font_request(&o), file.parent().unwrap_or(Path::new(".")))?;
            Ok(o)
        })
        .collect()
}

/// Reads a template folder: for each backend, the files named like its
/// templates. A folder that is missing, or a template that is not a regular
/// UTF-8 file of bounded size inside it, is bad input.
fn read_templates(
    host: &dyn Host,
    dir: &Path,
    backends: &[&dyn Backend],
    notes: &mut Vec<String>,
) -> anyhow::Result<BTreeMap<&'static str, BTreeMap<String, String>>> {
    let bad = |what: String| BadInput::plain(format!("error: {what}"));
    if !host.is_dir(dir) {
        return Err(
            bad(format!("the template folder {} does not exist (`vita templates export FORMAT DIR` makes one)", dir.display())).into()
        );
    }
    let mut names = host.list(dir).map_err(|e| bad(format!("reading the template folder {}: {e}", dir.display())))?;
    names.sort();
    let owners_of = |name: &str| -> Vec<&'static str> {
        BACKENDS.iter().filter(|b| b.default_templates().iter().any(|(n, _)| *n == name)).map(|b| b.name()).collect()
    };
    // Files that are no template: named when the folder is a template
    // folder (a misspelt name), one line when it holds no template at all
    // (a folder named by mistake: its entries are not listed).
    let strays: Vec<&String> = names.iter().filter(|n| !n.starts_with('.') && owners_of(n).is_empty()).collect();
    if !strays.is_empty() {
        if strays.len() == names.iter().filter(|n| !n.starts_with('.')).count() {
            notes.push(format!("{}: warning: the folder holds no template of any format; it is ignored", dir.display()));
        } else {
            for name in strays.iter().take(5) {
                notes.push(format!("{}: warning: `{name}` is not a template of any format; it is ignored", dir.display()));
            }
            if strays.len() > 5 {
                notes.push(format!("{}: warning: {} more files are not templates", dir.display(), strays.len() - 5));
            }
        }
    }
    let mut by_backend: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for name in names {
        let owners = owners_of(&name);
        if owners.is_empty() || !backends.iter().any(|b| owners.contains(&b.name())) {
            continue;
        }
        let path = dir.join(&name);
        let text = crate::read_text(host, &path, Some(Within { root: dir, folder: "the template folder" }))
            .map_err(|u| BadInput::unreadable(&path.display().to_string(), u))?;
        for b in backends.iter().filter(|b| owners.contains(&b.name())) {
            by_backend.entry(b.name()).or_default().insert(name.clone(), text.clone());
        }
    }
    Ok(by_backend)
}

/// Parses `FORMAT.NAME=VALUE` options into per-format maps, refusing names a
/// format does not read.
fn parse_options(
    host: &dyn Host,
    options: &[String],
    backends: &[&dyn Backend],
    notes: &mut Vec<String>,
) -> anyhow::Result<BTreeMap<&'static str, BTreeMap<String, String>>> {
    let mut out: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for o in options {
        let bad = |hint: String| BadInput::plain(format!("error: bad option `{o}` ({hint})"));
        let Some((key, value)) = o.split_once('=') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let Some((format, name)) = key.split_once('.') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let backend = select(host, &[format.to_string()])?.remove(0);
        check_option(backend, name, value).map_err(|p| match p {
            OptionProblem::UnknownName(hint) | OptionProblem::BadValue(hint) => bad(hint),
        })?;
        if !backends.iter().any(|b| b.name() == backend.name()) {
            notes.push(format!("warning: option `{o}` is for the {format} format, which this build does not write"));
        }
        out.entry(backend.name()).or_default().insert(name.to_string(), value.to_string());
    }
    Ok(out)
}

/// What is wrong with a format option, with the hint to show.
pub enum OptionProblem {
    /// The format reads no option of that name.
    UnknownName(String),
    /// The format refuses the value.
    BadValue(String),
}

/// Checks `NAME=VALUE` for a format: the name among those it reads, then the value.
pub fn check_option(backend: &dyn Backend, name: &str, value: &str) -> Result<(), OptionProblem> {
    let format = backend.name();
    let known: Vec<&str> = backend.options().iter().map(|(n, _)| *n).collect();
    if !known.contains(&name) && !backend.accepts_any_option() {
        return Err(OptionProblem::UnknownName(match vita_model::validate::closest(name, known.iter().copied()) {
            _ if known.is_empty() => format!("the {format} format has no options"),
            Some(k) => format!("did you mean `{format}.{k}`?"),
            None => format!("{format} options: {}", known.join(", ")),
        }));
    }
    backend.check_option(name, value).map_err(OptionProblem::BadValue)
}
