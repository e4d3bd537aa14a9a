//! The subcommands, one file each; `main.rs` dispatches to them.

pub mod batch;
pub mod build;
pub mod check;
pub mod completions;
pub mod formats;
pub mod import;
pub mod lsp;
pub mod new;
pub mod targets;
pub mod templates;
pub mod themes;
pub mod watch;
pub mod web;
