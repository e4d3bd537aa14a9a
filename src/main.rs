//! The `vita` command-line program: reads files, draws diagnostics, writes outputs.

mod cli;
mod diagnostics;
mod external;
mod targets;

fn main() -> std::process::ExitCode {
    cli::main()
}
