//! `vita check FILE`: everything `build` would do but write. The same
//! plans, the same renders, so every problem `build` reports for the
//! input's sake is reported here; no PDF is typeset unless a target counts
//! its pages or a template of the user's could fail in Typst.

use std::path::Path;

use vita_engine::{BadInput, LoadFor};

use crate::cmd::build::{print_notes, render, Flags};
use crate::diagnostics;
use crate::host::FsHost;

/// Checks a CV and says `FILE: ok`.
pub fn run(file: &Path) -> anyhow::Result<()> {
    let host = FsHost::new();
    let loaded = vita_engine::load(&host, file, LoadFor { targets: true, importing: false })?;
    diagnostics::print_warnings(&loaded.warnings);
    let mut flags = Flags { output: "out".into(), ..Flags::default() };
    flags.request.source_date_epoch = crate::host::source_date_epoch()?;
    let plans = vita_engine::plans(&host, file, &loaded, &flags.request)?;
    print_notes(&plans);
    for (name, plan) in plans {
        let mut plan = plan.map_err(|e| {
            let target = if name.is_empty() { String::new() } else { format!("target `{name}`: ") };
            BadInput::plain(format!("error: {target}{e:#}"))
        })?;
        // A check costs what checking costs: typesetting only to count pages
        // or to try the user's templates.
        let counted = plan.max_pages.is_some();
        for o in &mut plan.options {
            o.check = !counted && o.templates.is_empty();
        }
        render(&host, &plan, file).map_err(|e| match e.downcast::<BadInput>() {
            Ok(bad) => bad.into(),
            Err(e) => anyhow::Error::from(BadInput::plain(format!("error: {e:#}"))),
        })?;
    }
    if crate::term::level() > crate::term::Level::Quiet {
        out!("{}: ok", crate::input::shown(file));
    }
    Ok(())
}
