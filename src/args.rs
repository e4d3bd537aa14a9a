//! The command line's words: the clap definitions, and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "vita",
    version,
    about = "One canonical CV in RON; a PDF (Typst or LaTeX), HTML, JSON Resume, Europass and plain text from it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print errors only (no warnings, no list of files written).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each step and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// List the themes (the looks of the PDF and the page), each option and its default.
    Themes {
        /// A CV, to list the themes of its `themes/` folder too.
        file: Option<PathBuf>,
    },
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
    /// Run the language server over standard input and output, for an
    /// editor: diagnostics as you type, completion, hover, definitions, outline.
    Lsp,
    /// Serve vita's browser page (built by scripts/build-web) on loopback:
    /// write a CV with a live preview; it builds in the browser.
    Web {
        /// The built page's folder.
        #[arg(default_value = "web/dist", value_name = "DIR")]
        dir: PathBuf,
        /// The address to serve at (default 127.0.0.1 and a free port).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
        serve: String,
    },
    /// Print a shell's completion script (format names complete too).
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

/// What `build` and `watch` take.
#[derive(clap::Args)]
pub struct BuildArgs {
    /// The CV source (`.ron`, or a JSON Resume `.json`); several, or a
    /// folder of them, build each into `DIR/<file stem>/`.
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output folder, or `-` for standard output (one format only).
    #[arg(short, long, default_value = "out")]
    pub output: String,
    /// A format to build (repeatable), or `all`; default: the CV's targets, else the PDF (typst), html and text.
    #[arg(short, long = "format", value_name = "NAME")]
    pub formats: Vec<String>,
    /// A folder of template overrides.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Line width of text output, 0 for none (default 80, or the target's).
    #[arg(long)]
    pub width: Option<usize>,
    /// Paper size for print output: a4 or letter (default a4, or the target's).
    #[arg(long)]
    pub page: Option<String>,
    /// Also make a PDF: with Typst (built in) unless the formats include one that makes it (`latex`: with TeX).
    #[arg(long)]
    pub pdf: bool,
    /// A format option, `FORMAT.NAME=VALUE` (repeatable; `vita formats` lists them).
    #[arg(short = 'O', long = "option", value_name = "FORMAT.NAME=VALUE")]
    pub options: Vec<String>,
    /// Build only this target (repeatable); default: every target.
    #[arg(short, long = "target", value_name = "NAME")]
    pub targets: Vec<String>,
    /// The look of the PDF and the page (`vita themes` lists them); over the target's and the CV's.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// The citation style of the publications: a bundled CSL style (`apa`, `ieee`, `vancouver`;
    /// `vita formats` lists them) or a `.csl` file beside the CV; over the target's and the CV's.
    #[arg(long, value_name = "NAME")]
    pub citation_style: Option<String>,
}

#[derive(Subcommand)]
pub enum TemplatesCommand {
    /// Copy a format's default templates into a folder, for editing.
    Export {
        /// The format name.
        format: String,
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// A theme's templates instead of the format's own (`modern`).
        #[arg(long, value_name = "NAME")]
        theme: Option<String>,
    },
}
