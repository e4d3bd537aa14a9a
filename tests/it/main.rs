//! The integration tests, one binary (one link on these two-core
//! machines) with a module per subject. Run one subject with a filter:
//! `cargo test --test it golden::`, `cargo test --test it hostile::`.

mod common;

#[cfg(feature = "typst")]
mod ats;
mod batch;
mod browser;
mod citation;
mod cli;
mod corpus;
mod diagnostics;
mod docx;
mod engine;
mod escaping;
mod europass;
mod external;
mod golden;
mod hostile;
mod imports;
mod jsonresume;
mod languages;
mod latex;
mod layout;
mod lsp;
mod markdown;
mod properties;
mod reference;
mod scaffold;
mod seed;
mod sources;
mod targets;
mod templates;
mod themes;
#[cfg(feature = "typst")]
mod typst;
mod validators;
mod walls;
mod watch;
#[cfg(feature = "typst")]
mod web;
