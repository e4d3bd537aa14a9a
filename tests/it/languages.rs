//! Languages: the seed in each of vita's eleven languages (golden text files
//! under `tests/languages/`), the language in every backend, a CV's
//! own labels files, and unknown languages refused with a hint.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "pt", "nl", "pl", "zh", "ja", "ko"];

/// The seed with `settings.lang` set, written into `dir`.
fn seed_in(dir: &Path, lang: &str) -> PathBuf {
    let src = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    assert!(src.contains("\n  settings: ("), "the seed has a settings block");
    let src = src.replacen("\n  settings: (", &format!("\n  settings: (lang: \"{lang}\", "), 1);
    let file = dir.join("cv.ron");
    std::fs::write(&file, src).unwrap();
    file
}

fn build(file: &Path, out: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build", file.to_str().unwrap(), "-o", out.to_str().unwrap()];
    all.extend(args);
    vita(&all)
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn the_seed_in_every_language_matches_its_golden_text() {
    let mut failures = Vec::new();
    for lang in LANGUAGES {
        let d = tempfile::tempdir().unwrap();
        let file = seed_in(d.path(), lang);
        let out = build(&file, &d.path().join("out"), &["-f", "text", "-f", "markdown"]);
        assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
        for name in ["cv.txt", "cv.md"] {
            let built = std::fs::read(d.path().join("out").join(name)).unwrap();
            if let Err(e) = compare(&root().join("tests/languages").join(lang).join(name), &built) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The golden files show each language's own words.
    let words = [
        ("en", "Published 12 peer-reviewed publications"),
        ("de", "12 begutachtete Publikationen"),
        ("fr", "12 publications avec comité de lecture"),
        ("es", "12 publicaciones con revisión por pares"),
        ("it", "12 pubblicazioni con revisione paritaria"),
        ("pt", "12 publicações com revisão por pares"),
        ("nl", "12 peer-reviewed publicaties"),
        ("pl", "12 recenzowanych publikacji"),
        ("zh", "经同行评审的论文 12 篇"),
        ("ja", "査読付き論文 12 件"),
        ("ko", "동료 심사 논문 12편"),
    ];
    for (lang, w) in words {
        assert!(read(root().join("tests/languages").join(lang).join("cv.txt")).contains(w), "{lang}: {w}");
    }
}

#[test]
fn every_backend_writes_the_language() {
    let d = tempfile::tempdir().unwrap();
    for (lang, html, typst, europass) in [
        ("fr", "<html lang=\"fr\">", "lang: \"fr\"", "languageCode=\"fr\""),
        ("pl", "<html lang=\"pl\">", "lang: \"pl\"", "languageCode=\"pl\""),
        ("ja", "<html lang=\"ja\">", "lang: \"ja\"", "languageCode=\"en\""),
    ] {
        let dir = d.path().join(lang);
        std::fs::create_dir_all(&dir).unwrap();
        let file = seed_in(&dir, lang);
        let out = build(&file, &dir.join("out"), &["-f", "html", "-f", "latex", "-f", "jsonresume", "-f", "europass"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let o = dir.join("out");
        assert!(read(o.join("cv.html")).contains(html), "{lang}: html");
        assert!(read(o.join("cv.europass.xml")).contains(europass), "{lang}: europass");
        let tex = read(o.join("cv.tex"));
        let json = read(o.join("cv.json"));
        match lang {
            "fr" => {
                assert!(tex.contains("\\usepackage{babel}\n\\babelprovide[import=fr, main]{french}\n"), "{tex}");
                assert!(tex.contains("Encadrement\u{a0}: Prof. John Ousterhout"), "fr tex");
                assert!(json.contains("Encadrement\u{a0}: Prof. Mohammad Alizadeh"), "fr json");
            }
            "pl" => {
                assert!(tex.contains("\\babelprovide[import=pl, main]{polish}"), "pl tex");
                assert!(json.contains("Opieka naukowa: Prof. Mohammad Alizadeh"), "pl json");
            }
            _ => {
                assert!(!tex.contains("babel"), "pdflatex gets no babel for Japanese");
                assert!(
                    stderr.contains("cv.ron: warning: latex: settings.lang: pdflatex cannot set the script of `ja`: its words stay in the .tex, without babel (build with -O latex.engine=lualatex"),
                    "{stderr}"
                );
                // The Europass editor has no Japanese profile: English, said.
                assert!(
                    stderr.contains("cv.ron: warning: europass: settings.lang: the Europass editor has no profiles in `ja`; the profile is marked English"),
                    "{stderr}"
                );
                let lua = build(&file, &dir.join("lua"), &["-f", "latex", "-O", "latex.engine=lualatex"]);
                assert!(lua.status.success());
                assert!(read(dir.join("lua/cv.tex")).contains("\\babelprovide[import=ja, main]{japanese}"));
                assert!(!String::from_utf8_lossy(&lua.stderr).contains("cannot set the script"));
            }
        }
        #[cfg(feature = "typst")]
        {
            let t = build(&file, &dir.join("typ"), &["-f", "typst"]);
            assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
            assert!(read(dir.join("typ/cv.typ")).contains(typst), "{lang}: typst");
            // Japanese prints in the bundled CJK face: no word is left as an empty box.
            let said = String::from_utf8_lossy(&t.stderr);
            assert!(!said.contains("no font has"), "{said}");
            assert_eq!(read(dir.join("typ/cv.typ")).contains("\"Noto Sans CJK SC\""), lang == "ja", "{lang}: the CJK face");
        }
        let _ = typst;
    }
}

/// The seed's PDF in French (pdfLaTeX, babel's French) and Japanese
/// (LuaLaTeX, babel's Japanese, a CJK font): the words are in the PDF.
#[test]
fn latex_pdfs_in_french_and_japanese_hold_their_words() {
    for tool in ["pdflatex", "lualatex", "latexmk", "pdftotext", "fc-list"] {
        if which(tool).is_none() {
            return missing(tool, "apt-get install -y texlive-latex-base texlive-luatex latexmk poppler-utils fontconfig");
        }
    }
    let fonts = Command::new("fc-list").arg(":").arg("family").output().unwrap();
    if !String::from_utf8_lossy(&fonts.stdout).contains("Droid Sans Fallback") {
        return missing("the Droid Sans Fallback font", "apt-get install -y fonts-droid-fallback");
    }
    let d = tempfile::tempdir().unwrap();
    for (lang, options, words) in [
        ("fr", vec![], vec!["aujourd’hui", "Encadrement", "publications avec comité de lecture"]),
        ("ja", vec!["-O", "latex.engine=lualatex", "-O", "latex.font=Droid Sans Fallback"], vec!["現在", "指導教員", "査読付き論文"]),
    ] {
        let dir = d.path().join(lang);
        std::fs::create_dir_all(&dir).unwrap();
        let file = seed_in(&dir, lang);
        let mut args = vec!["-f", "latex", "--pdf"];
        args.extend(options);
        let out = build(&file, &dir.join("out"), &args);
        assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
        let text = Command::new("pdftotext").arg(dir.join("out/cv.pdf")).arg("-").output().unwrap();
        // Lines may break inside CJK words: compare without white space.
        let text: String = String::from_utf8_lossy(&text.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        for w in words {
            let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains(w.as_str()), "{lang}: `{w}` is not in the PDF's text");
        }
    }
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(tool)).find(|p| p.is_file()))
}

#[test]
fn an_unknown_language_keeps_its_tag_with_english_words_and_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        ("jp", "`jp` is a country code; did you mean `ja`? or add labels/jp.ron beside the CV (a copy of one in formats/labels/)"),
        ("fra", "did you mean `fr`? or add labels/fra.ron beside the CV (a copy of one in formats/labels/)"),
        ("zh-TW", "vita's Chinese is Simplified (zh, zh-Hans); for Traditional, add labels/zh-TW.ron beside the CV"),
    ];
    for (lang, hint) in cases {
        let file = d.path().join("cv.ron");
        std::fs::write(&file, format!("(\n  person: (name: \"Ana Lima\"),\n  settings: (lang: \"{lang}\"),\n  sections: [],\n)\n"))
            .unwrap();
        let out = vita(&["check", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{lang}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = format!(
            "{}:3:20: settings.lang: warning: no labels for the language `{lang}`: the English words stand in ({hint})\n",
            file.display()
        );
        assert!(stderr.starts_with(&first), "{stderr}");
        // The build keeps the tag and writes English words.
        let html = vita(&["build", file.to_str().unwrap(), "-f", "html", "-o", "-"]);
        assert!(html.status.success(), "{}", String::from_utf8_lossy(&html.stderr));
        let page = String::from_utf8_lossy(&html.stdout);
        assert!(page.contains(&format!("lang=\"{lang}\"")), "{page}");
    }
    // A target's language too, pointed at the target.
    let file = d.path().join("t.ron");
    std::fs::write(
        &file,
        "(\n  person: (name: \"Ana Lima\"),\n  sections: [],\n  targets: [(name: \"web\", formats: [\"html\"], lang: \"kr\")],\n)\n",
    )
    .unwrap();
    let out = vita(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("{}:4:", file.display())), "{stderr}");
    assert!(stderr.contains(": targets[0].lang: warning: no labels for the language `kr`: the English words stand in"), "{stderr}");
    assert!(stderr.contains("did you mean `ko`?"), "{stderr}");
}

#[test]
fn a_cv_may_change_words_or_add_a_language_with_its_own_labels_file() {
    let d = tempfile::tempdir().unwrap();
    let labels = d.path().join("labels");
    std::fs::create_dir_all(&labels).unwrap();
    // Change two French words, one with characters HTML and LaTeX must escape.
    std::fs::write(labels.join("fr.ron"), "// mine\n(\n  present: \"à ce jour\",\n  advisor: \"Direction <de> thèse & 100%\",\n)\n")
        .unwrap();
    let file = seed_in(d.path(), "fr");
    let out = build(&file, &d.path().join("out"), &["-f", "text", "-f", "html", "-f", "latex"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let txt = read(d.path().join("out/cv.txt"));
    assert!(txt.contains("(08/2023 – à ce jour)"), "{txt}");
    assert!(txt.contains("Direction <de> thèse & 100%\u{a0}: Prof. John Ousterhout"), "{txt}");
    assert!(txt.contains("publications avec comité de lecture"), "the other words stay French");
    assert!(read(d.path().join("out/cv.html")).contains("Direction &lt;de&gt; thèse &amp; 100%"));
    assert!(read(d.path().join("out/cv.tex")).contains("Direction \\textless{}de\\textgreater{} thèse \\& 100\\%"));

    // A language vita lacks: Swedish, partly given; the rest in English, said.
    std::fs::write(labels.join("sv.ron"), "(\n  present: \"nu\",\n  advisor: \"Handledare\",\n)\n").unwrap();
    let file = seed_in(d.path(), "sv");
    let out = build(&file, &d.path().join("sv"), &["-f", "text"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = labels.join("sv.ron").display().to_string();
    assert!(stderr.contains(&format!("{shown}:1:1: warning: vita has no `sv` words for `acceptance`, ")), "{stderr}");
    assert!(stderr.contains("`thesis`, ") && stderr.contains(": the English ones stand in\n"), "{stderr}");
    let txt = read(d.path().join("sv/cv.txt"));
    assert!(txt.contains("Handledare: Prof. John Ousterhout") && txt.contains("– nu)"), "{txt}");

    // A mistake in the file: exit 2, drawn at its place in the file.
    std::fs::write(labels.join("fr.ron"), "(\n  presnt: \"à ce jour\",\n)\n").unwrap();
    let file = seed_in(d.path(), "fr");
    let out = vita(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = labels.join("fr.ron").display().to_string();
    assert!(stderr.starts_with(&format!("{shown}:2:3: presnt: unknown label `presnt` (did you mean `present`?)\n")), "{stderr}");
}
