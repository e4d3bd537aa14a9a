//! Batch builds: several CVs, or a folder of them, each into
//! `DIR/<file stem>/`; one bad CV reported with its own diagnostics, the
//! others built; the exit code sums the run up.

use std::path::Path;

use crate::common::*;

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn a_folder_builds_every_cv_and_a_bad_one_does_not_stop_the_others() {
    let d = tempfile::tempdir().unwrap();
    let cvs = d.path().join("cvs");
    std::fs::create_dir_all(&cvs).unwrap();
    std::fs::copy(root().join("examples/minimal.ron"), cvs.join("ada.ron")).unwrap();
    std::fs::copy(root().join("examples/every-kind.ron"), cvs.join("every.ron")).unwrap();
    std::fs::copy(root().join("tests/bad/end-before-start.ron"), cvs.join("broken.ron")).unwrap();
    std::fs::write(cvs.join("notes.txt"), "not a CV").unwrap();
    let out = d.path().join("out");
    let run = vita(&["build", cvs.to_str().unwrap(), "-o", out.to_str().unwrap(), "-f", "text", "-f", "html"]);
    assert_eq!(run.status.code(), Some(2), "only bad input failed");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let broken = cvs.join("broken.ron").display().to_string();
    // The bad CV's diagnostic, whole, with its file; then the summary.
    assert!(
        stderr.contains(&format!(
            "{broken}:6:58: sections[0].entries[0].end: ends (1842-01) before it starts (1843-09) (swap the dates, or fix the year)\n  |\n6 |"
        )),
        "{stderr}"
    );
    let last = stderr.lines().last().unwrap();
    assert!(last.starts_with(&format!("error: 1 of 3 CVs failed (2 built into {}/ in ", out.display())), "{last}");
    assert!(last.ends_with(&format!(" s): {broken}")), "{last}");
    assert_eq!(files(&out), ["ada", "every"]);
    assert!(files(&out.join("ada")).contains(&"cv.html".to_string()));
    // The same bytes as a build of that CV alone.
    let alone = d.path().join("alone");
    assert!(vita(&["build", cvs.join("every.ron").to_str().unwrap(), "-o", alone.to_str().unwrap(), "-f", "text", "-f", "html"])
        .status
        .success());
    for f in ["cv.txt", "cv.html"] {
        assert_eq!(std::fs::read(out.join("every").join(f)).unwrap(), std::fs::read(alone.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn named_files_build_into_their_stems_with_their_targets() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let run = vita(&["build", "examples/seojin-park.ron", "examples/minimal.ron", "-o", out.to_str().unwrap(), "-t", "portal"]);
    // `--target portal`: the seed has it, minimal has no targets at all.
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error: examples/minimal.ron defines no targets"), "{stderr}");
    assert_eq!(files(&out), ["seojin-park"]);
    assert_eq!(files(&out.join("seojin-park")), ["portal"]);

    let run = vita(&["build", "examples/seojin-park.ron", "examples/minimal.ron", "-o", out.to_str().unwrap(), "-f", "jsonresume"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.lines().last().unwrap().starts_with(&format!("built 2 CVs into {}/ in ", out.display())), "{stderr}");
    assert!(!stderr.contains("wrote "), "a batch sums up instead of listing files: {stderr}");
    assert!(out.join("minimal/cv.json").is_file() && out.join("seojin-park/cv.json").is_file());
}

#[test]
fn a_batch_refuses_what_it_cannot_do_before_building() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::copy(root().join("examples/minimal.ron"), a.join("cv.ron")).unwrap();
    std::fs::copy(root().join("examples/minimal.ron"), d.path().join("cv.ron")).unwrap();
    let (first, second, o) = (a.join("cv.ron"), d.path().join("cv.ron"), d.path().join("o"));
    let cases: [(&[&str], String); 4] = [
        (
            &["build", "examples/minimal.ron", "examples/every-kind.ron", "-o", "-"],
            "error: a batch writes folders; give -o DIR, not `-`".into(),
        ),
        (
            &["build", first.to_str().unwrap(), second.to_str().unwrap(), "-o", o.to_str().unwrap()],
            format!(
                "error: {} and {} would both build into `cv/`; rename one, or build them apart",
                a.join("cv.ron").display(),
                d.path().join("cv.ron").display()
            ),
        ),
        (&["build", "examples/minimal.ron", "-", "-o", "x"], "error: standard input (`-`) is one CV; build it alone".into()),
        (&["watch", "examples/minimal.ron", "examples/every-kind.ron"], "error: `vita watch` follows one CV; give one file".into()),
    ];
    for (args, message) in cases {
        let run = vita(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&run.stderr), format!("{message}\n"), "{args:?}");
    }
    assert!(!d.path().join("o").exists(), "nothing built");
}

/// On a terminal (`script` gives one) a batch that takes long shows a
/// progress bar; the time it waits for is shortened here.
#[test]
fn a_long_batch_shows_progress_on_a_terminal() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        return missing("script", "apt-get install -y util-linux");
    }
    let d = tempfile::tempdir().unwrap();
    for i in 0..4 {
        std::fs::copy(root().join("examples/minimal.ron"), d.path().join(format!("cv{i}.ron"))).unwrap();
    }
    let command = format!("{} build {} -o {} -f text", env!("CARGO_BIN_EXE_vita"), d.path().display(), d.path().join("out").display());
    let run = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("VITA_PROGRESS_AFTER", "0")
        .current_dir(root())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(run.status.success(), "{shown}");
    assert!(shown.contains("/4 CVs, "), "no progress bar: {shown:?}");
    assert!(shown.contains("built 4 CVs into "), "{shown:?}");
}
