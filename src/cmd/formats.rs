//! `vita formats`: the formats, their options, and external backends.

use vita_engine::registry::BACKENDS;

/// Lists the formats.
pub fn run() -> anyhow::Result<()> {
    for b in BACKENDS {
        out!("{:<12} {}", b.name(), b.description());
        for (name, what) in b.options() {
            out!("{:<12}   -O {}.{name}=...  {what}", "", b.name());
        }
    }
    for (name, path) in crate::external::all() {
        if !BACKENDS.iter().any(|b| b.name() == name) {
            out!("{name:<12} (external) {}", path.display());
        }
    }
    Ok(())
}
