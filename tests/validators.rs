//! Real validators on every example's outputs. Tools are found through
//! environment variables or in `.tools/` (where `.ci/run` installs them);
//! missing ones skip the test with a message, or fail it under `CI=true`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn build_all(format: &str) -> Vec<(String, tempfile::TempDir)> {
    let mut out = Vec::new();
    for ex in files_with(&root().join("examples"), "ron") {
        let stem = ex.file_stem().unwrap().to_str().unwrap().to_string();
        let dir = tempfile::tempdir().unwrap();
        let run = vita(&["build", &format!("examples/{stem}.ron"), "--format", format, "-o", dir.path().to_str().unwrap()]);
        assert!(run.status.success(), "{stem}: {}", String::from_utf8_lossy(&run.stderr));
        out.push((stem, dir));
    }
    out
}

fn vnu_jar() -> Option<PathBuf> {
    let p = std::env::var_os("VITA_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar"));
    p.exists().then_some(p)
}

#[test]
fn html_passes_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else {
        return missing("the Nu HTML Checker (vnu.jar)", "run `npm install --prefix .tools vnu-jar`, or set VITA_VNU_JAR");
    };
    let built = build_all("html");
    let files: Vec<PathBuf> = built.iter().map(|(_, d)| d.path().join("cv.html")).collect();
    let out = Command::new("java").arg("-jar").arg(&jar).arg("--errors-only").args(&files).output().expect("run java");
    assert!(out.status.success(), "vnu found errors:\n{}", String::from_utf8_lossy(&out.stderr));
}
