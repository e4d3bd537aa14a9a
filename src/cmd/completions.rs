//! `vita completions SHELL`, and the answers of dynamic completion
//! (`COMPLETE=bash vita`): format names for `--format` and `templates
//! export`, and for `--target` the targets of the CV on the line.

use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;
use vita_engine::registry::BACKENDS;
use vita_engine::LoadFor;

use crate::args::Cli;
use crate::host::FsHost;

/// Prints a shell's completion script.
pub fn run(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut cmd = command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "vita", &mut out);
    crate::term::print_bytes(&out);
    Ok(())
}

/// The command line as completion sees it: the built-in format names
/// offered (any other name, an external backend, is still accepted when
/// parsing), and the CV's targets.
pub fn command() -> clap::Command {
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
fn target_candidates(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let words: Vec<std::ffi::OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let Some(at) = words.iter().position(|w| w == "build" || w == "watch") else { return Vec::new() };
    let Some(file) = words[at + 1..].iter().map(PathBuf::from).find(|p| !p.as_os_str().to_string_lossy().starts_with('-') && p.is_file())
    else {
        return Vec::new();
    };
    let Ok(loaded) = vita_engine::load(&FsHost::new(), &file, LoadFor { targets: true, importing: false }) else { return Vec::new() };
    let current = current.to_string_lossy();
    loaded
        .targets
        .iter()
        .filter(|t| t.name.starts_with(current.as_ref()))
        .map(|t| CompletionCandidate::new(&t.name).help(t.preset.as_ref().map(|p| format!("preset {p}").into())))
        .collect()
}
