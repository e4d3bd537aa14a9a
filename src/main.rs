//! The `vita` command-line program: a shell over the engine
//! (`crates/vita-engine`) that reads files for it, draws its diagnostics,
//! runs programs and writes outputs. One file per subcommand in `cmd/`.

#[macro_use]
mod term;
mod archive;
mod args;
mod cmd;
mod diagnostics;
mod external;
mod host;
mod input;
mod process;
mod program;
mod serve;
mod watchdog;
mod write;

use std::process::ExitCode;

use args::{Command, TemplatesCommand};
use clap::Parser;

// The pipeline allocates many small strings; mimalloc makes a 10,000-entry
// build about a third faster than the system allocator (benches/pipeline.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `COMPLETE=bash vita` prints a completion script that asks vita itself
    // (then it answers here, and exits): target names come from the CV.
    clap_complete::CompleteEnv::with_factory(cmd::completions::command).var("COMPLETE").complete();
    process::install_panic_hook();
    process::small_pages();
    // For the test of the panic hook only (debug builds): a panic whose
    // message holds the bytes given, as a bug quoting the input would.
    #[cfg(debug_assertions)]
    if let Some(bytes) = std::env::var_os("VITA_TEST_PANIC") {
        panic!("{}", bytes.to_string_lossy());
    }
    // The default templates render through code compiled from them; this
    // sends every build through the Handlebars engine instead (the same
    // bytes: for comparing the two, and for telling one from the other).
    if std::env::var_os("VITA_TEMPLATES").is_some_and(|v| v == "runtime") {
        vita_view::compiled::set_runtime_only(true);
    }
    let cli = args::Cli::parse();
    term::set_level(match (cli.quiet, cli.verbose) {
        (true, _) => term::Level::Quiet,
        (_, true) => term::Level::Verbose,
        _ => term::Level::Normal,
    });
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(diagnostics::report(&e)),
    }
}

fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Completions { shell } => cmd::completions::run(shell),
        Command::Check { file } => cmd::check::run(&file),
        Command::Build(args) => {
            let (files, flags) = cmd::build::flags(args)?;
            match files.as_slice() {
                [one] if !one.is_dir() => cmd::build::build(one, &flags),
                _ => cmd::batch::run(&files, &flags),
            }
        }
        Command::Watch { build, serve } => {
            process::watch_signals();
            cmd::watch::run(build, serve.as_deref())
        }
        Command::Targets { file } => cmd::targets::run(&file),
        Command::Import { file } => cmd::import::run(&file),
        Command::Formats => cmd::formats::run(),
        Command::Themes { file } => cmd::themes::run(file.as_deref()),
        Command::New { name } => cmd::new::run(&name),
        Command::Web { dir, serve } => {
            process::watch_signals();
            cmd::web::run(&dir, &serve)
        }
        Command::Lsp => cmd::lsp::run(),
        Command::Templates { command: TemplatesCommand::Export { format, dir, theme } } => {
            cmd::templates::export(&format, &dir, theme.as_deref())
        }
    }
}
