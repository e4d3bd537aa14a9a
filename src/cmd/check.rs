//! `vita check FILE`: everything `build` would do but write (for a CV
//! without targets, `build --format all`). The same plans, the same
//! renders, so every problem `build` reports for the input's sake is
//! reported here; no PDF is typeset unless a target counts
//! its pages or a template of the user's could fail in Typst.

use std::path::Path;

use vita_engine::{BadInput, LoadFor};

use crate::cmd::build::{check_pages, print_diagnostics, print_notes, Flags};
use crate::diagnostics;
use crate::host::FsHost;

/// Checks a CV and says `FILE: ok`.
pub fn run(file: &Path) -> anyhow::Result<()> {
    let host = FsHost::new();
    let loaded = vita_engine::load(&host, file, LoadFor { targets: true, importing: false })?;
    diagnostics::print_warnings(&loaded.warnings);
    let mut flags = Flags { output: "out".into(), ..Flags::default() };
    flags.request.source_date_epoch = crate::host::source_date_epoch()?;
    // A CV without targets is checked in every format, not only those a
    // bare build writes: what `build --format all` would say.
    if !vita_engine::builds_targets(&loaded, &flags.request) {
        flags.request.formats = vec![vita_engine::ALL_FORMATS.to_string()];
    }
    let plans = vita_engine::plans(&host, file, &loaded, &flags.request)?;
    print_notes(&plans);
    // The plans up to the first that fails (its error comes after what the
    // ones before it say, as in a build).
    let mut ready = Vec::new();
    let mut failed = None;
    for (name, plan) in plans {
        match plan {
            Ok(mut plan) => {
                // A check costs what checking costs: pages are laid out only
                // to count them, and a PDF is made only to try the user's templates.
                let counted = plan.max_pages.is_some();
                for o in &mut plan.options {
                    o.check = o.templates.is_empty();
                    o.count_pages = counted;
                }
                ready.push(plan);
            }
            Err(e) => {
                let target = if name.is_empty() { String::new() } else { format!("target `{name}`: ") };
                failed = Some(BadInput::plain(format!("error: {target}{e:#}")));
                break;
            }
        }
    }
    for (plan, rendered) in ready.iter().zip(vita_engine::render_all(&host, &ready, file)) {
        let rendered = rendered.map_err(|e| match e.downcast::<BadInput>() {
            Ok(bad) => bad.into(),
            Err(e) => anyhow::Error::from(BadInput::plain(format!("error: {e:#}"))),
        })?;
        for (format, d) in &rendered.diagnostics {
            print_diagnostics(plan, file, format, d);
        }
        for (name, n) in &rendered.pages {
            check_pages(plan, file, name, *n);
        }
    }
    if let Some(bad) = failed {
        return Err(bad.into());
    }
    if crate::term::level() > crate::term::Level::Quiet {
        out!("{}: ok", crate::input::shown(file));
    }
    Ok(())
}
