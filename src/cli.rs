//! Command-line parsing and the commands.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use clap::{Parser, Subcommand};
use vita::registry::{self, BACKENDS};
use vita_backend::{Backend, Document, Options, OutputFile, Page, Program};

use crate::diagnostics;

#[derive(Parser)]
#[command(
    name = "vita",
    version,
    about = "One canonical CV in RON; a PDF (Typst or LaTeX), HTML, JSON Resume, Europass and plain text from it."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only (no warnings, no list of files written).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each step and how long it took.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a CV and list every problem.
    Check {
        /// The CV source (`.ron`, or a JSON Resume `.json`).
        file: PathBuf,
    },
    /// Write the outputs of a CV.
    Build(BuildArgs),
    /// Build, then build again whenever the CV or a file it reads changes.
    Watch {
        #[command(flatten)]
        build: BuildArgs,
        /// Also serve the output folder over HTTP (default 127.0.0.1 and a
        /// free port); open pages reload after each build.
        #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:0")]
        serve: Option<String>,
    },
    /// List a CV's targets with their formats and output files.
    Targets {
        /// The CV source.
        file: PathBuf,
    },
    /// Print a JSON Resume file or a Europass Candidate XML (or a Europass PDF
    /// with it attached) as a vita CV in RON, or a publication file (BibTeX,
    /// CSL-JSON, ORCID works) as a RON publication section.
    Import {
        /// The JSON Resume `.json`, Europass `.xml` or `.pdf`, `.bib`, CSL-JSON or ORCID `.json` file.
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
    /// Print a shell's completion script (format names complete too).
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

/// What `build` and `watch` take.
#[derive(clap::Args)]
struct BuildArgs {
    /// The CV source (`.ron`, or a JSON Resume `.json`); several, or a
    /// folder of them, build each into `DIR/<file stem>/`.
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    files: Vec<PathBuf>,
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
    /// Also make a PDF: with Typst (built in) unless the formats include one that makes it (`latex`: with TeX).
    #[arg(long)]
    pdf: bool,
    /// A format option, `FORMAT.NAME=VALUE` (repeatable; `vita formats` lists them).
    #[arg(short = 'O', long = "option", value_name = "FORMAT.NAME=VALUE")]
    options: Vec<String>,
    /// Build only this target (repeatable); default: every target.
    #[arg(short, long = "target", value_name = "NAME")]
    targets: Vec<String>,
}

impl BuildArgs {
    fn flags(self) -> anyhow::Result<(Vec<PathBuf>, Flags)> {
        let BuildArgs { files, output, formats, templates, width, page, pdf, options, targets } = self;
        let page = page.map(|p| parse_page(&p)).transpose()?;
        if output.is_empty() {
            return Err(BadInput::plain("error: -o needs a folder (or `-` for standard output)".into()).into());
        }
        Ok((files, Flags { output, formats, templates, width, page, pdf, options, targets }))
    }
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

/// Exit code 2: the input is wrong. The text is either drawn diagnostics
/// (safe to print as they are, perhaps in colour) or a message with user
/// data in it, cleaned when printed.
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
pub struct BadInput {
    text: String,
    drawn: bool,
}

impl BadInput {
    /// A message that may hold user data.
    pub fn plain(text: String) -> BadInput {
        BadInput { text, drawn: false }
    }

    /// Diagnostics drawn by [`diagnostics::render_all`].
    pub fn drawn(text: String) -> BadInput {
        BadInput { text, drawn: true }
    }

    /// Prints it to standard error (drawn diagnostics as they are, other
    /// text cleaned of control characters), ending with a line break.
    pub fn print(&self) {
        if self.drawn {
            crate::term::err(&self.text);
        } else {
            say_raw!("{}", self.text);
        }
        if !self.text.ends_with('\n') {
            crate::term::err("\n");
        }
    }
}

/// Runs the program.
pub fn main() -> ExitCode {
    // `COMPLETE=bash vita` prints a completion script that asks vita itself
    // (then it answers here, and exits): target names come from the CV.
    clap_complete::CompleteEnv::with_factory(completing).var("COMPLETE").complete();
    crate::process::install_signal_handler();
    // For the test of the panic hook only (debug builds): a panic whose
    // message holds the bytes given, as a bug quoting the input would.
    #[cfg(debug_assertions)]
    if let Some(bytes) = std::env::var_os("VITA_TEST_PANIC") {
        panic!("{}", bytes.to_string_lossy());
    }
    let cli = Cli::parse();
    crate::term::set_level(match (cli.quiet, cli.verbose) {
        (true, _) => crate::term::Level::Quiet,
        (_, true) => crate::term::Level::Verbose,
        _ => crate::term::Level::Normal,
    });
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(report(&e)),
    }
}

/// Prints an error as the command's last words, and gives its exit code:
/// 2 for bad input, 1 for anything else.
pub fn report(e: &anyhow::Error) -> u8 {
    if let Some(bad) = e.downcast_ref::<BadInput>() {
        bad.print();
        2
    } else if e.chain().any(|c| c.is::<vita_model::budget::Exceeded>()) {
        // A budget reached (a template that nests or loops too far) is bad input.
        say!("error: {e:#}");
        2
    } else {
        say!("error: {e:#}");
        1
    }
}

/// The command line as completion sees it: format names for `--format`
/// and `templates export`, and for `--target` the targets of the CV named
/// on the line being completed.
fn completing() -> clap::Command {
    use clap::CommandFactory;
    let names: Vec<&'static str> = BACKENDS.iter().map(|b| b.name()).collect();
    let formats = || clap::builder::PossibleValuesParser::new(names.clone());
    let targets = || clap_complete::engine::ArgValueCompleter::new(target_candidates);
    Cli::command()
        .mut_subcommand("build", |c| c.mut_arg("formats", |a| a.value_parser(formats())).mut_arg("targets", |a| a.add(targets())))
        .mut_subcommand("watch", |c| c.mut_arg("formats", |a| a.value_parser(formats())).mut_arg("targets", |a| a.add(targets())))
        .mut_subcommand("templates", |c| c.mut_subcommand("export", |e| e.mut_arg("format", |a| a.value_parser(formats()))))
}

/// The target names of the CV on the command line being completed (the
/// first argument after `build` or `watch` that is a readable CV).
fn target_candidates(current: &std::ffi::OsStr) -> Vec<clap_complete::engine::CompletionCandidate> {
    let words: Vec<std::ffi::OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let Some(at) = words.iter().position(|w| w == "build" || w == "watch") else { return Vec::new() };
    let Some(file) = words[at + 1..].iter().map(PathBuf::from).find(|p| !p.as_os_str().to_string_lossy().starts_with('-') && p.is_file())
    else {
        return Vec::new();
    };
    let Ok(loaded) = load(&file, true, false) else { return Vec::new() };
    let current = current.to_string_lossy();
    loaded
        .targets
        .iter()
        .filter(|t| t.name.starts_with(current.as_ref()))
        .map(|t| clap_complete::engine::CompletionCandidate::new(&t.name).help(t.preset.as_ref().map(|p| format!("preset {p}").into())))
        .collect()
}

/// The completion script of a shell: the command line's own words, with
/// the built-in format names offered for `--format` and `templates export`
/// (any other name, an external backend, is still accepted when parsing).
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = completing();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "vita", &mut out);
    out
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Completions { shell } => {
            std::io::stdout().write_all(&completions(shell))?;
            Ok(())
        }
        Command::Check { file } => {
            let loaded = load(&file, true, false)?;
            warnings(&loaded.warnings);
            // Everything `build` would do but write: the same plans, the same
            // renders, so every problem `build` reports for the input's sake
            // is reported here.
            let flags = Flags { output: "out".into(), ..Flags::default() };
            for (name, plan) in plans(&file, &loaded, &flags)? {
                let mut plan = plan.map_err(|e| {
                    let target = if name.is_empty() { String::new() } else { format!("target `{name}`: ") };
                    BadInput::plain(format!("error: {target}{e:#}"))
                })?;
                // No PDF is typeset unless a target counts its pages or a
                // template of the user's could fail in Typst: a check costs
                // what checking costs.
                let counted = plan.max_pages.is_some();
                for o in &mut plan.options {
                    o.check = !counted && o.templates.is_empty();
                }
                render(&plan, &file, true).map_err(|e| match e.downcast::<BadInput>() {
                    Ok(bad) => bad.into(),
                    Err(e) => anyhow::Error::from(BadInput::plain(format!("error: {e:#}"))),
                })?;
            }
            if crate::term::level() > crate::term::Level::Quiet {
                out!("{}: ok", crate::input::shown(&file));
            }
            Ok(())
        }
        Command::Build(args) => {
            let (files, flags) = args.flags()?;
            match files.as_slice() {
                [one] if !one.is_dir() => build(one, &flags),
                _ => crate::batch::run(&files, &flags),
            }
        }
        Command::Watch { build, serve } => {
            let (files, flags) = build.flags()?;
            let [file] = files.as_slice() else {
                return Err(BadInput::plain("error: `vita watch` follows one CV; give one file".into()).into());
            };
            crate::term::set_summary_only();
            crate::watch::run(file, &flags, serve.as_deref())
        }
        Command::Targets { file } => {
            let loaded = load(&file, true, false)?;
            warnings(&loaded.warnings);
            if loaded.targets.is_empty() {
                out!("{} defines no targets; `vita build` writes every format into one folder", crate::input::shown(&file));
            }
            let flags = Flags::default();
            for r in &loaded.targets {
                let plan = target_plan(&file, &loaded.document, r, &flags)?;
                let files = render(&plan, &file, false)?.files;
                let mut names: Vec<String> = files.iter().map(|(_, f)| f.name.clone()).collect();
                if plan.pdf {
                    names.push(format!("{}.pdf", plan.options[0].basename));
                }
                let mut formats: Vec<&str> = plan.backends.iter().map(|b| b.name()).collect();
                if plan.pdf {
                    formats.push("pdf");
                }
                let preset = r.preset.as_ref().map(|p| format!("  (preset {p})")).unwrap_or_default();
                out!(
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
            if crate::archive::is_export(&file) && !crate::input::is_stdin(&file) {
                return import_export(&file);
            }
            if let Some(section) = import_publications(&file)? {
                print!("{section}");
                return Ok(());
            }
            let loaded = load(&file, false, true)?;
            warnings(&loaded.warnings);
            let ron = vita_model::to_ron(&loaded.document.cv).context("writing RON")?;
            print!("{ron}");
            Ok(())
        }
        Command::Formats => {
            for b in BACKENDS {
                out!("{:<12} {}", b.name(), b.description());
                for (name, what) in b.options() {
                    out!("{:<12}   -O {}.{name}=...  {what}", "", b.name());
                }
            }
            for (name, path) in crate::external::all() {
                if !BACKENDS.iter().any(|b| b.name() == name) {
                    out!("{name:<12} (external) {}", path.display());
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
                crate::write::create_new(&path, text.as_bytes())?;
                out!("{}", path.display());
            }
            Ok(())
        }
    }
}

struct Loaded {
    document: Document,
    /// Warnings, rendered.
    warnings: String,
    /// The CV's targets over their presets (none for a CV without targets).
    targets: Vec<vita_model::Target>,
}

/// Reads, parses and validates a CV, and (`with_targets`) resolves its
/// targets: every problem of the CV and of its targets (and their files) in
/// one pass. A build of named formats and an import leave the targets alone.
fn load(file: &Path, with_targets: bool, importing: bool) -> anyhow::Result<Loaded> {
    let name = crate::input::shown(file).to_string();
    let yaml = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if yaml && !importing {
        // A RenderCV file maps onto a CV with warnings a user should read once, not at every build.
        let shown = crate::term::clean(&name);
        return Err(BadInput::plain(format!(
            "error: {shown}: vita reads YAML (RenderCV) only through `vita import`\n  \
             hint: run `vita import {shown} > cv.ron`, read its warnings, then `vita build cv.ron`"
        ))
        .into());
    }
    let started = std::time::Instant::now();
    let is_pdf = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let src = if is_pdf {
        // A Europass PDF carries its CV as an attached Candidate XML.
        let bytes = crate::input::read_bytes(file, crate::input::MAX_INPUT)
            .map_err(|u| BadInput::drawn(diagnostics::render_all(&[u.0], &name, "")))?;
        vita_europass::import::from_pdf(bytes).map_err(|m| BadInput::plain(format!("error: {name}: {m}")))?
    } else {
        crate::input::read_text(file).map_err(|u| BadInput::drawn(diagnostics::render_all(&[u.0], &name, "")))?
    };
    step!("read {name} ({} bytes) in {}", src.len(), crate::term::millis(started));
    let started = std::time::Instant::now();
    let mut from_files = String::new();
    let mut files_failed = false;
    // Standard input has no name to tell JSON Resume by: its first character does.
    let xml = registry::IMPORTERS.iter().find(|i| i.name == "europass");
    let importer = if is_pdf { xml } else { registry::importer(file) }.or_else(|| {
        (crate::input::is_stdin(file) && src.trim_start().starts_with('{'))
            .then(|| registry::IMPORTERS.iter().find(|i| i.extensions.contains(&"json")))
            .flatten()
    });
    let (checked, targets) = if let Some(importer) = importer {
        let checked = (importer.load)(&src);
        let targets = checked
            .document
            .as_ref()
            .filter(|_| with_targets)
            .map(|d| crate::targets::resolve(file, &src, &vita_model::LazySpans::default(), &d.cv));
        (checked, targets)
    } else {
        match vita_model::parse(&src) {
            Ok(mut cv) => {
                // Publication files first: the targets and checks see the merged list.
                let mut sources = crate::sources::resolve(file, &mut cv);
                // One position scan of the CV, made only if a diagnostic needs it.
                let spans = vita_model::LazySpans::default();
                let mut targets = if with_targets { Some(crate::targets::resolve(file, &src, &spans, &cv)) } else { None };
                let settings = crate::targets::check_format_settings(file, &cv, &src, &spans);
                if !settings.is_empty() {
                    let t = targets.get_or_insert_with(crate::targets::Resolved::default);
                    t.in_cv.extend(settings);
                }
                let checked = if sources.any() || !sources.in_cv.is_empty() {
                    // Positions after placing: an entry's path before and after ordering differ.
                    let mut checked = vita_model::check_with(cv, vita_model::SpanIndex::default);
                    let mut diags = sources.place(std::mem::take(&mut checked.diagnostics), || spans.get(&src));
                    for mut d in std::mem::take(&mut sources.in_cv) {
                        d.pos = d.pos.or_else(|| spans.get(&src).find(&d.path));
                        diags.push(d);
                    }
                    if diags.iter().any(vita_model::Diagnostic::is_error) {
                        checked.document = None;
                    }
                    checked.diagnostics = diags;
                    files_failed = sources.failed();
                    from_files = sources.render();
                    checked
                } else {
                    vita_model::check_with(cv, || spans.get(&src).clone())
                };
                (checked, targets)
            }
            Err(d) => (vita_model::Checked { document: None, diagnostics: vec![*d] }, None),
        }
    };
    let mut diags = checked.diagnostics;
    let mut failed = checked.document.is_none() || files_failed;
    let mut resolved = Vec::new();
    let mut others = String::new();
    if let Some(t) = targets {
        failed |= t.failed || t.in_cv.iter().any(vita_model::Diagnostic::is_error);
        diags.extend(t.in_cv);
        diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
        others = t.rendered;
        resolved = t.targets;
    }
    diags.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    // The CV's own labels files, for each language it is built in.
    if let Some(doc) = &checked.document {
        let mut langs: Vec<&str> =
            doc.cv.settings.lang.iter().chain(resolved.iter().filter_map(|t| t.lang.as_ref())).map(String::as_str).collect();
        langs.dedup();
        let mut seen = Vec::new();
        for lang in langs {
            if seen.contains(&lang) {
                continue;
            }
            seen.push(lang);
            let (drawn, bad) = crate::labels::check_file(file, lang);
            others.push_str(&drawn);
            failed |= bad;
        }
    }
    step!(
        "parsed and checked {name}{} in {}: {}",
        if with_targets { " and its targets" } else { "" },
        crate::term::millis(started),
        diagnostics::plural(diags.len(), "diagnostic")
    );
    let mut rendered = diagnostics::render_all(&diags, &name, &src);
    rendered.push_str(&from_files);
    rendered.push_str(&others);
    match checked.document {
        Some(document) if !failed => Ok(Loaded { document, warnings: rendered, targets: resolved }),
        _ => Err(BadInput::drawn(rendered).into()),
    }
}

/// `vita import` of a LinkedIn data export (its zip archive or folder).
fn import_export(file: &Path) -> anyhow::Result<()> {
    let name = crate::input::shown(file).to_string();
    let files = crate::archive::read(file)
        .map_err(|m| BadInput::plain(format!("error: {}: {}", crate::term::clean(&name), crate::term::clean(&m))))?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if !vita_linkedin::is_export(&names) {
        return Err(BadInput::plain(format!(
            "error: {}: this is not a LinkedIn data export (it has no Profile.csv beside Positions.csv, Education.csv, ...)\n  \
             hint: vita imports the archive LinkedIn sends (Settings, Data privacy, Get a copy of your data), or its unzipped folder",
            crate::term::clean(&name)
        ))
        .into());
    }
    let checked = vita_linkedin::load(&files);
    let drawn = diagnostics::render_all(&checked.diagnostics, &name, "");
    let Some(document) = checked.document else { return Err(BadInput::drawn(drawn).into()) };
    warnings(&drawn);
    print!("{}", vita_model::to_ron(&document.cv).context("writing RON")?);
    Ok(())
}

/// A publication file (BibTeX, CSL-JSON, ORCID) as one RON `Publications(...)`
/// section, newest first; `None` for a file no publication reader takes.
fn import_publications(file: &Path) -> anyhow::Result<Option<String>> {
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let stdin = crate::input::is_stdin(file);
    if !stdin && !matches!(ext.as_deref(), Some("bib" | "json")) {
        return Ok(None);
    }
    let name = crate::input::shown(file).to_string();
    let text = crate::input::read_text(file).map_err(|u| BadInput::drawn(diagnostics::render_all(&[u.0], &name, "")))?;
    // Standard input is told by its first character: JSON, or BibTeX's `@` (or a `%` comment).
    let as_if = match text.trim_start().chars().next() {
        _ if !stdin => file.to_path_buf(),
        Some('{' | '[') => PathBuf::from("stdin.json"),
        Some('@' | '%') => PathBuf::from("stdin.bib"),
        _ => return Ok(None),
    };
    let Some(reader) = registry::source(&as_if, &text) else { return Ok(None) };
    let mut read = (reader.read)(&text);
    if read.diagnostics.iter().any(vita_model::Diagnostic::is_error) {
        return Err(BadInput::drawn(diagnostics::render_all(&read.diagnostics, &name, &text)).into());
    }
    vita_model::source::settle(&mut read);
    let drawn = diagnostics::render_all(&read.diagnostics, &name, &text);
    warnings(&drawn);
    let mut list =
        vita_model::PublicationList { title: "Publications".into(), order: Some(vita_model::Order::Newest), ..Default::default() };
    vita_model::source::merge(&mut list, "", &name, &read.entries);
    let ron = vita_model::to_ron_value(&vita_model::Section::Publications(list)).context("writing RON")?;
    // A section inside `sections: [...]`: no file attributes, a comma after it.
    let ron: String = ron.lines().filter(|l| !l.starts_with("#![")).map(|l| format!("{l}\n")).collect();
    let ron = format!("{},\n", ron.trim_end());
    let base =
        if stdin { "papers.bib".to_string() } else { file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default() };
    Ok(Some(format!(
        "// {} from {} ({}), newest first. Paste this section into a CV's\n\
         // `sections: [...]`, or keep the file and write `Publications(title: \"Publications\",\n\
         // from: \"{}\", overlay: {{...}})` to read it at every build.\n{ron}",
        diagnostics::plural(read.entries.len(), "publication"),
        crate::term::clean(if stdin { &name } else { &base }),
        reader.name,
        crate::term::clean(&base).replace(['"', '\\'], "_"),
    )))
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
                let hint = registry::left_out(n).unwrap_or_else(|| vita_model::validate::did_you_mean(n, &known, "known formats"));
                return Err(BadInput::plain(format!("error: unknown format `{n}` ({hint})")).into());
            }
        }
    }
    Ok(out)
}

fn parse_page(p: &str) -> anyhow::Result<Page> {
    Page::parse(p).ok_or_else(|| BadInput::plain(format!("error: unknown page size `{p}` (use a4 or letter)")).into())
}

/// What the command line says about a build.
#[derive(Default, Clone)]
pub struct Flags {
    /// `-o`: the output folder, or `-`.
    pub output: String,
    formats: Vec<String>,
    /// `--templates`.
    pub templates: Option<PathBuf>,
    width: Option<usize>,
    page: Option<Page>,
    pdf: bool,
    options: Vec<String>,
    targets: Vec<String>,
}

/// One build: the backends, each with its options, and whether to make a PDF.
struct Plan<'a> {
    doc: std::borrow::Cow<'a, Document>,
    backends: Vec<&'static dyn Backend>,
    options: Vec<Options>,
    pdf: bool,
    /// A target asked for the PDF (not `--pdf`): without TeX, a warning.
    pdf_optional: bool,
    /// `target NAME: ` for a target's messages.
    label: String,
    /// Whether this is a target's build (it owns its folder).
    target: bool,
    max_pages: Option<u32>,
    /// A PDF was asked for (`--pdf`, `pdf: true`) with the formats named:
    /// a format that writes a PDF itself beside one whose program would
    /// write the same file is an error, not a silent choice.
    pdf_named: bool,
}

/// Builds a CV as the flags say.
pub fn build(file: &Path, flags: &Flags) -> anyhow::Result<()> {
    let loaded = load(file, flags.formats.is_empty(), false)?;
    warnings(&loaded.warnings);
    let cv = &loaded.document.cv;
    let has_targets = !cv.targets.is_empty() || cv.settings.targets.is_some();
    if !flags.targets.is_empty() && !flags.formats.is_empty() {
        return Err(BadInput::plain("error: --target builds a target's own formats; leave out --format, or --target".into()).into());
    }
    if has_targets && flags.formats.is_empty() {
        let names: Vec<&str> = loaded.targets.iter().map(|r| r.name.as_str()).collect();
        for t in &flags.targets {
            if !names.contains(&t.as_str()) {
                let hint = vita_model::validate::did_you_mean(t, &names, "targets");
                return Err(BadInput::plain(format!("error: no target named `{t}` ({hint})")).into());
            }
        }
        let chosen = if flags.targets.is_empty() { names.len() } else { flags.targets.len() };
        if flags.output == "-" && chosen != 1 {
            return Err(BadInput::plain(
                "error: targets write folders; give -o DIR, or name one target with --target to print its file (or one format with --format)"
                    .into(),
            )
            .into());
        }
    } else if !flags.targets.is_empty() {
        return Err(BadInput::plain(format!(
            "error: {} defines no targets (add `targets: [(name: \"...\", preset: \"academic-cv\")]`)",
            crate::input::shown(file)
        ))
        .into());
    }
    let plans = plans(file, &loaded, flags)?;
    if !has_targets_build(&loaded, flags) {
        for (_, plan) in plans {
            let out = (flags.output != "-").then(|| Path::new(&flags.output));
            run(&plan?, out, file)?;
        }
        return Ok(());
    }
    let mut failed = Vec::new();
    let mut bad = 0;
    let total = plans.len();
    if flags.output == "-" {
        // One target (checked above), its one file to standard output.
        for (_, plan) in plans {
            run(&plan?, None, file)?;
        }
        return Ok(());
    }
    for (name, plan) in plans {
        let result = plan.and_then(|plan| {
            let dir = crate::write::target_dir(Path::new(&flags.output), &name)?;
            run(&plan, Some(&dir), file)
        });
        match result {
            Ok(()) => {}
            // Bad input says which target itself.
            Err(e) => {
                if let Some(b) = e.downcast_ref::<BadInput>() {
                    b.print();
                    bad += 1;
                    failed.push(name);
                    continue;
                }
                say!("error: target `{name}`: {e:#}");
                failed.push(name);
            }
        }
    }
    if !failed.is_empty() {
        let summary = format!("{} of {} targets failed: {}", failed.len(), total, failed.join(", "));
        if bad == failed.len() {
            return Err(BadInput::plain(format!("error: {summary}")).into());
        }
        bail!("{summary}");
    }
    Ok(())
}

/// Whether a build writes targets (each into its folder) rather than formats into one.
fn has_targets_build(loaded: &Loaded, flags: &Flags) -> bool {
    let cv = &loaded.document.cv;
    (!cv.targets.is_empty() || cv.settings.targets.is_some()) && flags.formats.is_empty()
}

/// The plans of a build, by target name: one per chosen target, or one
/// (named "") for the formats asked. A target whose plan fails is an error
/// in its place; the others stand.
fn plans<'a>(file: &Path, loaded: &'a Loaded, flags: &Flags) -> anyhow::Result<Vec<(String, anyhow::Result<Plan<'a>>)>> {
    if !has_targets_build(loaded, flags) {
        return Ok(vec![(String::new(), Ok(plain_plan(file, &loaded.document, flags)?))]);
    }
    Ok(loaded
        .targets
        .iter()
        .filter(|r| flags.targets.is_empty() || flags.targets.contains(&r.name))
        .map(|r| (r.name.clone(), target_plan(file, &loaded.document, r, flags)))
        .collect())
}

fn plain_plan<'a>(file: &Path, doc: &'a Document, flags: &Flags) -> anyhow::Result<Plan<'a>> {
    let mut backends = select(&flags.formats)?;
    if flags.pdf {
        crate::targets::add_pdf_format(&mut backends);
    }
    let pdf = crate::targets::pdf_by_program(flags.pdf, &backends);
    let extra = parse_options(&flags.options, &backends)?;
    let template_dir = flags.templates.clone().or_else(|| relative(file, doc.cv.settings.templates.as_ref()));
    let mut base = Options::default();
    base.width = flags.width.unwrap_or(80);
    base.page = flags.page.unwrap_or(Page::A4);
    base.source_date_epoch = source_date_epoch()?;
    let options = backend_options(&backends, &base, template_dir.as_deref(), &extra, file, doc.cv.settings.lang.as_deref())?;
    Ok(Plan {
        doc: std::borrow::Cow::Borrowed(doc),
        backends,
        options,
        pdf,
        pdf_optional: false,
        label: String::new(),
        target: false,
        max_pages: None,
        pdf_named: flags.pdf && !flags.formats.is_empty(),
    })
}

fn target_plan<'a>(file: &Path, doc: &'a Document, t: &vita_model::Target, flags: &Flags) -> anyhow::Result<Plan<'a>> {
    let asked = flags.pdf || t.pdf.unwrap_or(false);
    let backends = crate::targets::backends(t, asked);
    let pdf = crate::targets::pdf_by_program(asked, &backends);
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
    let mut base = Options::default();
    base.basename = t.output.clone().unwrap_or_else(|| "cv".into());
    base.width = flags.width.or(t.width).unwrap_or(80);
    base.page = page;
    base.dates = t.dates.as_deref().and_then(vita_model::DateStyle::parse).unwrap_or_default();
    base.lang = t.lang.clone();
    base.source_date_epoch = source_date_epoch()?;
    let lang = t.lang.as_deref().or(doc.cv.settings.lang.as_deref());
    let options = backend_options(&backends, &base, template_dir.as_deref(), &extra, file, lang)?;
    Ok(Plan {
        doc: std::borrow::Cow::Owned(vita_model::target::apply(doc, t)),
        backends,
        options,
        pdf,
        pdf_optional: !flags.pdf,
        label: format!("target {}: ", t.name),
        target: true,
        max_pages: t.max_pages,
        pdf_named: asked && t.formats.is_some(),
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
    file: &Path,
    lang: Option<&str>,
) -> anyhow::Result<Vec<Options>> {
    let overrides = match template_dir {
        Some(d) => read_templates(d, backends)?,
        None => BTreeMap::new(),
    };
    // The CV's own words for its language (`labels/<tag>.ron`), if it has them.
    let labels = lang.and_then(|l| crate::labels::text(file, l));
    backends
        .iter()
        .map(|b| {
            let mut o = base.clone();
            o.templates = overrides.get(b.name()).cloned().unwrap_or_default();
            o.extra = extra.get(b.name()).cloned().unwrap_or_default();
            o.labels = labels.clone();
            // Font folders are relative to the CV, like template folders.
            o.fonts = crate::fonts::read(&b.font_request(&o), file.parent().unwrap_or(Path::new(".")))?;
            Ok(o)
        })
        .collect()
}

/// Renders every backend of a plan, each on its own thread (the formats are
/// independent; results are taken in the plan's order, so output and
/// warnings stay deterministic); warnings go to standard error when `loud`.
/// Two formats that would write the same file name fail the plan.
fn render(plan: &Plan, file: &Path, loud: bool) -> anyhow::Result<Output> {
    // As many threads as cores (at most two: memory grows with each format
    // rendered at once), taking the formats in turn.
    let workers = std::env::var("VITA_JOBS")
        .ok()
        .and_then(|j| j.parse::<usize>().ok())
        .or_else(crate::term::render_jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()).min(2))
        .clamp(1, 64);
    // Files a backend carries from another format (Typst's PDF with the
    // Europass XML): that format rendered first, from the same document.
    let mut options = plan.options.clone();
    for (b, o) in plan.backends.iter().zip(options.iter_mut()) {
        for name in b.attachments(o) {
            let other = registry::backend(name)
                .with_context(|| format!("the {} format asks for the {name} format, which this vita lacks", b.name()))?;
            let mut base = Options::default();
            base.basename = o.basename.clone();
            base.lang = o.lang.clone();
            base.labels = o.labels.clone();
            base.dates = o.dates;
            base.source_date_epoch = o.source_date_epoch;
            let made = other.render(&plan.doc, &base).with_context(|| format!("the {name} file to attach to the {} output", b.name()))?;
            o.attachments.extend(made.files);
        }
    }
    let options = &options;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<anyhow::Result<vita_backend::Rendered>>>> =
        plan.backends.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(b) = plan.backends.get(i) else { break };
        let started = std::time::Instant::now();
        // Typesetting runs in this process: a template that loops is stopped by the clock.
        let _limit = (b.name() == "typst").then(|| typeset_limit(plan, file, &options[i]));
        let r = b.render(&plan.doc, &options[i]).with_context(|| format!("the {} backend failed", b.name()));
        step!("{}rendered {} in {}", plan.label, b.name(), crate::term::millis(started));
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    };
    if workers == 1 || plan.backends.len() == 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(work);
            }
        });
    }
    let results: Vec<anyhow::Result<vita_backend::Rendered>> = slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).unwrap_or_else(|| Err(anyhow!("a backend panicked"))))
        .collect();
    let mut out = Output::default();
    for (b, rendered) in plan.backends.iter().zip(results) {
        let rendered = rendered?;
        if loud {
            print_diagnostics(plan, file, b.name(), &rendered.diagnostics);
        }
        if let Some(n) = rendered.pages {
            let paged = rendered.files.iter().find(|f| f.name.ends_with(".pdf")).map_or_else(|| b.name().to_string(), |f| f.name.clone());
            out.pages.push((paged, n));
        }
        for f in rendered.files {
            crate::write::check_name(&f.name).with_context(|| format!("the {} backend", b.name()))?;
            if let Some((other, _)) = out.files.iter().find(|(_, g)| g.name == f.name) {
                bail!("the {other} and {} formats both write `{}`; build them into different folders", b.name(), f.name);
            }
            out.files.push((b.name(), f));
        }
        if let Some(p) = rendered.program {
            out.programs.push((*b, p));
        }
    }
    if plan.pdf_named {
        for (b, p) in &out.programs {
            if let Some((writer, _)) = out.files.iter().find(|(_, f)| f.name == p.output) {
                return Err(BadInput::plain(format!(
                    "error: {}the {writer} format writes `{}` itself, and the {} format would make it too (a PDF was asked for); \
                     leave out `pdf: true`/--pdf to take the {writer} PDF, or build {} into its own target or folder",
                    plan.label,
                    p.output,
                    b.name(),
                    b.name()
                ))
                .into());
            }
        }
    }
    Ok(out)
}

/// The time limit over typesetting a plan's Typst PDF: `typst.timeout`
/// seconds, by default [`vita_model::budget::TYPESET_SECONDS`].
fn typeset_limit(plan: &Plan, file: &Path, options: &Options) -> crate::watchdog::Guard {
    let secs = options.extra.get("timeout").and_then(|t| t.parse().ok()).unwrap_or(vita_model::budget::TYPESET_SECONDS);
    let why = if options.templates.is_empty() {
        "for a CV this large, raise the limit with -O typst.timeout=SECONDS".to_string()
    } else {
        let names: Vec<String> = options.templates.keys().map(|n| format!("`{n}`")).collect();
        format!("does the template {} of the template folder loop? (-O typst.timeout=SECONDS sets the limit)", names.join(", "))
    };
    crate::watchdog::arm(
        std::time::Duration::from_secs(secs),
        format!("error: {}{}: typesetting the PDF took more than {secs} s and was stopped; {why}", crate::input::shown(file), plan.label),
    )
}

/// What the backends of a plan produced.
#[derive(Default)]
struct Output {
    /// Files, with the format that made each.
    files: Vec<(&'static str, OutputFile)>,
    /// Programs the backends declared (a PDF from LaTeX), run when the plan asks.
    programs: Vec<(&'static dyn Backend, Program)>,
    /// Page counts of paged files the backends made themselves, by file name.
    pages: Vec<(String, u32)>,
}

/// Warns when a paged output has more pages than the target allows.
fn check_pages(plan: &Plan, file: &Path, output: &str, pages: u32) {
    if let Some(max) = plan.max_pages.filter(|max| pages > *max) {
        note!("{}: warning: {}{output} has {pages} pages, over the target's max_pages of {max}", crate::input::shown(file), plan.label);
    }
}

/// Prints a backend's diagnostics, their paths mapped back to the CV's own.
fn print_diagnostics(plan: &Plan, file: &Path, format: &str, diagnostics: &[vita_backend::Diagnostic]) {
    for (i, d) in diagnostics.iter().enumerate() {
        if i == MAX_WARNINGS {
            note!("{}: warning: {}{format}: {} more warnings not shown", crate::input::shown(file), plan.label, diagnostics.len() - i);
            break;
        }
        let kind = if d.is_error() { "error" } else { "warning" };
        if !d.is_error() {
            crate::term::warned(1);
        }
        let path = if d.path.is_empty() { String::new() } else { format!("{}: ", plan.doc.source_path(&d.path)) };
        let hint = d.hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
        if d.is_error() {
            say!("{}: {kind}: {}{format}: {path}{}{hint}", crate::input::shown(file), plan.label, d.message);
        } else {
            note!("{}: {kind}: {}{format}: {path}{}{hint}", crate::input::shown(file), plan.label, d.message);
        }
    }
}

/// Prints drawn warnings (diagnostics that did not stop the command), unless `--quiet`.
fn warnings(drawn: &str) {
    crate::term::warned(drawn.lines().filter(|l| l.contains(": warning: ")).count());
    if crate::term::level() > crate::term::Level::Quiet {
        crate::term::err(drawn);
    }
}

/// The most warnings one format prints; the rest are counted.
const MAX_WARNINGS: usize = 50;

/// Renders a plan and writes it into `output` (standard output for
/// `None`): the PDF is made first, then every file is written at once.
fn run(plan: &Plan, output: Option<&Path>, file: &Path) -> anyhow::Result<()> {
    let rendered = render(plan, file, true)?;
    for (name, n) in &rendered.pages {
        check_pages(plan, file, name, *n);
    }
    let files = &rendered.files;
    let Some(dir) = output else {
        if plan.pdf {
            bail!("{}a PDF is made in a folder; give an output folder with -o", plan.label);
        }
        if files.len() != 1 {
            let names: Vec<&str> = files.iter().map(|(_, f)| f.name.as_str()).collect();
            if plan.target {
                return Err(BadInput::plain(format!(
                    "error: {}`-o -` prints one file, and this target writes {} ({}); give -o DIR",
                    plan.label,
                    names.len(),
                    names.join(", ")
                ))
                .into());
            }
            bail!("`-o -` writes one file to standard output; choose one format with --format");
        }
        std::io::stdout().write_all(&files[0].1.bytes)?;
        return Ok(());
    };
    let mut extra: Vec<OutputFile> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut program_error = None;
    if plan.pdf {
        let (backend, program) =
            rendered.programs.iter().find(|(_, p)| p.output.ends_with(".pdf")).context("no format of this build makes a PDF")?;
        let started = std::time::Instant::now();
        let made = crate::program::make(&plan.doc, dir, *backend, program).with_context(|| format!("making {}", program.output));
        step!("{}made {} with {} in {}", plan.label, program.output, backend.name(), crate::term::millis(started));
        match made {
            Ok(made) => {
                print_diagnostics(plan, file, backend.name(), &made.diagnostics);
                if let Some(n) = made.pages {
                    check_pages(plan, file, &program.output, n);
                }
                match made.fresh {
                    Some(f) => extra.extend(f),
                    None => kept.extend([program.output.clone(), crate::program::stamp_name(&program.output)]),
                }
            }
            Err(e) if plan.pdf_optional && e.downcast_ref::<crate::program::NotInstalled>().is_some() => {
                note!("{}: warning: {}{e}", crate::input::shown(file), plan.label);
            }
            // The other outputs are still written (an earlier PDF goes: it is no longer current).
            Err(e) => program_error = Some(e),
        }
    }
    let mut outs: Vec<crate::write::Out> = files.iter().map(|(p, f)| crate::write::Out { producer: p, file: Ok(f) }).collect();
    outs.extend(extra.iter().map(|f| crate::write::Out { producer: "pdf", file: Ok(f) }));
    outs.extend(kept.iter().map(|n| crate::write::Out { producer: "pdf", file: Err(n.as_str()) }));
    let mut producers: Vec<String> = plan.backends.iter().map(|b| b.name().to_string()).collect();
    if plan.pdf {
        producers.push("pdf".into());
    }
    // A target owns its folder; a build of named formats shares it with whatever else is there.
    let scope = if plan.target { crate::write::Scope::Whole } else { crate::write::Scope::Producers(&producers) };
    let started = std::time::Instant::now();
    let written = crate::write::write_set(dir, &outs, scope)?;
    step!(
        "{}wrote {} into {} in {}",
        plan.label,
        diagnostics::plural(written.written.len(), "file"),
        dir.display(),
        crate::term::millis(started)
    );
    for p in &written.written {
        crate::term::wrote(p);
        if !crate::term::summary_only() {
            note!("wrote {}", p.display());
        }
    }
    if let Some(first) = kept.first() {
        note!("{} is up to date (made from the same source)", dir.join(first).display());
    }
    for p in &written.removed {
        note!("removed {} (this build no longer makes it)", p.display());
    }
    for w in &written.warnings {
        note!("warning: {w}");
    }
    match program_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Reads a template folder: for each backend, the files named like its
/// templates. A folder that is missing, or a template that is not a regular
/// UTF-8 file of bounded size, is bad input.
fn read_templates(dir: &Path, backends: &[&dyn Backend]) -> anyhow::Result<BTreeMap<&'static str, BTreeMap<String, String>>> {
    let bad = |what: String| BadInput::plain(format!("error: {what}"));
    if !dir.is_dir() {
        return Err(
            bad(format!("the template folder {} does not exist (`vita templates export FORMAT DIR` makes one)", dir.display())).into()
        );
    }
    let entries =
        fs::read_dir(dir).map_err(|e| bad(format!("reading the template folder {}: {}", dir.display(), crate::input::io_message(&e))))?;
    let mut by_backend: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    let mut names = Vec::new();
    for e in entries.flatten() {
        names.push(e.file_name().to_string_lossy().to_string());
    }
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
            note!("{}: warning: the folder holds no template of any format; it is ignored", dir.display());
        } else {
            for name in strays.iter().take(5) {
                note!("{}: warning: `{name}` is not a template of any format; it is ignored", dir.display());
            }
            if strays.len() > 5 {
                note!("{}: warning: {} more files are not templates", dir.display(), strays.len() - 5);
            }
        }
    }
    for name in names {
        let owners = owners_of(&name);
        if owners.is_empty() {
            continue;
        }
        if !backends.iter().any(|b| owners.contains(&b.name())) {
            continue;
        }
        let path = dir.join(&name);
        let text = crate::input::read_text_within(dir, &path, "the template folder")
            .map_err(|u| BadInput::drawn(diagnostics::render_all(&[u.0], &path.display().to_string(), "")))?;
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
        let bad = |hint: String| BadInput::plain(format!("error: bad option `{o}` ({hint})"));
        let Some((key, value)) = o.split_once('=') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let Some((format, name)) = key.split_once('.') else { return Err(bad("write FORMAT.NAME=VALUE".into()).into()) };
        let backend = select(&[format.to_string()])?.remove(0);
        check_option(backend, name, value).map_err(|p| match p {
            OptionProblem::UnknownName(hint) | OptionProblem::BadValue(hint) => bad(hint),
        })?;
        if !backends.iter().any(|b| b.name() == backend.name()) {
            note!("warning: option `{o}` is for the {format} format, which this build does not write");
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

fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Ok(Some(v.trim().parse().map_err(|_| anyhow!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))?)),
        Err(_) => Ok(None),
    }
}

/// A commented starter CV that passes `vita check`.
pub fn starter(name: &str) -> String {
    let quoted = ron::to_string(&name.to_string()).unwrap_or_else(|_| "\"\"".into());
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, _) = vita_model::date::civil_from_days(days as i64);
    include_str!("starter.ron").replace("\"FULL NAME\"", &quoted).replace("UPDATED", &format!("{year:04}-{month:02}"))
}
