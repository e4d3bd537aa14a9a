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
pub const BACKENDS: &[&dyn Backend] = &[&vita_text::Text, &vita_html::Html, &vita_europass::Europass];

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
        /// The CV source (`.ron`).
        file: PathBuf,
    },
    /// Write the outputs of a CV.
    Build {
        /// The CV source (`.ron`).
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
        /// Line width of text output.
        #[arg(long, default_value_t = 80)]
        width: usize,
        /// Paper size for print output: a4 or letter.
        #[arg(long, default_value = "a4")]
        page: String,
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
    match run(cli) {
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

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Check { file } => {
            let loaded = load(&file)?;
            eprint!("{}", loaded.warnings);
            println!("{}: ok", file.display());
            Ok(())
        }
        Command::Build { file, output, formats, templates, width, page } => {
            let loaded = load(&file)?;
            eprint!("{}", loaded.warnings);
            let page = match page.to_ascii_lowercase().as_str() {
                "a4" => Page::A4,
                "letter" => Page::Letter,
                other => return Err(BadInput(format!("error: unknown page size `{other}` (use a4 or letter)")).into()),
            };
            let backends = select(&formats)?;
            let template_dir = templates.or_else(|| {
                let t = loaded.document.cv.settings.templates.as_ref()?;
                Some(file.parent().unwrap_or(Path::new(".")).join(t))
            });
            let overrides = match &template_dir {
                Some(d) => read_templates(d, &backends)?,
                None => BTreeMap::new(),
            };
            let base = Options { width, page, source_date_epoch: source_date_epoch()?, ..Options::default() };
            let mut files = Vec::new();
            for b in &backends {
                let mut opts = base.clone();
                opts.templates = overrides.get(b.name()).cloned().unwrap_or_default();
                let rendered = b.render(&loaded.document, &opts).with_context(|| format!("the {} backend failed", b.name()))?;
                for w in &rendered.warnings {
                    eprintln!("{}: warning: {}: {w}", file.display(), b.name());
                }
                files.extend(rendered.files);
            }
            if output == "-" {
                if files.len() != 1 {
                    bail!("`-o -` writes one file to standard output; choose one format with --format");
                }
                std::io::stdout().write_all(&files[0].bytes)?;
                return Ok(());
            }
            write_all(Path::new(&output), &files)?;
            for f in &files {
                eprintln!("wrote {}", Path::new(&output).join(&f.name).display());
            }
            Ok(())
        }
        Command::Formats => {
            for b in BACKENDS {
                println!("{:<12} {}", b.name(), b.description());
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
}

fn load(file: &Path) -> anyhow::Result<Loaded> {
    let src = fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let checked = vita_model::load(&src);
    let rendered = diagnostics::render_all(&checked.diagnostics, &name, &src);
    match checked.document {
        Some(document) => Ok(Loaded { document, warnings: rendered }),
        None => Err(BadInput(rendered).into()),
    }
}

fn select(names: &[String]) -> anyhow::Result<Vec<&'static dyn Backend>> {
    if names.is_empty() {
        return Ok(BACKENDS.to_vec());
    }
    let mut out: Vec<&'static dyn Backend> = Vec::new();
    for n in names {
        match BACKENDS.iter().find(|b| b.name() == n) {
            Some(b) => {
                if !out.iter().any(|o| o.name() == b.name()) {
                    out.push(*b);
                }
            }
            None => {
                let known: Vec<&str> = BACKENDS.iter().map(|b| b.name()).collect();
                let hint = match vita_model::validate::closest(n, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("known formats: {}", known.join(", ")),
                };
                return Err(BadInput(format!("error: unknown format `{n}` ({hint})")).into());
            }
        }
    }
    Ok(out)
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

fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Ok(Some(v.trim().parse().map_err(|_| anyhow!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))?)),
        Err(_) => Ok(None),
    }
}

/// Writes every file to a temporary name in the folder, then renames them all:
/// a failure leaves the previous outputs as they were.
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
        tmp.as_file().sync_all()?;
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
