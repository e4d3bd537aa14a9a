//! `vita templates export FORMAT DIR [--theme NAME]`: a format's default
//! templates, with a theme's in place of those it replaces, to edit.

use std::path::Path;

use anyhow::{bail, Context};
use vita_engine::BadInput;

use crate::host::FsHost;

/// Copies a format's templates (a theme's where it has its own) into a
/// folder (made if missing), never over a file.
pub fn export(format: &str, dir: &Path, theme: Option<&str>) -> anyhow::Result<()> {
    let b = vita_engine::select(&FsHost::new(), std::slice::from_ref(&format.to_string()))?.remove(0);
    if b.default_templates().is_empty() {
        bail!("the {} format has no templates", b.name());
    }
    let themed = match theme {
        None => Default::default(),
        Some(name) => {
            let Some(t) = vita_engine::themes::builtin(name) else {
                let known: Vec<&str> = vita_view::theme::BUILTIN.iter().map(|b| b.name).collect();
                let hint = vita_model::validate::did_you_mean(name, &known, "themes");
                return Err(BadInput::plain(format!("error: unknown theme `{name}` ({hint})")).into());
            };
            if !vita_view::theme::FORMATS.contains(&b.name()) {
                let styled = vita_view::theme::FORMATS.join(", ");
                return Err(BadInput::plain(format!("error: themes style {styled}, not {} (leave out --theme)", b.name())).into());
            }
            t.files.get(b.name()).cloned().unwrap_or_default()
        }
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in b.default_templates() {
        let path = dir.join(name);
        let text = themed.get(*name).map_or(*text, String::as_str);
        crate::write::create_new(&path, text.as_bytes())?;
        out!("{}", path.display());
    }
    Ok(())
}
