//! JSON Resume: every example's export passes both official schemas (with
//! formats checked), the official sample and a file from another tool with
//! extra fields survive import and export unchanged, the seed survives
//! export, import and export byte for byte, and import keeps the whole CV.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

fn ref_dir() -> PathBuf {
    std::env::var_os("VITA_REF_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/ref")).join("jsonresume")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

/// The two schemas, or None (failing under CI) when the reference files are missing.
fn schemas() -> Option<Vec<(String, jsonschema::Validator)>> {
    let dir = ref_dir();
    let mut out = Vec::new();
    for name in ["schema-v1.0.0.json", "schema.json"] {
        let p = dir.join(name);
        if !p.exists() {
            missing(&format!("the JSON Resume schema {name}"), "set VITA_REF_DIR to the folder holding jsonresume/");
            return None;
        }
        let v = jsonschema::options().should_validate_formats(true).build(&read_json(&p)).unwrap();
        out.push((name.to_string(), v));
    }
    Some(out)
}

fn build_json(source: &str) -> (Vec<u8>, String) {
    let out = vita(&["build", source, "--format", "jsonresume", "-o", "-"]);
    assert!(out.status.success(), "{source}: {}", String::from_utf8_lossy(&out.stderr));
    (out.stdout, String::from_utf8_lossy(&out.stderr).to_string())
}

fn import(source: &str) -> String {
    let out = vita(&["import", source]);
    assert!(out.status.success(), "{source}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_export_passes_both_schemas() {
    let Some(schemas) = schemas() else { return };
    let mut failures = Vec::new();
    let mut sources: Vec<String> = files_with(&root().join("examples"), "ron")
        .iter()
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_str().unwrap()))
        .collect();
    // A file with extra top-level keys is valid for 1.3.1 only, and so is its export.
    sources.push("tests/jsonresume/other-tool.resume.json".into());
    for source in &sources {
        let (bytes, _) = build_json(source);
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let versions = if source.ends_with(".json") { &schemas[1..] } else { &schemas[..] };
        for (name, v) in versions {
            for e in v.iter_errors(&value) {
                failures.push(format!("{source} against {name}: {} at {}", e, e.instance_path()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schemas_catch_what_they_should() {
    // The validators are live: an unknown top-level key fails 1.0.0, a bad date fails both.
    let Some(schemas) = schemas() else { return };
    let (bytes, _) = build_json("examples/minimal.ron");
    let mut value: Value = serde_json::from_slice(&bytes).unwrap();
    value["x-unknown"] = Value::Bool(true);
    assert!(!schemas[0].1.is_valid(&value));
    assert!(schemas[1].1.is_valid(&value));
    value["work"] = serde_json::json!([{ "name": "X", "startDate": "May 2020" }]);
    assert!(!schemas[1].1.is_valid(&value));
}

#[test]
fn the_official_sample_round_trips() {
    let sample = ref_dir().join("sample.resume.json");
    if !sample.exists() {
        return missing("the JSON Resume sample", "set VITA_REF_DIR to the folder holding jsonresume/");
    }
    let original = read_json(&sample);
    // Through RON, as a user moving to vita does it.
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("cv.ron");
    std::fs::write(&ron, import(sample.to_str().unwrap())).unwrap();
    let (bytes, _) = build_json(ron.to_str().unwrap());
    assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), original);
    // And directly from the JSON file.
    let (bytes, _) = build_json(sample.to_str().unwrap());
    assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), original);
}

#[test]
fn a_file_from_another_tool_loses_nothing() {
    let source = "tests/jsonresume/other-tool.resume.json";
    let original = read_json(&root().join(source));
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("cv.ron");
    let text = import(source);
    // The fields JSON Resume does not name are in a section of their own.
    assert!(text.contains("id: \"jsonresume-extra\""), "{text}");
    assert!(text.contains("title: \"/work/0/x-team-size\""), "{text}");
    std::fs::write(&ron, &text).unwrap();
    let (bytes, _) = build_json(ron.to_str().unwrap());
    // All of it, with the one field JSON Resume has no top-level room for under `meta`.
    let mut expected = original.clone();
    let tool = expected.as_object_mut().unwrap().remove("x-tool").unwrap();
    expected["meta"].as_object_mut().unwrap().insert("x-tool".into(), tool);
    assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), expected);
    // The other formats show every imported field, the extra ones included.
    let out = vita(&["build", ron.to_str().unwrap(), "--format", "text", "-o", "-"]);
    let txt = String::from_utf8(out.stdout).unwrap();
    for fact in [
        "Analyst & <Engineer>",
        "Note G",
        "Taylor's Scientific Memoirs, publication",
        "Bernoulli numbers",
        "/basics/pronouns",
        "\"she/her\"",
        "Mathematics",
    ] {
        assert!(txt.contains(fact), "{fact} missing from\n{txt}");
    }
}

#[test]
fn the_seed_exported_imported_and_exported_again_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (first, warnings) = build_json("examples/seojin-park.ron");
    // What JSON Resume cannot hold is named.
    assert!(
        warnings.contains("sections[1].entries[0]: JSON Resume's education has no field for location, advisor; only meta.vita keeps them"),
        "{warnings}"
    );
    let json = dir.path().join("cv.json");
    std::fs::write(&json, &first).unwrap();
    let ron = dir.path().join("cv.ron");
    std::fs::write(&ron, import(json.to_str().unwrap())).unwrap();
    let (second, _) = build_json(ron.to_str().unwrap());
    assert!(first == second, "the second export differs from the first");
    // The imported CV is the seed's CV.
    let seed = vita_model::parse(&std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap()).unwrap();
    let back = vita_model::parse(&std::fs::read_to_string(&ron).unwrap()).unwrap();
    assert!(seed == back, "the imported CV differs from the seed");
    // So every other output is the same too.
    let text = vita(&["build", ron.to_str().unwrap(), "--format", "text", "-o", "-"]);
    assert_eq!(text.stdout, std::fs::read(root().join("tests/golden/seojin-park/cv.txt")).unwrap());
}

#[test]
fn the_export_shows_academic_content_to_themes() {
    let (bytes, _) = build_json("examples/seojin-park.ron");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let p = &v["publications"][0];
    assert_eq!(p["name"], "Nu: Achieving Microsecond-Scale Resource Fungibility with Logical Processes");
    assert_eq!(p["publisher"], "20th USENIX Symposium on Networked Systems Design and Implementation (NSDI'23)");
    assert_eq!(
        p["summary"],
        "Zhenyuan Ruan, Seo Jin Park, Marcos K. Aguilera, Adam Belay, and Malte Schwarzkopf. To appear. Acceptance rate for spring submissions: 18.4%, 50 out of 272."
    );
    assert!(v["work"][0].get("endDate").is_none(), "an ongoing position has no endDate");
    assert_eq!(v["volunteer"][0]["position"], "Program Committee & Session Chair");
    let kinds: Vec<&str> = v["projects"].as_array().unwrap().iter().filter_map(|p| p["type"].as_str()).collect();
    for k in ["research", "teaching", "mentoring"] {
        assert!(kinds.contains(&k), "no project of type {k}: {kinds:?}");
    }
    assert_eq!(v["meta"]["vita"]["version"], 1);
}

#[test]
fn an_edited_export_warns_and_keeps_the_stored_cv() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = build_json("examples/minimal.ron");
    let mut v: Value = serde_json::from_slice(&bytes).unwrap();
    if v.pointer("/meta/vita").is_none() {
        // minimal.ron needs no meta.vita; use the seed.
        let (bytes, _) = build_json("examples/seojin-park.ron");
        v = serde_json::from_slice(&bytes).unwrap();
    }
    v["basics"]["label"] = Value::String("Edited elsewhere".into());
    let json = dir.path().join("cv.json");
    std::fs::write(&json, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = vita(&["import", json.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(": meta.vita: warning: `basics` changed after vita wrote this file; the CV is taken from meta.vita.cv, as vita wrote it (delete meta.vita to import the changed fields instead (academic details kept only there are then lost))"), "{stderr}");
}
