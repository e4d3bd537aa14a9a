//! `vita templates export FORMAT DIR`: a format's default templates, to edit.

use std::path::Path;

use anyhow::{bail, Context};

use crate::host::FsHost;

/// Copies a format's templates into a folder (made if missing), never over a file.
pub fn export(format: &str, dir: &Path) -> anyhow::Result<()> {
    let b = vita_engine::select(&FsHost::new(), std::slice::from_ref(&format.to_string()))?.remove(0);
    if b.default_templates().is_empty() {
        bail!("the {} format has no templates", b.name());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in b.default_templates() {
        let path = dir.join(name);
        crate::write::create_new(&path, text.as_bytes())?;
        out!("{}", path.display());
    }
    Ok(())
}
