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

/// A real PNG image, 6 by 8 pixels: a CV's photo in the tests.
const PNG: &str = "89504e470d0a1a0a0000000d494844520000000600000008080200000055a4196f0000001f4944415478da63606060d0d0d0080808a8a8a858b060c18913271806831000ef993841f5274c880000000049454e44ae426082";

pub fn png() -> Vec<u8> {
    (0..PNG.len()).step_by(2).map(|i| u8::from_str_radix(&PNG[i..i + 2], 16).unwrap()).collect()
}

/// minimal.ron with a photo, in a folder of its own; the folder and the CV.
fn with_photo(photo: &str, settings: &str, targets: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("me.png"), png()).unwrap();
    let src = std::fs::read_to_string(root().join("examples/minimal.ron")).unwrap();
    let src = src.replacen("name: \"Ada Lovelace\",", &format!("name: \"Ada Lovelace\",\n    photo: \"{photo}\","), 1);
    let src = src.trim_end().strip_suffix(')').unwrap().to_string() + settings + targets + ")\n";
    let cv = dir.path().join("cv.ron");
    std::fs::write(&cv, src).unwrap();
    (dir, cv)
}

#[cfg(feature = "typst")]
#[test]
fn a_photo_is_drawn_embedded_and_left_out_for_parsers() {
    let (dir, cv) = with_photo("me.png", "  settings: (lang: \"de\"),\n", "");
    let out = dir.path().join("out");
    let run = vita(&[
        "build",
        cv.to_str().unwrap(),
        "-f",
        "typst",
        "-f",
        "html",
        "-f",
        "europass-v3",
        "-f",
        "europass",
        "--theme",
        "modern",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    // In German, no warning about customs; the Candidate XML says it has no photo.
    assert!(!stderr(&run).contains("person.photo: warning: a CV in English"), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(": warning: europass: person.photo: the Europass Candidate XML carries no photo here; cv.europass-v3.xml (-f europass-v3) carries it"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read(out.join("photo.png")).unwrap(), png(), "the photo is not beside cv.typ");
    let typ = std::fs::read_to_string(out.join("cv.typ")).unwrap();
    assert!(typ.contains("  photo: \"photo.png\",\n"), "{typ}");
    let html = std::fs::read_to_string(out.join("cv.html")).unwrap();
    assert!(html.contains("<img class=\"photo\" src=\"data:image/png;base64,iVBORw0KGgo"), "no photo in the page");
    let xml = std::fs::read_to_string(out.join("cv.europass-v3.xml")).unwrap();
    assert!(xml.contains("<Photo>\n") && xml.contains("<MimeType>image/png</MimeType>\n") && xml.contains("<Data>iVBORw0KGgo"), "{xml}");
    if std::process::Command::new("pdfimages").arg("-v").output().is_ok() {
        let list = std::process::Command::new("pdfimages").arg("-list").arg(out.join("cv.pdf")).output().unwrap();
        let list = String::from_utf8_lossy(&list.stdout);
        assert!(list.lines().any(|l| l.contains("    6     8 ")), "the PDF holds no 6x8 image:\n{list}");
    } else {
        missing("pdfimages", "apt-get install -y poppler-utils");
    }
    // A target for parsers, and one that leaves it out, have none; in English, a warning.
    let (dir, cv) = with_photo("me.png", "", "  targets: [(name: \"jobs\", preset: \"jobs\"), (name: \"web\", formats: [\"html\"], photo: false), (name: \"print\", formats: [\"html\"])],\n");
    let out = dir.path().join("out");
    let run = vita(&["build", cv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !out.join("jobs/photo.png").exists() && !std::fs::read_to_string(out.join("jobs/cv.typ")).unwrap().contains("photo: \"photo.png\"")
    );
    assert!(!std::fs::read_to_string(out.join("web/cv.html")).unwrap().contains("class=\"photo\""));
    assert!(std::fs::read_to_string(out.join("print/cv.html")).unwrap().contains("class=\"photo\""));
    assert!(
        stderr(&run).contains(": person.photo: warning: a CV in English usually has no photo: employers in the US, the UK, Canada and Australia may set one with a photo aside (a target leaves it out with `photo: false` (one with `ats: true` always does))"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_photo_that_is_no_image_or_outside_the_folder_is_bad_input() {
    for (photo, said) in [
        ("cv.ron.png", "the photo "),
        ("../me.png", "cannot read the photo "),
        ("me.gif", "`me.gif` is not a JPEG or PNG file (name a `.jpg` or `.png` file beside the CV; an address goes in `image`)"),
        ("missing.jpg", "cannot read the photo "),
        // A small file that says it is a huge image: refused before decoding.
        ("huge.png", " is 100000 × 100000 pixels (a photo has at most 40 million pixels; save a smaller one)"),
    ] {
        let (dir, cv) = with_photo(photo, "  settings: (lang: \"de\"),\n", "");
        std::fs::write(dir.path().join("cv.ron.png"), "not an image").unwrap();
        let mut huge = png();
        huge[16..24].copy_from_slice(&[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0]);
        std::fs::write(dir.path().join("huge.png"), huge).unwrap();
        let run = vita(&["check", cv.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(2), "{photo}: {}", stderr(&run));
        let err = stderr(&run);
        assert!(err.contains("cv.ron:5:12: person.photo: ") && err.contains(said), "{photo}: {err}");
    }
}

#[cfg(feature = "typst")]
#[test]
fn the_modern_theme_marks_each_contact_with_an_icon_and_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let (modern, classic) = (dir.path().join("modern"), dir.path().join("classic"));
    for (theme, out) in [("modern", &modern), ("classic", &classic)] {
        let run = vita(&["build", "examples/every-kind.ron", "-f", "typst", "-f", "html", "--theme", theme, "-o", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let typ = std::fs::read_to_string(modern.join("cv.typ")).unwrap();
    assert!(typ.contains("  icons: (\"website\", \"email\", \"phone\", \"orcid\", "), "{typ}");
    assert!(typ.contains("#let cvicons = (email: \"<svg xmlns="), "{typ}");
    let html = std::fs::read_to_string(modern.join("cv.html")).unwrap();
    assert!(
        html.contains("<a href=\"mailto:maria@example.org\"><span class=\"icon\" aria-hidden=\"true\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\""),
        "no icon before the email"
    );
    assert!(html.contains("</svg></span>maria@example.org</a>"), "the email's text is not after its icon");
    // The text is all there in the PDF; a theme without icons has none.
    let text = std::process::Command::new("pdftotext").arg(modern.join("cv.pdf")).arg("-").output();
    if let Ok(t) = text {
        assert!(String::from_utf8_lossy(&t.stdout).contains("maria@example.org"));
    }
    assert!(!std::fs::read_to_string(classic.join("cv.html")).unwrap().contains("class=\"icon\""));
    assert!(!std::fs::read_to_string(classic.join("cv.typ")).unwrap().contains("cvicons"));
}
