//! The build script's side: the one place of this crate that reads files
//! and the environment (cargo's `CARGO_MANIFEST_DIR` and `OUT_DIR`). It runs
//! in a backend's `build.rs` at build time, never in vita; the translator
//! itself (the crate's root) takes texts and gives Rust.

/// What a backend's `build.rs` calls: reads `formats/FORMAT/NAME` for each
/// template name (and `formats/themes/*/FORMAT/NAME`, the built-in themes'
/// versions, in the themes' name order), translates them, and writes
/// `$OUT_DIR/templates.rs` for the crate to `include!`. `entries` are
/// (template, function, Rust type of its data). A template the translator
/// cannot take stops the build with its file, line and column.
///
/// The one place of this crate that reads and writes files: it runs in a
/// build script, never in vita.
pub fn build_script(format: &str, names: &[&str], entries: &[(&str, &str, &str)], maps: &[&str]) {
    let manifest = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let formats = manifest.join("../../formats");
    let read = |rel: &str| -> String {
        let path = manifest.join(rel);
        println!("cargo:rerun-if-changed={}", path.display());
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let themes_dir = formats.join("themes");
    println!("cargo:rerun-if-changed={}", themes_dir.display());
    let mut themes: Vec<String> = std::fs::read_dir(&themes_dir)
        .map(|d| d.filter_map(|e| e.ok()).filter(|e| e.path().is_dir()).filter_map(|e| e.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    themes.sort();
    let mut templates = Vec::new();
    for name in names {
        let default = format!("../../formats/{format}/{name}");
        let mut variants = vec![(default.clone(), read(&default))];
        for theme in &themes {
            let rel = format!("../../formats/themes/{theme}/{format}/{name}");
            if manifest.join(&rel).is_file() {
                let text = read(&rel);
                if !variants.iter().any(|(_, t)| *t == text) {
                    variants.push((rel, text));
                }
            }
        }
        templates.push(crate::Template { name: (*name).to_string(), variants });
    }
    let entries: Vec<crate::Entry> =
        entries.iter().map(|(t, f, r)| crate::Entry { template: (*t).into(), function: (*f).into(), root: (*r).into() }).collect();
    match crate::translate(&templates, &entries, maps) {
        Ok(code) => {
            let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("run by cargo")).join("templates.rs");
            std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        }
        Err(e) => panic!("the template cannot be compiled into vita: {e}"),
    }
}
