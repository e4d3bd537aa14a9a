//! The engine on its own: a build over an in-memory host, with no file
//! system, gives byte for byte what the command writes; and the engine
//! reports a problem in a file it was handed as the command does.

use std::collections::BTreeMap;
use std::path::Path;

use vita_engine::{BadInput, MemoryHost, Request};

use crate::common::*;

/// A host holding every file under `examples/`, at the paths the command sees.
fn examples_host() -> MemoryHost {
    let mut host = MemoryHost::new();
    for rel in files_under(&root().join("examples")) {
        host.insert(Path::new("examples").join(&rel), std::fs::read(root().join("examples").join(&rel)).unwrap());
    }
    host
}

/// Every file under a folder, by its path inside it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if !name.ends_with(".vita-manifest") {
                out.insert(name, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn an_in_memory_build_of_the_seed_equals_the_command_s() {
    for (cv, formats) in [("examples/seojin-park.ron", vec![]), ("examples/from-bibtex/seojin-park.ron", vec!["text", "html", "bibtex"])] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec!["build", cv, "-o", out.to_str().unwrap()];
        for f in &formats {
            args.extend(["-f", f]);
        }
        let run = vita(&args);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let written = tree(&out);

        let request = Request { formats: formats.iter().map(|f| f.to_string()).collect(), ..Request::default() };
        let built = vita_engine::build(&examples_host(), Path::new(cv), &request).unwrap();
        let mut made = BTreeMap::new();
        for b in &built.builds {
            for (_, f) in &b.files {
                let name = if b.target.is_empty() { f.name.clone() } else { format!("{}/{}", b.target, f.name) };
                made.insert(name, f.bytes.clone());
            }
        }
        assert!(made.len() >= 3, "{cv}: {:?}", made.keys());
        // What the command writes beyond the engine's files is what it made
        // with a program (TeX's PDF, where the PDF presets use LaTeX) and its stamp.
        let extra: Vec<&String> = written.keys().filter(|n| !made.contains_key(*n)).collect();
        assert!(
            extra.iter().all(|n| n.ends_with(".pdf") || n.rsplit('/').next().is_some_and(|f| f.starts_with('.'))),
            "{cv}: the command wrote {extra:?} beyond the engine's files"
        );
        for (name, bytes) in &made {
            assert!(written.get(name) == Some(bytes), "{cv}: {name} differs between the engine and the command (or is not written)");
        }
    }
}

#[test]
fn the_engine_refuses_a_file_outside_the_cv_s_folder_as_the_command_does() {
    let cv = r#"(person: (name: "Ada Lovelace"), sections: [Publications(title: "Papers", from: "../papers.bib")])"#;
    let bib = "@article{a, title = {T}, author = {Lovelace, Ada}, journal = {J}, year = 1843}";
    let mut host = MemoryHost::new();
    host.insert("cv/cv.ron", cv);
    host.insert("papers.bib", bib);
    let request = Request { formats: vec!["text".into()], ..Request::default() };
    let Err(e) = vita_engine::build(&host, Path::new("cv/cv.ron"), &request) else { panic!("the file outside was read") };
    let Some(BadInput::Reports(reports)) = e.downcast_ref::<BadInput>() else { panic!("{e:#}") };
    let said = reports[0].diagnostics[0].display(&reports[0].file).to_string();
    assert!(
        said.ends_with("it is a file outside the CV's folder (vita reads only files inside the CV's folder; copy the file there)"),
        "{said}"
    );
    // The command, over the same files on disk, says the same first line.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("cv")).unwrap();
    std::fs::write(tmp.path().join("cv/cv.ron"), cv).unwrap();
    std::fs::write(tmp.path().join("papers.bib"), bib).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vita")).args(["check", "cv/cv.ron"]).current_dir(tmp.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr).lines().next(), Some(said.as_str()));
}
