//! Command-line parsing and the commands.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use clap::{Parser, Subcommand};
use vita_backend::{Backend, Document, Options, OutputFile, Page};

use crate::diagnostics;

/// The backends, one line each. `vita formats` lists them in this order.
pub const BACKENDS: &[&dyn Backend] = &[
    &vita_text::Text,
    &vita_html::Html,
    &vita_latex::Latex,
    &vita_jsonresume::JsonResume,
    &vita_europass::Europass,
    &vita_markdown::Markdown,
];

#[derive(Parser)]
#[command(name = "vita", version, about = "One canonical CV in RON; LaTeX, HTML, JSON Resume, Europass and plain text from it.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a CV and list every problem.
    Check {
        /// The CV source (`.ron`, or a JSON Resume `.json`).
        file: PathBuf,
    },
    /// Write the outputs of a CV.
    Build {
        /// The CV source (`.ron`, or a JSON Resume `.json`).
        file: PathBuf,
        /// Output folder, or `-` for standard output (one format only).
        #[arg(short, long, default_value = "out")]
        output: String,
        /// A format to build (repeatable); default: every format.
        #[arg(short, long = "format", value_name = "NAME")]
        formats: Vec<String>,
        /// A folder of template overrides.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Line width of text output, 0 for none (default 80, or the target's).
        #[arg(long)]
        width: Option<usize>,
        /// Paper size for print output: a4 or letter (default a4, or the target's).
        #[arg(long)]
        page: Option<String>,
        /// Also make a PDF from the LaTeX output (needs TeX).
        #[arg(long)]
        pdf: bool,
        /// A format option, `FORMAT.NAME=VALUE` (repeatable; `vita formats` lists them).
        #[arg(short = 'O', long = "option", value_name = "FORMAT.NAME=VALUE")]
        options: Vec<String>,
        /// Build only this target (repeatable); default: every target.
        #[arg(short, long = "target", value_name = "NAME")]
        targets: Vec<String>,
    },
    /// List a CV's targets with their formats and output files.
    Targets {
        /// The CV source.
        file: PathBuf,
    },
    /// Print a JSON Resume file as a vita CV in RON.
    Import {
        /// The JSON Resume file.
        file: PathBuf,
    },
    /// List the output formats.
    Formats,
    /// Write a starter CV for a name to standard output.
    New {
        /// The full name.
        name: String,
    },
    /// Work with a format's templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// Copy a format's default templates into a folder, for editing.
    Export {
        /// The format name.
        format: String,
        /// The folder to write into (created if missing).
        dir: PathBuf,
    },
}

/// Exit code 2: the input is wrong; the text is the rendered diagnostics.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for BadInput {}

/// Runs the program.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(bad) = e.downcast_ref::<BadInput>() {
                eprint!("{}", bad.0);
                if !bad.0.ends_with('\n') {
                    eprintln!();
                }
                ExitCode::from(2)
            } else {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Check { file } => {
            let loaded = load(&file)?;
            eprint!("{}", loaded.warnings);
            crate::targets::resolve(&file, &loaded.src, &loaded.document)?;
            println!("{}: ok", file.display());
            Ok(())
        }
        Command::Build { file, output, formats, templates, width, page, pdf, options, targets } => {
            let page = page.map(|p| parse_page(&p)).transpose()?;
            let flags = Flags { output, formats, templates, width, page, pdf, options, targets };
            build(&file, &flags)
        }
        Command::Targets { file } => {
            let loaded = load(&file)?;
            eprint!("{}", loaded.warnings);
            let resolved = crate::targets::resolve(&file, &loaded.src, &loaded.document)?;
            if resolved.is_empty() {
                println!("{} defines no targets; `vita build` writes every format into one folder", file.display());
            }
            let flags = Flags::default();
            for r in &resolved {
                let plan = target_plan(&file, &loaded.document, r, &flags)?;
                let files = render(&plan, &file, false)?;
                let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
                if plan.pdf {
                    names.push(format!("{}.pdf", plan.options[0].basename));
                }
                let mut formats: Vec<&str> = plan.backends.iter().map(|b| b.name()).collect();
                if plan.pdf {
                    formats.push("pdf");
                }
                let preset = r.preset.as_ref().map(|p| format!("  (preset {p})")).unwrap_or_default();
                println!(
                    "{:<14} {:<22} {}/: {}{preset}",
                    r.name,
                    formats.join(", "),
                    Path::new("out").join(&r.name).display(),
                    names.join(" ")
                );
            }
            Ok(())
        }
        Command::Import { file } => {
            let loaded = load(&file)?;
            eprint!("{}", loaded.warnings);
            let ron = vita_model::to_ron(&loaded.document.cv).context("writing RON")?;
            print!("{ron}");
            Ok(())
        }
        Command::Formats => {
            for b in BACKENDS {
                println!("{:<12} {}", b.name(), b.description());
                for (name, what) in b.options() {
                    println!("{:<12}   -O {}.{name}=...  {what}", "", b.name());
                }
            }
            for (name, path) in crate::external::all() {
                if !BACKENDS.iter().any(|b| b.name() == name) {
                    println!("{name:<12} (external) {}", path.display());
                }
            }
            Ok(())
        }
        Command::New { name } => {
            print!("{}", starter(&name));
            Ok(())
        }
        Command::Templates { command: TemplatesCommand::Export { format, dir } } => {
            let b = select(std::slice::from_ref(&format))?.remove(0);
            if b.default_templates().is_empty() {
                bail!("the {} format has no templates", b.name());
            }
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in b.default_templates() {
                let path = dir.join(name);
                if path.exists() {
                    bail!("{} exists; export into an empty folder", path.display());
                }
                fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
                println!("{}", path.display());
            }
            Ok(())
        }
    }
}

struct Loaded {
    document: Document,
    warnings: String,
    src: String,
}

fn load(file: &Path) -> anyhow::Result<Loaded> {
    let src = fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let checked = if json { vita_jsonresume::import::load(&src) } else { vita_model::load(&src) };
    let rendered = diagnostics::render_all(&checked.diagnostics, &name, &src);
    match checked.document {
        Some(document) => Ok(Loaded { document, warnings: rendered, src }),
        None => Err(BadInput(rendered).into()),
    }
}

fn select(names: &[String]) -> anyhow::Result<Vec<&'static dyn Backend>> {
    if names.is_empty() {
        return Ok(BACKENDS.to_vec());
    }
    let mut out: Vec<&'static dyn Backend> = Vec::new();
    for n in names {
        let found: Option<&'static dyn Backend> = match BACKENDS.iter().find(|b| b.name() == n) {
            Some(b) => Some(*b),
            None => crate::external::find(n).map(|e| e as &'static dyn Backend),
        };
        match found {
            Some(b) => {
                if !out.iter().any(|o| o.name() == b.name()) {
                    out.push(b);
                }
            }
            None => {
                let mut known: Vec<String> = BACKENDS.iter().map(|b| b.name().to_string()).collect();
                known.extend(crate::external::all().into_iter().map(|(n, _)| n));
                let hint = vita_model::validate::did_you_mean(n, &known, "known formats");
                return Err(BadInput(format!("error: unknown format `{n}` ({hint})")).into());
            }
        }
    }
    Ok(out)
}

fn parse_page(p: &str) -> anyhow::Result<Page> {
    match p.to_ascii_lowercase().as_str() {
        "a4" => Ok(Page::A4),
        "letter" => Ok(Page::Letter),
        other => Err(BadInput(format!("error: unknown page size `{other}` (use a4 or letter)")).into()),
    }
}

/// What the command line says about a build.
#[derive(Default)]
struct Flags {
    output: String,
    formats: Vec<String>,
    templates: Option<PathBuf>,
    width: Option<usize>,
    page: Option<Page>,
    pdf: bool,
    options: Vec<String>,
    targets: Vec<String>,
}

/// One build: the backends, each with its options, and whether to make a PDF.
struct Plan {
    doc: Document,
    backends: Vec<&'static dyn Backend>,
    options: Vec<Options>,
    pdf: bool,
    /// A target asked for the PDF (not `--pdf`): without TeX, a warning.
    pdf_optional: bool,
    /// `target NAME: ` for a target's messages.
    label: String,
    max_pages: Option<u32>,
}

fn build(file: &Path, flags: &Flags) -> anyhow::Result<()> {
    let loaded = load(file)?;
    eprint!("{}", loaded.warnings);
    let cv = &loaded.document.cv;
    let has_targets = !cv.targets.is_empty() || cv.settings.targets.is_some();
    if !flags.targets.is_empty() && !flags.formats.is_empty() {
        return Err(BadInput("error: --target builds a target's own formats; leave out --format, or --target".into()).into());
    }
    if !has_targets || !flags.formats.is_empty() {
        if !flags.targets.is_empty() {
            return Err(BadInput(format!(
                "error: {} defines no targets (add `targets: [(name: \"...\", preset: \"academic-cv\")]`)",
                file.display()
            ))
            .into());
        }
        let plan = plain_plan(file, loaded.document, flags)?;
        return run(&plan, &flags.output, file);
    }
    let resolved = crate::targets::resolve(file, &loaded.src, &loaded.document)?;
    let names: Vec<&str> = resolved.iter().map(|r| r.name.as_str()).collect();
    for t in &flags.targets {
        if !names.contains(&t.as_str()) {
            let hint = vita_model::validate::did_you_mean(t, &names, "targets");
            return Err(BadInput(format!("error: no target named `{t}` ({hint})")).into());
        }
    }
    if flags.output == "-" {
        return Err(BadInput("error: targets write folders; give -o DIR, or choose one format with --format to print it".into()).into());
    }
    let chosen: Vec<_> = resolved.iter().filter(|r| flags.targets.is_empty() || flags.targets.contains(&r.name)).collect();
    let mut failed = Vec::new();
    for r in &chosen {
        let name = &r.name;
        let dir = Path::new(&flags.output).join(name);
        let result = target_plan(file, &loaded.document, r, flags).and_then(|plan| run(&plan, dir.to_str().unwrap_or(name), file));
        if let Err(e) = result {
            eprintln!("error: target `{name}`: {e:#}");
            failed.push(name.as_str());
        }
    }
    if !failed.is_empty() {
        bail!("{} of {} targets failed: {}", failed.len(), chosen.len(), failed.join(", "));
    }
    Ok(())
}

fn plain_plan(file: &Path, doc: Document, flags: &Flags) -> anyhow::Result<Plan> {
    let mut backends = select(&flags.formats)?;
    if flags.pdf && !backends.iter().any(|b| b.name() == "latex") {
        backends.push(&vita_latex::Latex);
    }
    let extra = parse_options(&flags.options, &backends)?;
    let template_dir = flags.templates.clone().or_else(|| relative(file, doc.cv.settings.templates.as_ref()));
    let base = Options {
        width: flags.width.unwrap_or(80),
        page: flags.page.unwrap_or(Page::A4),
        source_date_epoch: source_date_epoch()?,
        ..Options::default()
    };
    let options = backend_options(&backends, &base, template_dir.as_deref(), &extra)?;
    Ok(Plan { doc, backends, options, pdf: flags.pdf, pdf_optional: false, label: String::new(), max_pages: None })
}

fn target_plan(file: &Path, doc: &Document, t: &vita_model::Target, flags: &Flags) -> anyhow::Result<Plan> {
    let pdf = flags.pdf || t.pdf.unwrap_or(false);
    let backends = crate::targets::backends(t, pdf);
    // The target's options, then the command line's.
    let mut extra: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for (key, value) in t.options.iter().flatten() {
        if let Some((format, name)) = key.split_once('.') {
            if let Some(b) = backends.iter().find(|b| b.name() == format) {
                extra.entry(b.name()).or_default().insert(name.to_string(), value.clone());
            }
        }
    }
    for (k, v) in parse_options(&flags.options, &backends)? {
        extra.entry(k).or_default().extend(v);
    }
    let page = match (&flags.page, &t.page) {
        (Some(p), _) => *p,
        (None, Some(p)) => parse_page(p)?,
        (None, None) => Page::A4,
    };
    let template_dir = flags
        .templates
        .clone()
        .or_else(|| relative(file, t.templates.as_ref()))
        .or_else(|| relative(file, doc.cv.settings.templates.as_ref()));
    let base = Options {
        basename: t.output.clone().unwrap_or_else(|| "cv".into()),
        width: flags.width.or(t.width).unwrap_or(80),
        page,
        dates: t.dates.as_deref().and_then(vita_model::DateStyle::parse).unwrap_or_default(),
        lang: t.lang.clone(),
        source_date_epoch: source_date_epoch()?,
        ..Options::default()
    };
    let options = backend_options(&backends, &base, template_dir.as_deref(), &extra)?;
    Ok(Plan {
        doc: vita_model::target::apply(doc, t),
        backends,
        options,
        pdf,
        pdf_optional: !flags.pdf,
        label: format!("target {}: ", t.name),
        max_pages: t.max_pages,
    })
}

/// A path in the CV relative to the CV file.
fn relative(file: &Path, p: Option<&String>) -> Option<PathBuf> {
    p.map(|p| file.parent().unwrap_or(Path::new(".")).join(p))
}

fn backend_options(
    backends: &[&'static dyn Backend],
    base: &Options,
    template_dir: Option<&Path>,
    extra: &BTreeMap<&'static str, BTreeMap<String, String>>,
) -> anyhow::Result<Vec<Options>> {
    let overrides = match template_dir {
        Some(d) => read_templates(d, backends)?,
        None => BTreeMap::new(),
    };
    Ok(backends
        .iter()
        .map(|b| {
            let mut o = base.clone();
            o.templates = overrides.get(b.name()).cloned().unwrap_or_default();
            o.extra = extra.get(b.name()).cloned().unwrap_or_default();
            o
        })
        .collect())
}

/// Renders every backend of a plan, each on its own thread (the formats are
/// independent; results are taken in the plan's order, so output and
/// warnings stay deterministic); warnings go to standard error when `loud`.
fn render(plan: &Plan, file: &Path, loud: bool) -> anyhow::Result<Vec<OutputFile>> {
    // As many threads as cores (at most two: memory grows with each format
    // rendered at once), taking the formats in turn.
    let workers = std::env::var("VITA_JOBS")
        .ok()
        .and_then(|j| j.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(2))
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<anyhow::Result<vita_backend::Rendered>>>> =
        plan.backends.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(b) = plan.backends.get(i) else { break };
                let r = b.render(&plan.doc, &plan.options[i]).with_context(|| format!("the {} backend failed", b.name()));
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            });
        }
    });
    let results: Vec<anyhow::Result<vita_backend::Rendered>> = slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).unwrap_or_else(|| Err(anyhow!("a backend panicked"))))
        .collect();
    let mut files = Vec::new();
    for (b, rendered) in plan.backends.iter().zip(results) {
        let rendered = rendered?;
        if loud {
            for w in &rendered.warnings {
                // Warnings that start with a field path name the path in the file.
                let w = match w.split_once(": ") {
                    Some((path, rest)) if path.starts_with("sections[") => format!("{}: {rest}", plan.doc.source_path(path)),
                    _ => w.clone(),
                };
                eprintln!("{}: warning: {}{}: {w}", file.display(), plan.label, b.name());
            }
        }
        files.extend(rendered.files);
    }
    Ok(files)
}

/// Renders a plan and writes it into `output` (or standard output for `-`), then the PDF.
fn run(plan: &Plan, output: &str, file: &Path) -> anyhow::Result<()> {
    let files = render(plan, file, true)?;
    if output == "-" {
        if plan.pdf {
            bail!("--pdf writes a file; give an output folder with -o");
        }
        if files.len() != 1 {
            bail!("`-o -` writes one file to standard output; choose one format with --format");
        }
        std::io::stdout().write_all(&files[0].bytes)?;
        return Ok(());
    }
    let dir = Path::new(output);
    write_all(dir, &files)?;
    for f in &files {
        eprintln!("wrote {}", dir.join(&f.name).display());
    }
    if plan.pdf {
        let at = plan.backends.iter().position(|b| b.name() == "latex").context("no LaTeX backend in a PDF build")?;
        let opts = &plan.options[at];
        let tex = files.iter().find(|f| f.name == format!("{}.tex", opts.basename)).context("the LaTeX backend wrote no .tex")?;
        let pages = match make_pdf(&plan.doc, dir, &tex.bytes, opts, file) {
            Ok(p) => p,
            Err(e) if plan.pdf_optional && e.downcast_ref::<vita_latex::pdf::NoTex>().is_some() => {
                eprintln!(
                    "{}: warning: {}{}",
                    file.display(),
                    plan.label,
                    e.downcast_ref::<vita_latex::pdf::NoTex>().map(|n| n.0.as_str()).unwrap_or("")
                );
                None
            }
            Err(e) => return Err(e),
        };
        if let (Some(max), Some(n)) = (plan.max_pages, pages) {
            if n > max {
                eprintln!(
                    "{}: warning: {}{}.pdf has {n} pages, over the target's max_pages of {max}",
                    file.display(),
                    plan.label,
                    opts.basename
                );
            }
        }
    }
    Ok(())
}

/// Reads a template folder: for each backend, the files named like its templates.
fn read_templates(dir: &Path, backends: &[&dyn Backend]) -> anyhow::Result<BTreeMap<&'static str, BTreeMap<String, String>>> {
    let entries = fs::read_dir(dir).with_context(|| format!("reading the template folder {}", dir.display()))?;
    let mut by_backend: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    let mut names = Vec::new();
    for e in entries {
        let e = e?;
        if e.file_type()?.is_file() {
            names.push(e.file_name().to_string_lossy().to_string());
        }
    }
    names.sort();
    for name in names {
        let owners: Vec<&'static str> =
            BACKENDS.iter().filter(|b| b.default_templates().iter().any(|(n, _)| *n == name)).map(|b| b.name()).collect();
        if owners.is_empty() {
            eprintln!("{}: warning: `{name}` is not a template of any format; it is ignored", dir.display());
            continue;
        }
        let text = fs::read_to_string(dir.join(&name)).with_context(|| format!("reading {}", dir.join(&name).display()))?;
        for b in backends.iter().filter(|b| owners.contains(&b.name())) {
            by_backend.entry(b.name()).or_default().insert(name.clone(), text.clone());
        }
    }
    Ok(by_backend)
}

/// Parses `FORMAT.NAME=VALUE` options into per-format maps, refusing names a
/// format does not read.
fn parse_options(options: &[String], backends: &[&dyn Backend]) -> anyhow::Result<BTreeMap<&'static str, BTreeMap<String, String>>> {
    let mut out: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for o in options {
        let bad = |hint: String| BadInput(format!("error: bad option `{o}` ({hint})"));
        let Some((key, value)) = o.split_once('=') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let Some((format, name)) = key.split_once('.') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let backend = select(&[format.to_string()])?.remove(0);
        check_option(backend, name, value).map_err(|p| match p {
            OptionProblem::UnknownName(hint) | OptionProblem::BadValue(hint) => bad(hint),
        })?;
        if !backends.iter().any(|b| b.name() == backend.name()) {
            eprintln!("warning: option `{o}` is for the {format} format, which this build does not write");
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

/// Makes `cv.pdf` from the LaTeX source next to it, unless the PDF there was
/// made from the same source (a stamp file records the hashes).
fn make_pdf(doc: &Document, dir: &Path, tex: &[u8], opts: &Options, file: &Path) -> anyhow::Result<Option<u32>> {
    use sha2::{Digest, Sha256};
    let engine = vita_latex::engine_of(opts).map_err(|e| BadInput(format!("error: {e}")))?;
    let timeout = match opts.extra.get("timeout") {
        Some(t) => t.parse::<u64>().map_err(|_| BadInput(format!("error: latex.timeout=`{t}` is not a number of seconds")))?,
        None => 120,
    };
    let pdf_name = format!("{}.pdf", opts.basename);
    let pdf_path = dir.join(&pdf_name);
    let stamp_path = dir.join(format!(".{pdf_name}.stamp"));
    let hex = |bytes: &[u8]| Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let source_key = hex(&[tex, engine.program().as_bytes()].concat());
    if let (Ok(stamp), Ok(existing)) = (fs::read_to_string(&stamp_path), fs::read(&pdf_path)) {
        if stamp.split_whitespace().take(2).eq([source_key.as_str(), hex(&existing).as_str()]) {
            eprintln!("{} is up to date (same LaTeX source)", pdf_path.display());
            return Ok(stamp.split_whitespace().nth(2).and_then(|n| n.parse().ok()));
        }
    }
    // Dated like the Europass output: never the clock, so the same source gives the same PDF.
    let dated = doc.cv.updated.clone().or_else(|| doc.cv.latest_date());
    let sde = opts.source_date_epoch.or_else(|| dated.and_then(|u| u.as_date()).map(|d| d.unix_seconds())).unwrap_or(0);
    let job = vita_latex::pdf::Job { tex, engine, timeout: std::time::Duration::from_secs(timeout), source_date_epoch: Some(sde) };
    let pdf = vita_latex::pdf::compile(&job).context("making the PDF")?;
    for c in &pdf.missing {
        let mut fields = Vec::new();
        vita_model::validate::walk_strings(&doc.cv, &mut |path, text| {
            if text.contains(*c) {
                fields.push(path.to_string());
            }
        });
        eprintln!(
            "{}: warning: latex: the font has no `{c}` (U+{:04X}), used in {}; choose one that has it with -O latex.font=NAME",
            file.display(),
            *c as u32,
            fields.join(", ")
        );
    }
    let stamp = format!("{source_key} {} {}\n", hex(&pdf.bytes), pdf.pages.unwrap_or(0));
    write_all(
        dir,
        &[
            OutputFile { name: pdf_name, bytes: pdf.bytes },
            OutputFile { name: format!(".{}.pdf.stamp", opts.basename), bytes: stamp.into_bytes() },
        ],
    )?;
    eprintln!("wrote {}", pdf_path.display());
    Ok(pdf.pages)
}

fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Ok(Some(v.trim().parse().map_err(|_| anyhow!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))?)),
        Err(_) => Ok(None),
    }
}

/// Writes every file to a temporary name in the folder, then renames them all:
/// a failure leaves the previous outputs as they were, and a reader never
/// sees a half-written file. (No fsync: outputs are rebuilt from the source.)
pub fn write_all(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut staged = Vec::new();
    for f in files {
        let target = dir.join(&f.name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut tmp = tempfile::NamedTempFile::new_in(target.parent().unwrap_or(dir))
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        tmp.write_all(&f.bytes)?;
        // Temporary files are private (0600); outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).map(|m| m.permissions().mode()).unwrap_or(0o644);
            fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode))?;
        }
        staged.push((tmp, target));
    }
    for (tmp, target) in staged {
        tmp.persist(&target).with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(())
}

/// A commented starter CV that passes `vita check`.
pub fn starter(name: &str) -> String {
    let quoted = ron::to_string(&name.to_string()).unwrap_or_else(|_| "\"\"".into());
    include_str!("starter.ron").replace("\"FULL NAME\"", &quoted)
}
