//! `vita lsp` driven by a real client (pygls's LanguageClient, from PyPI,
//! in tests/lsp/client.py) as an editor drives it: the seed opened without
//! a problem, a typo's diagnostic as `vita check` prints it with its quick
//! fix, completion of a `Positions` entry's fields, of `kind:` values and
//! of section kinds, hover on a field, a publication id's definition, the
//! outline; a position past the end, an unknown request and a document
//! over the input limit answered without a crash.

use crate::common::*;

#[test]
fn an_editor_gets_what_vita_check_says_and_completes_the_models_fields() {
    let python = root().join(".tools/python");
    if !python.join("pygls").is_dir() {
        missing("pygls", "python3 -m pip install --target .tools/python pygls==2.1.1");
        return;
    }
    let seed = root().join("examples/seojin-park.ron");
    let run = std::process::Command::new("python3")
        .arg(root().join("tests/lsp/client.py"))
        .args([env!("CARGO_BIN_EXE_vita"), seed.to_str().unwrap()])
        .env("PYTHONPATH", &python)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let list = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {report}"))
            .iter()
            .map(|v| v.to_string().trim_matches('"').to_string())
            .collect()
    };
    assert_eq!(report["position_encoding"], "utf-16");
    assert_eq!(report["seed_diagnostics"], serde_json::json!([]));

    // The typo: what `vita check` prints, at its line and column.
    let tmp = tempfile::tempdir().unwrap();
    let typo = tmp.path().join("cv.ron");
    std::fs::write(&typo, std::fs::read_to_string(&seed).unwrap().replacen("name: \"Seo Jin Park\"", "nam: \"Seo Jin Park\"", 1)).unwrap();
    let check = vita(&["check", typo.to_str().unwrap()]);
    let first = String::from_utf8_lossy(&check.stderr).lines().next().unwrap().to_string();
    let d = &report["typo"][0];
    let (line, col) = (d["range"]["start"]["line"].as_u64().unwrap() + 1, d["range"]["start"]["character"].as_u64().unwrap() + 1);
    assert_eq!(first, format!("{}:{line}:{col}: person.nam: unknown field `nam` (did you mean `name`?)", typo.display()));
    assert_eq!(d["message"], "person.nam: unknown field `nam`\nhint: did you mean `name`?");
    assert_eq!(d["relatedInformation"][0]["message"], "hint: did you mean `name`?");
    assert_eq!(report["typo"].as_array().unwrap().len(), 1);
    let action = &report["actions"][0];
    assert_eq!(action["title"], "write name");
    let edit = action["edit"]["changes"].as_object().unwrap().values().next().unwrap();
    assert_eq!(edit[0]["newText"], "name");
    assert_eq!(edit[0]["range"], d["range"]);
    assert_eq!(report["fixed_diagnostics"], serde_json::json!([]));

    // Completion where the cursor is, from the model.
    let fields = list("positions_fields");
    for f in ["title", "unit", "start", "end", "highlights", "selected"] {
        assert!(fields.contains(&f.to_string()), "{f}: {fields:?}");
    }
    assert!(!fields.contains(&"org".to_string()), "`org` is written already: {fields:?}");
    let kinds = list("kind_values");
    assert!(kinds.contains(&"Journal".into()) && kinds.contains(&"Dataset".into()), "{kinds:?}");
    let sections = list("section_kinds");
    assert!(sections.contains(&"Positions".into()) && sections.contains(&"Talks".into()), "{sections:?}");
    let ids = list("publication_ids");
    assert!(ids.contains(&"burst-parallel".into()) && ids.contains(&"millisort".into()), "{ids:?}");

    // Hover, definition, outline.
    assert_eq!(report["hover"], "**org**: text, required\n\nOrganisation.");
    assert!(report["definition_line"].as_str().unwrap().contains("id: \"burst-parallel\""), "{report}");
    assert_eq!(report["symbols"][0], serde_json::json!(["Employment", "Positions", ["University of Southern California", "Google"]]));
    assert_eq!(report["symbols"].as_array().unwrap().len(), 8, "{}", report["symbols"]);

    // Formatting gives the seed back from its flattened text.
    assert!(report["formatted"] == serde_json::Value::String(std::fs::read_to_string(&seed).unwrap()), "{}", report["formatted"]);

    // Hostile requests are answered.
    assert_eq!(report["past_end"], serde_json::Value::Null);
    assert!(report["unknown"].as_str().unwrap().contains("vita does not answer `vita/nothing`"), "{report}");
    assert_eq!(report["huge"], serde_json::json!(["the CV is larger than 16 MiB, the most vita reads"]));
    eprintln!("lsp: diagnostics after an edit {:.1} ms, completion {:?} ms", report["diagnostics_ms"], report["completion_ms"]);
}

/// A message that is not JSON, one over the size limit, a request before
/// `initialize` and one without a method are answered, and the server
/// goes on.
#[test]
fn malformed_messages_are_answered_and_the_server_goes_on() {
    use std::io::{Read, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vita"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let huge = 200 * 1024 * 1024;
    let mut input = frame("{not json");
    input += &frame(r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#);
    input += &format!("Content-Length: {huge}\r\n\r\n");
    stdin.write_all(input.as_bytes()).unwrap();
    // The oversized body, sent in pieces as a misbehaving client would.
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..200 {
        stdin.write_all(&chunk).unwrap();
    }
    let mut rest = frame(r#"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}"#);
    rest += &frame(r#"{"jsonrpc":"2.0","id":3}"#);
    rest += &frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#);
    rest += &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    stdin.write_all(rest.as_bytes()).unwrap();
    drop(stdin);
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert!(child.wait().unwrap().success());
    let replies: Vec<serde_json::Value> = out
        .split("Content-Length: ")
        .filter(|s| !s.is_empty())
        .map(|s| serde_json::from_str(s.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    let said: Vec<String> = replies.iter().map(|r| format!("{} {}", r["id"], r["error"]["message"].as_str().unwrap_or("ok"))).collect();
    assert_eq!(said.len(), 6, "{said:?}");
    assert!(said[0].starts_with("null the message is not JSON: "), "{said:?}");
    assert_eq!(said[1], "1 `initialize` comes first");
    assert_eq!(said[2], format!("null a message of {huge} bytes; vita takes at most {}", 64 * 1024 * 1024));
    assert_eq!(said[3], "2 ok");
    assert_eq!(replies[3]["result"]["capabilities"]["hoverProvider"], true);
    assert_eq!(said[4], "3 a request needs a `method`");
    assert_eq!(said[5], "4 ok");
}

/// In a real editor: Neovim, headless, with its own LSP client, shows the
/// typo's diagnostic where `vita check` puts it and completes a
/// `Positions` entry's fields.
#[test]
fn neovim_shows_the_diagnostic_and_completes_the_fields() {
    if std::process::Command::new("nvim").arg("--version").output().is_err() {
        missing("nvim", "apt-get install neovim");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("examples/seojin-park.ron")).unwrap();
    std::fs::write(tmp.path().join("cv.ron"), seed.replacen("name: \"Seo Jin Park\"", "nam: \"Seo Jin Park\"", 1)).unwrap();
    let run = std::process::Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", root().join("tests/lsp/neovim.lua").display()))
        .env("VITA", env!("CARGO_BIN_EXE_vita"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    let check = vita(&["check", tmp.path().join("cv.ron").to_str().unwrap()]);
    let first = String::from_utf8_lossy(&check.stderr).lines().next().unwrap().to_string();
    let (place, _) = first.split_once(": person.nam").unwrap();
    let at = place.rsplitn(3, ':').take(2).collect::<Vec<_>>();
    let want = format!("diagnostics: {}:{}: person.nam: unknown field `nam` | hint: did you mean `name`?\n", at[1], at[0]);
    assert!(out.starts_with(&want), "{out}\n{}", String::from_utf8_lossy(&run.stderr));
    let completion = out.lines().nth(1).unwrap_or_default();
    assert_eq!(completion, "completion: location,title,unit,about,start,end,advisor,description,highlights,url,tags,selected");
}
