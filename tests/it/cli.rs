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
    assert_eq!(&names[..7], ["text", "html", "latex", "jsonresume", "europass", "europass-v3", "markdown"]);
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
    let ok = vita(&["build", "examples/minimal.ron", "--format", "all", "-o", out_dir.to_str().unwrap()]);
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

/// A reader that has gone (`vita formats | grep -q typst`): vita stops
/// quietly with success, as the pipeline got what it wanted.
#[test]
fn a_closed_standard_output_ends_vita_quietly() {
    for args in [&["formats"][..], &["build", "examples/minimal.ron", "-f", "text", "-o", "-"], &["new", "Ada Lovelace"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vita"))
            .args(args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn an_output_with_the_same_bytes_is_not_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let build = || vita(&["build", "examples/minimal.ron", "-f", "text", "-f", "html", "-o", o]);
    let first = build();
    assert!(first.status.success());
    assert_eq!(
        String::from_utf8_lossy(&first.stderr),
        format!("wrote {o}/cv.txt\nwrote {o}/cv.html\ndone: 2 files in {o}/; open {o}/cv.html\n")
    );
    let changed = |name: &str| std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
    let before: Vec<_> = ["cv.txt", "cv.html", ".vita-manifest"].iter().map(|n| changed(n)).collect();
    // Longer than the file system's clock tick: a file written again would show a later time.
    std::thread::sleep(std::time::Duration::from_millis(50));
    // A file edited since is written again; the others are left as they were.
    std::fs::write(out.join("cv.txt"), "edited\n").unwrap();
    let second = build();
    assert!(second.status.success());
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        format!("wrote {o}/cv.txt\nunchanged {o}/cv.html\ndone: 2 files in {o}/; open {o}/cv.html\n")
    );
    assert_eq!(changed("cv.html"), before[1], "cv.html was written again");
    assert_eq!(changed(".vita-manifest"), before[2], "the manifest was written again");
    assert!(!String::from_utf8_lossy(&std::fs::read(out.join("cv.txt")).unwrap()).starts_with("edited"));
    // A link to a file with the same bytes is not the output: it is replaced, never followed.
    let elsewhere = dir.path().join("elsewhere.html");
    std::fs::copy(out.join("cv.html"), &elsewhere).unwrap();
    std::fs::remove_file(out.join("cv.html")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("cv.html")).unwrap();
    let third = build();
    assert!(third.status.success());
    assert!(String::from_utf8_lossy(&third.stderr).contains(&format!("wrote {o}/cv.html\n")), "{}", String::from_utf8_lossy(&third.stderr));
    assert!(std::fs::symlink_metadata(out.join("cv.html")).unwrap().is_file());
}

#[test]
fn a_cv_without_targets_builds_what_people_open_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = vita(&["build", "examples/minimal.ron", "-o", out.to_str().unwrap()]);
    assert!(run.status.success());
    let mut names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    #[cfg(feature = "typst")]
    assert_eq!(names, [".vita-manifest", "cv.html", "cv.pdf", "cv.txt", "cv.typ"]);
    #[cfg(not(feature = "typst"))]
    assert_eq!(names, [".vita-manifest", "cv.html", "cv.tex", "cv.txt"]);
    let said = String::from_utf8_lossy(&run.stderr);
    let last = said.lines().last().unwrap_or_default();
    let open = if cfg!(feature = "typst") { "cv.pdf" } else { "cv.html" };
    assert_eq!(last, format!("done: {} files in {}/; open {}", names.len() - 1, out.display(), out.join(open).display()));
    // A format named `pdf` is pointed at the ways to a PDF.
    let run = vita(&["build", "examples/minimal.ron", "-f", "pdf", "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("error: unknown format `pdf` ("), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`--pdf` adds a PDF to the formats asked, from LaTeX with `-f latex`)"));
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

/// What bash offers after `line` (the last word is being completed), once
/// `setup` has loaded a completion script that defines `function`.
fn bash_completes(setup: &str, function: &str, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "cd {}; {setup}; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9; \
         {function} vita '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        root().display(),
        words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2]
    );
    let out = std::process::Command::new("bash").arg("-c").arg(program).output().expect("bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect()
}

/// What bash offers with the script `vita completions bash` prints loaded.
fn bash_offers(line: &str) -> Vec<String> {
    let script = vita(&["completions", "bash"]);
    assert!(script.status.success());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vita.bash"), &script.stdout).unwrap();
    bash_completes(&format!("source {}", dir.path().join("vita.bash").display()), "_vita", line)
}

/// What bash offers with the script `COMPLETE=bash vita` prints loaded:
/// the script asks vita, which reads the CV on the line.
fn bash_offers_dynamic(line: &str) -> Vec<String> {
    bash_completes(&format!("source <(COMPLETE=bash {})", env!("CARGO_BIN_EXE_vita")), "_clap_complete_vita", line)
}

#[test]
fn dynamic_completions_offer_the_cvs_target_names() {
    assert_eq!(bash_offers_dynamic("vita build examples/seojin-park.ron --target f"), ["faculty", "fellowship"]);
    assert_eq!(
        bash_offers_dynamic("vita watch examples/seojin-park.ron -t "),
        ["faculty", "fellowship", "portal", "eu", "jobs", "website", "recruiter"]
    );
    assert_eq!(bash_offers_dynamic("vita build examples/seojin-park.ron --format europass"), ["europass", "europass-v3"]);
    // A CV without targets, or none on the line: nothing to offer.
    assert!(bash_offers_dynamic("vita build examples/minimal.ron --target ").iter().all(|s| s.is_empty()));
    assert!(bash_offers_dynamic("vita build --target ").iter().all(|s| s.is_empty()));
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

/// Runs vita from the project root with `input` on standard input.
fn vita_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

#[test]
fn a_dash_reads_standard_input_for_check_build_and_import() {
    let minimal = read("examples/minimal.ron");
    let out = vita_stdin(&["check", "-"], &minimal);
    assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stdout).as_ref()), (Some(0), "<stdin>: ok\n"));
    // Diagnostics name standard input, with line and column.
    let out = vita_stdin(&["check", "-"], b"(person: (name: \"\"))\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("<stdin>:1:17: person.name: the name must not be empty\n"), "{err}");
    let out = vita_stdin(&["build", "-", "-f", "text", "-o", "-"], &minimal);
    assert_eq!(out.stdout, read("tests/golden/minimal/cv.txt"));
    // JSON Resume and publication files are told apart by their content.
    let json = "tests/jsonresume/other-tool.resume.json";
    assert_eq!(vita_stdin(&["import", "-"], &read(json)).stdout, vita(&["import", json]).stdout);
    let bib = vita_stdin(&["import", "-"], &read("tests/sources/dblp.bib"));
    let from_file = vita(&["import", "tests/sources/dblp.bib"]);
    let body = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).lines().skip(3).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&bib), body(&from_file));
    assert!(String::from_utf8_lossy(&bib.stdout).starts_with("// 4 publications from <stdin> (BibTeX)"));
}

#[test]
fn quiet_prints_only_errors_and_verbose_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let o = out_dir.to_str().unwrap();
    // The seed's cv.bib warns (acceptance counts), and the files written are listed.
    let normal = vita(&["build", "examples/seojin-park.ron", "-f", "bibtex", "-o", o]);
    assert!(String::from_utf8_lossy(&normal.stderr).contains("warning: bibtex:"));
    let quiet = vita(&["build", "-q", "examples/seojin-park.ron", "-f", "bibtex", "-o", o]);
    assert_eq!((quiet.status.code(), String::from_utf8_lossy(&quiet.stderr).as_ref()), (Some(0), ""));
    let check = vita(&["--quiet", "check", "examples/seojin-park.ron"]);
    assert_eq!((check.status.code(), check.stdout.len(), check.stderr.len()), (Some(0), 0, 0));
    let bad = vita(&["build", "-q", "tests/bad/empty-name.ron", "-o", o]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(bad.stderr, read("tests/bad/empty-name.stderr"));
    let verbose = vita(&["build", "--verbose", "examples/minimal.ron", "-f", "text", "-o", o]);
    let err = String::from_utf8_lossy(&verbose.stderr);
    let steps: Vec<&str> = err.lines().filter(|l| l.starts_with("vita: ")).collect();
    assert_eq!(steps.len(), 4, "{err}");
    assert!(steps[0].starts_with("vita: read examples/minimal.ron (") && steps[0].ends_with(" ms"), "{err}");
    assert!(steps[1].starts_with("vita: parsed and checked examples/minimal.ron in ") && steps[1].ends_with(" ms: 0 diagnostics"), "{err}");
    assert!(steps[2].starts_with("vita: rendered text in "), "{err}");
    assert!(steps[3].starts_with(&format!("vita: wrote 1 file into {o} in ")), "{err}");
    let both = vita(&["build", "-q", "-v", "examples/minimal.ron"]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn one_targets_one_file_goes_to_standard_output() {
    let jobs = vita(&["build", "examples/seojin-park.ron", "--target", "jobs", "-o", "-"]);
    assert_eq!(jobs.status.code(), Some(0), "{}", String::from_utf8_lossy(&jobs.stderr));
    assert_eq!(jobs.stdout, read("tests/golden/seojin-park/targets/jobs/cv.json"));
    let two = vita(&["build", "-q", "examples/seojin-park.ron", "--target", "website", "-o", "-"]);
    assert_eq!(two.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&two.stderr),
        "error: target website: `-o -` prints one file, and this target writes 2 (cv.html, cv.bib); give -o DIR\n"
    );
    assert!(two.stdout.is_empty());
    let all = vita(&["build", "examples/seojin-park.ron", "-o", "-"]);
    assert_eq!(all.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&all.stderr),
        "error: targets write folders; give -o DIR, or name one target with --target to print its file (or one format with --format)\n"
    );
}
