//! Themes as a user meets them: listed by `vita themes`, chosen with
//! `--theme`, `settings.theme` or a target's `theme`, their options
//! checked, a CV's own theme folder, and templates exported per theme.

#[cfg(feature = "typst")]
use std::path::Path;

use crate::common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn vita_themes_lists_each_theme_its_options_and_their_defaults() {
    let out = vita(&["themes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["classic", "modern", "margin", "compact", "ats"] {
        assert!(text.lines().any(|l| l.starts_with(&format!("{name:<10} "))), "{name} is not listed:\n{text}");
    }
    assert!(
        text.contains(
            "             accent    a colour, #rrggbb, default #0f5c73: colour of the band, the headings and the organisations\n"
        ),
        "{text}"
    );
    assert!(text.contains("             dates     one of short, numeric, long, year, default short: "), "{text}");
    assert!(text.contains("set its options with `theme_options: {\"accent\": \"#0f5c73\"}` beside it."), "{text}");
}

#[test]
fn a_theme_sets_the_date_style_unless_the_target_names_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let run = vita(&["build", "examples/seojin-park.ron", "-f", "html", "-f", "text", "--theme", "modern", "-o", d]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(dir.path().join("cv.html")).unwrap();
    assert!(html.contains("<span class=\"when\">Aug 2023 – present</span>"), "{html}");
    assert!(html.contains("--accent: #0f5c73;"), "the modern stylesheet is not in the page");
    // Plain text keeps the numeric dates portals expect.
    let text = std::fs::read_to_string(dir.path().join("cv.txt")).unwrap();
    assert!(text.contains("(08/2023 – present)"), "{text}");
    // A target's `dates` wins over its theme's.
    let cv = dir.path().join("cv.ron");
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let src = src.trim_end().strip_suffix(')').unwrap().to_string()
        + "  targets: [(name: \"web\", formats: [\"html\"], theme: \"margin\", dates: \"numeric\", theme_options: {\"accent\": \"#224466\"})],\n)";
    std::fs::write(&cv, src).unwrap();
    let run = vita(&["build", cv.to_str().unwrap(), "-o", dir.path().join("out").to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(dir.path().join("out/web/cv.html")).unwrap();
    assert!(html.contains("--accent: #224466;") && html.contains("--gutter"), "not the margin theme with its accent");
    assert!(!html.contains("Aug ") && !html.contains("Sep "), "the target's numeric dates lost to the theme's:\n{html}");
}

#[test]
fn an_unknown_theme_on_the_command_line_is_bad_input_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let run = vita(&["build", "examples/minimal.ron", "-f", "html", "--theme", "modrn", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(stderr(&run), "error: unknown theme `modrn` (did you mean `modern`?)\n");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "bad input wrote files");
}

#[cfg(feature = "typst")]
/// A CV folder with its own theme `mine`: a `theme.ron` and a Typst look.
fn own_theme(dir: &Path, spec: &str) {
    let theme = dir.join("themes/mine");
    std::fs::create_dir_all(theme.join("typst")).unwrap();
    std::fs::create_dir_all(theme.join("html")).unwrap();
    std::fs::write(theme.join("theme.ron"), spec).unwrap();
    let classic = std::fs::read_to_string(root().join("formats/typst/theme.typ.hbs")).unwrap();
    std::fs::write(theme.join("typst/theme.typ.hbs"), classic.replace("// The look: vita's classic theme.", "// The look: mine.")).unwrap();
    std::fs::write(theme.join("html/styles.css"), "body {}").unwrap();
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let src = src.replacen("(\n", "(\n  settings: (theme: \"mine\", theme_options: {\"accent\": \"#aa0000\"}),\n", 1);
    std::fs::write(dir.join("cv.ron"), src).unwrap();
}

#[cfg(feature = "typst")]
const SPEC: &str = r##"(
    description: "my own look",
    options: [
        (name: "accent", kind: Colour, default: "#000000", doc: "links"),
        (name: "font", kind: Font, default: "Libertinus Serif", doc: "text"),
        (name: "size", kind: Length(min: 7, max: 16), default: "11pt", doc: "size"),
        (name: "margin", kind: Length(min: 20, max: 120), default: "25mm", doc: "margins"),
        (name: "headings", kind: Choice(["bold", "caps"]), default: "bold", doc: "headings"),
    ],
)"##;

#[cfg(feature = "typst")]
#[test]
fn a_cv_brings_its_own_theme_folder() {
    let dir = tempfile::tempdir().unwrap();
    own_theme(dir.path(), SPEC);
    let cv = dir.path().join("cv.ron");
    let out = dir.path().join("out");
    let run = vita(&["build", cv.to_str().unwrap(), "-f", "typst", "-f", "html", "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let typ = std::fs::read_to_string(out.join("cv.typ")).unwrap();
    assert!(typ.contains("// The look: mine.\n#let accent = rgb(\"#aa0000\")"), "{typ}");
    assert!(typ.contains("margin: (x: 25mm, top: 25mm, bottom: 25mm + 0.2cm)"), "{typ}");
    // A file that is no template of its format is named, not used.
    assert!(
        stderr(&run).contains("html: warning: `styles.css` is not a template of the html format (cv.html.hbs, style.css); it is ignored"),
        "{}",
        stderr(&run)
    );
    let listed = vita(&["themes", cv.to_str().unwrap()]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.lines().any(|l| l.starts_with("mine       my own look (typst;")), "{listed}");
    // Its options are its own: `dates` is not one of them.
    let src = std::fs::read_to_string(&cv).unwrap().replace("{\"accent\": \"#aa0000\"}", "{\"dates\": \"long\"}");
    std::fs::write(&cv, src).unwrap();
    let run = vita(&["check", cv.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains(": settings.theme_options.dates: the theme `mine` has no option `dates` (the options of `mine`: accent, font, size, margin, headings)"),
        "{}",
        stderr(&run)
    );
}

#[cfg(feature = "typst")]
#[test]
fn a_bad_theme_file_is_bad_input_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    own_theme(dir.path(), &SPEC.replace("default: \"25mm\"", "default: \"25\""));
    let cv = dir.path().join("cv.ron");
    let run = vita(&["check", cv.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.contains("cv.ron:4:21: settings.theme: the theme `mine` is not valid (see "), "{err}");
    assert!(
        err.contains(
            "themes/mine/theme.ron:7:16: the default `25` of `margin` is not a value of its kind: a length is a number and a unit"
        ),
        "{err}"
    );
}

#[cfg(feature = "typst")]
#[test]
fn templates_export_writes_a_themes_templates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("t");
    let run = vita(&["templates", "export", "typst", d.to_str().unwrap(), "--theme", "modern"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let exported = std::fs::read_to_string(d.join("theme.typ.hbs")).unwrap();
    assert_eq!(exported, std::fs::read_to_string(root().join("formats/themes/modern/typst/theme.typ.hbs")).unwrap());
    assert_eq!(
        std::fs::read_to_string(d.join("cv.typ.hbs")).unwrap(),
        std::fs::read_to_string(root().join("formats/typst/cv.typ.hbs")).unwrap()
    );
    let run = vita(&["templates", "export", "latex", dir.path().join("l").to_str().unwrap(), "--theme", "modern"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(stderr(&run), "error: themes style typst, html, not latex (leave out --theme)\n");
}
