//! The walls of docs/architecture.md, checked mechanically: which crate may
//! depend on which (from `cargo metadata`), and that no crate but the `vita`
//! command touches files, processes, the environment or the terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::common::*;

/// Each workspace crate's dependencies (normal and build, not dev), by name.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut deps = BTreeMap::new();
    for p in meta["packages"].as_array().unwrap() {
        let names = p["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].is_null() || d["kind"] == "build")
            .map(|d| d["name"].as_str().unwrap().to_string())
            .collect();
        deps.insert(p["name"].as_str().unwrap().to_string(), names);
    }
    deps
}

#[test]
fn crates_depend_only_across_the_walls() {
    let deps = dependencies();
    let backends: Vec<&String> =
        deps.keys().filter(|n| n.starts_with("vita-") && !["vita-model", "vita-backend", "vita-view"].contains(&n.as_str())).collect();
    assert!(backends.len() >= 6, "{backends:?}");
    let allowed = |krate: &str, ok: &[&str]| {
        let extra: Vec<&String> = deps[krate].iter().filter(|d| !ok.contains(&d.as_str())).collect();
        assert!(extra.is_empty(), "{krate} may not depend on {extra:?}");
    };
    // The model knows no format and no other vita crate.
    allowed("vita-model", &["serde", "serde_with", "ron", "pulldown-cmark", "serde_path_to_error", "strsim", "serde_json", "celes"]);
    // The contract: the model, serde and error types.
    allowed("vita-backend", &["vita-model", "serde", "anyhow", "thiserror"]);
    // The shared presentation: the contract's types, templates, JSON for them.
    // The helpers backends share: the view, templates, and XML writing for the XML formats.
    allowed("vita-view", &["vita-model", "vita-backend", "serde", "serde_json", "handlebars", "anyhow", "quick-xml", "ron"]);
    for b in &backends {
        for d in &deps[*b] {
            assert!(
                !backends.contains(&d) && d != "vita",
                "{b} depends on {d}: backends depend on the model, the contract and the helpers, never on each other or the command"
            );
        }
    }
}

#[test]
fn only_the_command_touches_files_processes_the_environment_or_the_terminal() {
    let forbidden = [
        "std::fs",
        "std::process",
        "std::env",
        "std::io::stdin",
        "std::io::stdout",
        "std::io::stderr",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "dbg!",
        "File::open",
        "File::create",
        "Command::new",
    ];
    let mut found = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                // Unit tests may read fixtures; the code above them may not.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (n, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or("");
                    for f in forbidden {
                        if line.contains(f) {
                            found.push(format!("{}:{}: {f}", p.strip_prefix(root()).unwrap().display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "I/O outside the command:\n{}", found.join("\n"));
}
