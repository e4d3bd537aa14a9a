//! The command-line contract: `new`, `formats`, `templates export`, exit codes,
//! and that bad input leaves existing outputs untouched.

use crate::common::*;

#[test]
fn a_new_cv_passes_check() {
    let out = vita(&["new", "Ada \"Countess\" Lovelace"]);
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cv.ron");
    std::fs::write(&file, &out.stdout).unwrap();
    let check = vita(&["check", file.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(check.stderr.is_empty(), "{}", String::from_utf8_lossy(&check.stderr));
    let build = vita(&["build", file.to_str().unwrap(), "--format", "text", "-o", "-"]);
    assert!(String::from_utf8_lossy(&build.stdout).starts_with("ADA \"COUNTESS\" LOVELACE\n"));
}

#[test]
fn formats_lists_every_backend() {
    let out = vita(&["formats"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().filter(|l| !l.starts_with(" ")).map(|l| l.split_whitespace().next().unwrap()).collect();
    let registered: Vec<&str> = vita::registry::BACKENDS.iter().map(|b| b.name()).collect();
    assert_eq!(names, registered);
    assert_eq!(&names[..6], ["text", "html", "latex", "jsonresume", "europass", "markdown"]);
}

#[test]
fn unknown_format_is_bad_input() {
    let out = vita(&["build", "examples/minimal.ron", "--format", "htm", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: unknown format `htm` (did you mean `html`?)\n");
}

#[test]
fn exported_templates_can_be_changed_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    let out = vita(&["templates", "export", "html", theme.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let css = theme.join("style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.my-theme-marker { color: red; }\n");
    std::fs::write(&css, text).unwrap();
    let build = vita(&["build", "examples/minimal.ron", "--format", "html", "--templates", theme.to_str().unwrap(), "-o", "-"]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(String::from_utf8_lossy(&build.stdout).contains(".my-theme-marker { color: red; }"));
    // Exporting over existing files refuses.
    let again = vita(&["templates", "export", "html", theme.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn bad_input_leaves_previous_outputs_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let ok = vita(&["build", "examples/minimal.ron", "-o", out_dir.to_str().unwrap()]);
    assert!(ok.status.success());
    let before = std::fs::read(out_dir.join("cv.html")).unwrap();
    let bad = vita(&["build", "tests/bad/month-13.ron", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(std::fs::read(out_dir.join("cv.html")).unwrap(), before);
    let mut names: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut want = vec![".vita-manifest".to_string()];
    want.extend(every_format_file());
    assert_eq!(names, want);
}

#[test]
fn diagnostics_are_coloured_on_a_terminal_unless_no_color() {
    // `script` (util-linux) gives vita a pseudo-terminal as its standard error.
    if std::process::Command::new("script").arg("--version").output().is_err() {
        return missing("script", "apt-get install -y bsdutils");
    }
    let run = |no_color: Option<&str>| {
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &format!("{} check tests/bad/end-before-start.ron", env!("CARGO_BIN_EXE_vita")), "/dev/null"]).current_dir(root());
        match no_color {
            Some(v) => c.env("NO_COLOR", v),
            None => c.env_remove("NO_COLOR"),
        };
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    };
    let coloured = run(None);
    assert!(
        coloured.starts_with("\u{1b}[1mtests/bad/end-before-start.ron:6:58: sections[0].entries[0].end: ends (1842-01) before"),
        "{coloured:?}"
    );
    assert!(coloured.contains("\u{1b}[1m\u{1b}[91m^\u{1b}[0m"), "{coloured:?}");
    let plain = run(Some("1"));
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert!(
        plain.starts_with("tests/bad/end-before-start.ron:6:58: sections[0].entries[0].end: ends (1842-01) before it starts (1843-09)"),
        "{plain}"
    );
}

/// What bash offers after `line` (the last word is being completed), with
/// the script `vita completions bash` prints loaded.
fn bash_offers(line: &str) -> Vec<String> {
    let script = vita(&["completions", "bash"]);
    assert!(script.status.success());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vita.bash"), &script.stdout).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "source {}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _vita vita '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        dir.path().join("vita.bash").display(),
        words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2]
    );
    let out = std::process::Command::new("bash").arg("-c").arg(program).output().expect("bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect()
}

#[test]
fn completions_offer_commands_and_format_names() {
    assert_eq!(bash_offers("vita c"), ["check", "completions"]);
    let t: Vec<&str> = vita::registry::BACKENDS.iter().map(|b| b.name()).filter(|n| n.starts_with('t')).collect();
    assert_eq!(bash_offers("vita build cv.ron --format t"), t);
    let formats: Vec<String> = vita::registry::BACKENDS.iter().map(|b| b.name().to_string()).collect();
    let offered = bash_offers("vita templates export ");
    assert!(formats.iter().all(|f| offered.contains(f)), "{offered:?}");
    // Each shell gets a script; an unknown one is a usage error.
    for (shell, marker) in [("zsh", "#compdef vita"), ("fish", "complete -c vita"), ("powershell", "Register-ArgumentCompleter")] {
        let out = vita(&["completions", shell]);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains(marker), "{shell}");
    }
    let bad = vita(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    // The values offered do not limit what is accepted: an external backend's name still parses.
    let run = vita(&["build", "examples/minimal.ron", "--format", "nosuchformat", "-o", "-"]);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr).lines().next().unwrap_or(""),
        format!("error: unknown format `nosuchformat` (known formats: {})", formats.join(", "))
    );
}
