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
    // Indented, so that a script reading the format names (the lines
    // that start with one) reads these as it reads the options.
    out!(
        "  citation styles for the publications of {} (--citation-style NAME, or a .csl file beside the CV):",
        vita_engine::PRINTS_REFERENCES.join(", ")
    );
    let styles = vita_cite::bundled();
    let width = styles.iter().map(|(n, _, _)| n.chars().count()).max().unwrap_or(0);
    for (name, title, others) in styles {
        let also = if others.is_empty() { String::new() } else { format!(" (also {})", others.join(", ")) };
        out!("    {name:<width$}  {title}{also}");
    }
    Ok(())
}
