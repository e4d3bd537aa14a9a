//! Files people really have, from public repositories (`tests/corpus/`,
//! sources in `SOURCES.md`): every one imports, checks and builds in every
//! format, and the consumers accept what it builds, except the files
//! `REFUSED.md` lists, each refused with its message. The pass rate per
//! kind is printed (`scripts/corpus` prints it for any vita binary).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const KINDS: &[&str] = &["jsonresume", "rendercv", "bibtex", "csl", "europass", "linkedin"];

/// `REFUSED.md`: file name → the text its refusal holds.
fn refused() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("tests/corpus/REFUSED.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| file"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect()
}

/// The corpus files of a kind (for LinkedIn, the export folders), sorted.
fn files(kind: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| if kind == "linkedin" { p.is_dir() } else { p.extension().is_some_and(|e| e != "md") })
        .collect();
    v.sort();
    v
}

/// A LinkedIn export folder as the zip archive LinkedIn sends.
fn zipped(dir: &Path, to: &Path) -> PathBuf {
    use std::io::Write;
    let path = to.join(format!("{}.zip", dir.file_name().unwrap().to_str().unwrap()));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for f in names {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(format!("Basic_LinkedInDataExport/{}", f.file_name().unwrap().to_str().unwrap()), options).unwrap();
        zip.write_all(&std::fs::read(&f).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// What one corpus file gave: its output folder, and the person's name.
struct Built {
    file: String,
    out: PathBuf,
    name: String,
    /// What the build said.
    said: String,
}

#[test]
fn every_corpus_file_imports_checks_builds_and_its_outputs_are_accepted() {
    let refused = refused();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures: Vec<String> = Vec::new();
    let mut built: Vec<Built> = Vec::new();
    let mut rates = Vec::new();
    for kind in KINDS {
        let mut inputs = files(kind);
        if *kind == "linkedin" {
            let first = inputs[0].clone();
            let zips = tmp.path().join("zips");
            std::fs::create_dir_all(&zips).unwrap();
            inputs.push(zipped(&first, &zips));
        }
        let (mut passed, mut total) = (0, 0);
        for input in inputs {
            let name = input.file_name().unwrap().to_str().unwrap().to_string();
            let out = vita(&["import", input.to_str().unwrap()]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if let Some(message) = refused.get(&name) {
                if out.status.code() != Some(2) || !out.stdout.is_empty() || !stderr.contains(message.as_str()) {
                    failures.push(format!("{name}: expected a refusal holding `{message}`, got exit {:?}:\n{stderr}", out.status.code()));
                }
                continue;
            }
            total += 1;
            if !out.status.success() {
                failures.push(format!("{name}: import failed:\n{stderr}"));
                continue;
            }
            let dir = tmp.path().join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            let imported = String::from_utf8(out.stdout).unwrap();
            // A publication file gives one section: in a CV of its own.
            let ron = if matches!(*kind, "bibtex" | "csl") {
                format!("#![enable(implicit_some)]\n(person: (name: \"Corpus Owner\"), sections: [\n{imported}])\n")
            } else {
                imported
            };
            let cv = dir.join("cv.ron");
            std::fs::write(&cv, &ron).unwrap();
            let check = vita(&["check", cv.to_str().unwrap()]);
            if !check.status.success() {
                failures.push(format!("{name}: the imported CV fails `vita check`:\n{}", String::from_utf8_lossy(&check.stderr)));
                continue;
            }
            let o = dir.join("out");
            let build = vita(&["build", cv.to_str().unwrap(), "--format", "all", "-o", o.to_str().unwrap()]);
            if !build.status.success() {
                failures.push(format!("{name}: the imported CV does not build:\n{}", String::from_utf8_lossy(&build.stderr)));
                continue;
            }
            let person: String = vita_model::load(&ron).document.map(|d| d.cv.person.name).unwrap_or_default();
            built.push(Built { file: name, out: o, name: person, said: String::from_utf8_lossy(&build.stderr).into_owned() });
            passed += 1;
        }
        rates.push(format!("{kind}: {passed}/{total}"));
    }
    eprintln!("corpus pass rates: {}", rates.join(", "));
    assert!(failures.is_empty(), "{} of the corpus failed:\n\n{}", failures.len(), failures.join("\n\n"));
    consumers_accept(&built);
}

/// The consumers: both JSON Resume schemas, the Candidate structural check
/// (in process); the v3.4.1 XSD (xmllint), the Nu HTML checker and the PDF's
/// text (pdftotext), each run once over every file.
fn consumers_accept(built: &[Built]) {
    let mut failures = Vec::new();
    let schemas: Vec<jsonschema::Validator> = ["schema-v1.0.0.json", "schema.json"]
        .iter()
        .filter_map(|n| {
            let text = std::fs::read_to_string(ref_dir().join("jsonresume").join(n)).ok()?;
            Some(jsonschema::options().should_validate_formats(true).build(&serde_json::from_str(&text).unwrap()).unwrap())
        })
        .collect();
    if schemas.len() != 2 {
        missing("the JSON Resume schemas", "set VITA_REF_DIR to the folder holding jsonresume/");
    }
    for b in built {
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(b.out.join("cv.json")).unwrap()).unwrap();
        for s in &schemas {
            if let Some(e) = s.iter_errors(&json).next() {
                failures.push(format!("{}: cv.json: {e} at {}", b.file, e.instance_path()));
            }
        }
        let xml = std::fs::read_to_string(b.out.join("cv.europass.xml")).unwrap();
        let problems = crate::europass::structural_problems(&xml);
        if !problems.is_empty() {
            failures.push(format!("{}: cv.europass.xml: {}", b.file, problems.join("; ")));
        }
    }
    // The v3.4.1 XSD.
    let xsd = ref_dir().join("europass/v3.4.1/EuropassSchema.xsd");
    if !xsd.exists() || Command::new("xmllint").arg("--version").output().is_err() {
        missing("xmllint and the Europass XSD", "apt-get install -y libxml2-utils; set VITA_REF_DIR");
    } else {
        let catalog = std::fs::canonicalize(ref_dir().join("europass/v3.4.1/catalog.xml")).unwrap();
        let out = Command::new("xmllint")
            .env("XML_CATALOG_FILES", &catalog)
            .args(["--nonet", "--noout", "--schema"])
            .arg(&xsd)
            .args(built.iter().map(|b| b.out.join("cv.europass-v3.xml")))
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!("the v3.4.1 XSD refuses:\n{}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    // The Nu HTML checker, once over every page.
    let jar = std::env::var_os("VITA_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar"));
    if jar.exists() {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .arg("--errors-only")
            .args(built.iter().map(|b| b.out.join("cv.html")))
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!("the Nu HTML checker finds errors:\n{}", String::from_utf8_lossy(&out.stderr)));
        }
    } else {
        missing("the Nu HTML Checker (vnu.jar)", "run `npm install --prefix .tools vnu-jar`, or set VITA_VNU_JAR");
    }
    // The PDF (Typst's) holds the person's name as text.
    #[cfg(feature = "typst")]
    if Command::new("pdftotext").arg("-v").output().is_err() {
        missing("pdftotext", "apt-get install -y poppler-utils");
    } else {
        let plain = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
        for b in built {
            let out = Command::new("pdftotext").arg(b.out.join("cv.pdf")).arg("-").output().unwrap();
            let text = plain(&String::from_utf8_lossy(&out.stdout));
            // A script none of the PDF's fonts has (CJK, for now) is named in a
            // warning rather than lost silently; the rest of the name must be there.
            let unset = b.said.contains("typst: person.name: no font has");
            let name: String = if unset { b.name.chars().filter(char::is_ascii).collect() } else { b.name.clone() };
            if !out.status.success() || !text.contains(&plain(&name)) {
                failures.push(format!("{}: cv.pdf does not hold the name `{}` as text", b.file, b.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn ref_dir() -> PathBuf {
    std::env::var_os("VITA_REF_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/ref"))
}

/// A file vita does not read is named for what it is, with the way forward.
#[test]
fn files_vita_does_not_read_are_named_for_what_they_are() {
    let d = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let not_rendercv = write("config.yaml", "name: site\nversion: 2\n");
    let out = vita(&["import", &not_rendercv]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("this YAML has no `cv` mapping (its keys: `name`, `version`), so it is not a RenderCV file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rendercv = root().join("tests/corpus/rendercv/001-rendercv-classic.yaml");
    let out = vita(&["check", rendercv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("vita reads YAML (RenderCV) only through `vita import`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let orcid = write(
        "works.xml",
        "<?xml version=\"1.0\"?>\n<activities:works xmlns:activities=\"http://www.orcid.org/ns/activities\"></activities:works>\n",
    );
    let out = vita(&["import", &orcid]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this is an ORCID record in XML (`works`); vita reads ORCID's JSON"));
    // A zip that is not LinkedIn's export, and one that is: the same CV as its folder.
    let other = d.path().join("photos.zip");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&other).unwrap());
        z.start_file("notes.csv", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(b"a,b\n1,2\n").unwrap();
        z.finish().unwrap();
    }
    let out = vita(&["import", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("this is not a LinkedIn data export"));
    let folder = root().join("tests/corpus/linkedin/feynman10-2024");
    let zip = zipped(&folder, d.path());
    let (a, b) = (vita(&["import", folder.to_str().unwrap()]), vita(&["import", zip.to_str().unwrap()]));
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

/// What `vita import` prints for a file of each kind, and its warnings, word
/// for word (`VITA_BLESS=1` rewrites them in `tests/corpus/expected/`).
#[test]
fn chosen_imports_give_their_golden_cv_and_warnings() {
    let chosen = [
        "jsonresume/002-official-2016-pre1.0.json",
        "jsonresume/004-i18n-roschaefer.json",
        "jsonresume/043-en-pragtob-mmyyyy.json",
        "rendercv/001-rendercv-classic.yaml",
        "rendercv/016-user-bail.yaml",
        "bibtex/006-yearrange-rnbguy-misc.bib",
        "csl/011-orcid-works-bulk-jacek.json",
        "europass/078-restex-cv-v2.0.xml",
        "europass/080-restex-cv-v3.3.0.json",
        "europass/068-machinemates-candidate.xml",
        "linkedin/mohamedeways-2023",
    ];
    let mut failures = Vec::new();
    for file in chosen {
        let out = vita(&["import", &format!("tests/corpus/{file}")]);
        let name = file.replace('/', "--");
        let expected = root().join("tests/corpus/expected").join(&name);
        for (ext, bytes) in [("ron", &out.stdout), ("stderr", &out.stderr)] {
            if let Err(e) = compare(&PathBuf::from(format!("{}.{ext}", expected.display())), bytes) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
