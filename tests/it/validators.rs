//! Real validators on every example's outputs. Tools are found through
//! environment variables or in `.tools/` (where `.ci/run` installs them);
//! missing ones skip the test with a message, or fail it under `CI=true`.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;

fn build_all(format: &str) -> Vec<(String, tempfile::TempDir)> {
    build_all_with(format, &[])
}

fn build_all_with(format: &str, extra: &[&str]) -> Vec<(String, tempfile::TempDir)> {
    let mut out = Vec::new();
    for ex in files_with(&root().join("examples"), "ron") {
        let stem = ex.file_stem().unwrap().to_str().unwrap().to_string();
        let dir = tempfile::tempdir().unwrap();
        let file = format!("examples/{stem}.ron");
        let mut args = vec!["build", &file, "--format", format, "-o", dir.path().to_str().unwrap()];
        args.extend_from_slice(extra);
        let run = vita(&args);
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
    // Every example in every theme, checked in one run of the checker.
    let built: Vec<(String, tempfile::TempDir)> =
        ["classic", "modern", "margin", "compact", "ats"].iter().flat_map(|t| build_all_with("html", &["--theme", t])).collect();
    let files: Vec<PathBuf> = built.iter().map(|(_, d)| d.path().join("cv.html")).collect();
    let out = Command::new("java").arg("-jar").arg(&jar).arg("--errors-only").args(&files).output().expect("run java");
    assert!(out.status.success(), "vnu found errors:\n{}", String::from_utf8_lossy(&out.stderr));
}

fn ref_dir() -> PathBuf {
    std::env::var_os("VITA_REF_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/ref"))
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
fn europass_passes_the_xsd() {
    let europass = ref_dir().join("europass");
    let xsd = europass.join("v3.4.1/EuropassSchema.xsd");
    if !xsd.exists() {
        return missing("the Europass XSD", "set VITA_REF_DIR to the folder holding europass/v3.4.1");
    }
    if !have("xmllint") {
        return missing("xmllint", "apt-get install -y libxml2-utils");
    }
    let catalog = std::fs::canonicalize(europass.join("v3.4.1/catalog.xml")).unwrap();
    // Every example, and every-kind with a photo (its `Photo` element).
    let mut built = build_all("europass-v3");
    let photo = tempfile::tempdir().unwrap();
    std::fs::write(photo.path().join("me.png"), crate::themes::png()).unwrap();
    let src = std::fs::read_to_string(root().join("examples/every-kind.ron")).unwrap();
    std::fs::write(photo.path().join("cv.ron"), src.replacen("  person: (", "  person: (photo: \"me.png\", ", 1)).unwrap();
    let run = vita(&["build", photo.path().join("cv.ron").to_str().unwrap(), "-f", "europass-v3", "-o", photo.path().to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(std::fs::read_to_string(photo.path().join("cv.europass-v3.xml")).unwrap().contains("<MimeType>image/png</MimeType>"));
    built.push(("with a photo".into(), photo));
    for (stem, dir) in built {
        let file = dir.path().join("cv.europass-v3.xml");
        let out = Command::new("xmllint")
            .env("XML_CATALOG_FILES", &catalog)
            .args(["--nonet", "--noout", "--schema"])
            .arg(&xsd)
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{stem}: {}", String::from_utf8_lossy(&out.stderr));
        if stem == "seojin-park" {
            let xml = std::fs::read_to_string(&file).unwrap();
            assert_eq!(xml.matches("<WorkExperience>").count(), 9, "3 employment + 6 industry positions");
            assert_eq!(xml.matches("<Education>").count(), 3);
            for needle in [
                "<Name>Microsoft, Bing</Name>",
                "<Name>KAYAK Software</Name>",
                "<Title>B.S. in Computer Science and in Mathematics</Title>",
                "Overload Control for μs-scale RPCs with Breakwater",
                "Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
                "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS.",
                "<Code>honors_awards</Code>",
                "APNet&amp;#39;19 Best Paper Award&lt;/strong&gt;, 2019&lt;br&gt;For publication [10]",
                "Samsung Scholarship",
                "STX Scholarship",
                "<From year=\"2013\" month=\"--09\"/>",
                "<Current>true</Current>",
            ] {
                assert!(xml.contains(needle), "{needle} missing");
            }
            let pubs = xml.matches("[").count();
            assert!(pubs >= 12, "{pubs}");
        }
    }
}

#[test]
fn europass_document_date_is_deterministic() {
    let run = |epoch: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_vita"));
        c.args(["build", "examples/minimal.ron", "--format", "europass-v3", "-o", "-"]).current_dir(root());
        match epoch {
            Some(e) => c.env("SOURCE_DATE_EPOCH", e),
            None => c.env_remove("SOURCE_DATE_EPOCH"),
        };
        let out = c.output().unwrap();
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (xml, warn) = run(None);
    assert!(xml.contains("<CreationDate>1843-01-01T00:00:00Z</CreationDate>"), "{xml}");
    assert!(warn.contains("europass-v3: updated: the CV has no `updated` date; DocumentInfo is dated 1843"), "{warn}");
    let (xml, _) = run(Some("1700000000"));
    assert!(xml.contains("<LastUpdateDate>2023-11-14T22:13:20Z</LastUpdateDate>"));
}
