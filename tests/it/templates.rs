//! The default templates render through Rust compiled from them at build
//! time (`crates/vita-hbs`, each templated backend's `build.rs`); the
//! Handlebars engine renders a build's own templates. The `.hbs` files are
//! the one source of both, and both give the same bytes: every example,
//! every target, every built-in theme, the seed in every language and the
//! text split by section, built once each way (`VITA_TEMPLATES=runtime`
//! sends a build through the engine). The property test's generated CVs are
//! compared in process (`properties.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Builds `file` with `args` into `out`, through the compiled templates or the engine.
fn build(file: &Path, out: &Path, args: &[&str], engine: bool) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vita"));
    c.arg("build").arg(file).arg("-o").arg(out).args(args).current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    if engine {
        c.env("VITA_TEMPLATES", "runtime");
    }
    c.output().expect("run vita")
}

/// Builds both ways; the differences (exit code, messages, files), if any.
fn both_ways(file: &Path, args: &[&str]) -> Result<usize, String> {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("compiled"), d.path().join("engine"));
    let ra = build(file, &a, args, false);
    let rb = build(file, &b, args, true);
    let what = format!("{} {}", file.display(), args.join(" "));
    let said = |out: &std::process::Output, dir: &Path| String::from_utf8_lossy(&out.stderr).replace(dir.to_str().unwrap(), "OUT");
    if ra.status.code() != rb.status.code() || said(&ra, &a) != said(&rb, &b) {
        return Err(format!(
            "{what}: exit {:?} and {:?}\n{}\n{}",
            ra.status.code(),
            rb.status.code(),
            String::from_utf8_lossy(&ra.stderr),
            String::from_utf8_lossy(&rb.stderr)
        ));
    }
    assert!(ra.status.success(), "{what}: {}", String::from_utf8_lossy(&ra.stderr));
    let (fa, fb) = (files_under(&a), files_under(&b));
    if fa != fb {
        return Err(format!("{what}: different files: {fa:?} and {fb:?}"));
    }
    let differ: Vec<String> = fa
        .iter()
        .filter(|f| std::fs::read(a.join(f)).unwrap() != std::fs::read(b.join(f)).unwrap())
        .map(|f| f.display().to_string())
        .collect();
    if !differ.is_empty() {
        return Err(format!("{what}: {} differ", differ.join(", ")));
    }
    Ok(fa.len())
}

/// Every format with templates (Typst when this vita has it).
fn templated() -> Vec<&'static str> {
    let mut f = vec!["-f", "text", "-f", "html", "-f", "latex", "-f", "markdown"];
    if cfg!(feature = "typst") {
        f.extend(["-f", "typst"]);
    }
    f
}

#[test]
fn compiled_templates_and_the_engine_write_the_same_bytes() {
    let mut failures = Vec::new();
    let mut files = 0;
    let mut run = |file: &Path, args: &[&str]| match both_ways(file, args) {
        Ok(n) => files += n,
        Err(e) => failures.push(e),
    };
    // Every example in every format; the seed's targets (each in its folder).
    let mut examples: Vec<PathBuf> = files_with(&root().join("examples"), "ron");
    examples.push(root().join("examples/from-bibtex/seojin-park.ron"));
    assert!(examples.len() >= 5, "{examples:?}");
    for e in &examples {
        run(e, &["-f", "all"]);
    }
    let seed = root().join("examples/seojin-park.ron");
    run(&seed, &[]);
    // Every built-in theme (its own theme.typ.hbs and style.css).
    for theme in ["classic", "modern", "margin", "compact", "ats"] {
        let mut args = vec!["-f", "html", "--theme", theme];
        if cfg!(feature = "typst") {
            args.extend(["-f", "typst"]);
        }
        run(&seed, &args);
    }
    // The text split into one file per section (section.txt.hbs).
    run(&seed, &["-f", "text", "-O", "text.split=sections"]);
    // Every language, the right-to-left ones included.
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&seed).unwrap();
    for lang in ["ar", "de", "es", "fa", "fr", "he", "it", "ja", "ko", "nl", "pl", "pt", "zh"] {
        let file = d.path().join(format!("{lang}.ron"));
        std::fs::write(&file, text.replacen("\n  settings: (", &format!("\n  settings: (lang: \"{lang}\", "), 1)).unwrap();
        run(&file, &templated());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(files > 150, "{files} files compared");
}

#[test]
fn templates_of_ones_own_go_through_the_engine_and_copies_of_the_defaults_do_not_change_a_byte() {
    let d = tempfile::tempdir().unwrap();
    let seed = root().join("examples/seojin-park.ron");
    // `vita templates export` writes the defaults: a build with them is the default build.
    let out = vita(&["templates", "export", "markdown", d.path().join("same").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plain = build(&seed, &d.path().join("plain"), &["-f", "markdown"], false);
    assert!(plain.status.success());
    let same =
        build(&seed, &d.path().join("with-copy"), &["-f", "markdown", "--templates", d.path().join("same").to_str().unwrap()], false);
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));
    let read = |p: &str| std::fs::read_to_string(d.path().join(p)).unwrap();
    assert_eq!(read("plain/cv.md"), read("with-copy/cv.md"));
    // An edited copy is rendered by the engine: the edit shows.
    let template = d.path().join("same/cv.md.hbs");
    let edited = std::fs::read_to_string(&template).unwrap().replacen("# {{person.name}}", "# CV of {{person.name}}", 1);
    std::fs::write(&template, edited).unwrap();
    let own = build(&seed, &d.path().join("own"), &["-f", "markdown", "--templates", d.path().join("same").to_str().unwrap()], false);
    assert!(own.status.success(), "{}", String::from_utf8_lossy(&own.stderr));
    assert!(read("own/cv.md").starts_with("# CV of Seo Jin Park\n"), "{}", read("own/cv.md"));
    assert_eq!(read("own/cv.md").replacen("# CV of ", "# ", 1), read("plain/cv.md"));
}
