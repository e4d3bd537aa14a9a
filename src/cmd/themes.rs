//! `vita themes [FILE]`: the themes, what each looks like, its options and
//! their defaults; with a CV, the themes of its `themes/` folder too.

use std::path::Path;

use vita_engine::themes::{self, Theme, ThemeError};

use crate::host::FsHost;
use crate::term::clean;

/// Lists the themes.
pub fn run(file: Option<&Path>) -> anyhow::Result<()> {
    let host = FsHost::new();
    match file.map(|f| f.parent().unwrap_or(Path::new("."))) {
        Some(dir) => {
            for name in themes::names(&host, dir) {
                match themes::find(&host, dir, &name) {
                    Ok(theme) => show(&theme),
                    Err(ThemeError::Bad(report)) => out!("{:<10} not valid: see {}", clean(&name), clean(&report.file)),
                    Err(ThemeError::Unknown(_)) => {}
                }
            }
        }
        None => vita_view::theme::BUILTIN.iter().filter_map(|b| themes::builtin(b.name)).for_each(|t| show(&t)),
    }
    out!("");
    out!("Choose one with `theme: \"NAME\"` in the CV's settings or in a target, or `vita build --theme NAME`;");
    out!("set its options with `theme_options: {{\"accent\": \"#0f5c73\"}}` beside it.");
    Ok(())
}

fn show(theme: &Theme) {
    // The classic theme's templates are the formats' own.
    let styled =
        if theme.files.is_empty() { "typst, html".to_string() } else { theme.files.keys().cloned().collect::<Vec<_>>().join(", ") };
    out!("{:<10} {} ({styled}; {})", clean(&theme.name), clean(&theme.spec.description), clean(&theme.origin));
    for o in &theme.spec.options {
        out!("{:<10}   {:<9} {}, default {}: {}", "", clean(&o.name), clean(&o.kind.describe()), clean(&o.default), clean(&o.doc));
    }
}
