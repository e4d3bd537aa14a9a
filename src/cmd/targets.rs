//! `vita targets FILE`: each target with its formats, folder and files.

use std::path::Path;

use vita_engine::LoadFor;

use crate::diagnostics;
use crate::host::FsHost;

/// Lists a CV's targets.
pub fn run(file: &Path) -> anyhow::Result<()> {
    let host = FsHost::new();
    let loaded = vita_engine::load(&host, file, LoadFor { targets: true, importing: false })?;
    diagnostics::print_warnings(&loaded.warnings);
    if loaded.targets.is_empty() {
        out!("{} defines no targets; `vita build` writes every format into one folder", crate::input::shown(file));
    }
    let request = vita_engine::Request { source_date_epoch: crate::host::source_date_epoch()?, ..Default::default() };
    for r in &loaded.targets {
        let plan = vita_engine::target_plan(&host, file, &loaded, r, &request)?;
        for n in &plan.notes {
            note!("{n}");
        }
        let files = vita_engine::render(&host, &plan, file)?.files;
        let mut names: Vec<String> = files.iter().map(|(_, f)| f.name.clone()).collect();
        let mut formats: Vec<&str> = plan.backends.iter().map(|b| b.name()).collect();
        if plan.pdf {
            names.push(format!("{}.pdf", plan.options[0].basename));
            formats.push("pdf");
        }
        let preset = r.preset.as_ref().map(|p| format!("  (preset {p})")).unwrap_or_default();
        out!("{:<14} {:<22} {}/: {}{preset}", r.name, formats.join(", "), Path::new("out").join(&r.name).display(), names.join(" "));
    }
    Ok(())
}
