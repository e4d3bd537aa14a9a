//! The walls of docs/architecture.md, checked mechanically: which crate may
//! depend on which (from `cargo metadata`); that no crate but the `vita`
//! command touches files, processes, the environment, the clock or the
//! terminal; and that the command's own files import one another without a
//! circle, in functions of at most 80 lines.

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
    let backends: Vec<&String> = deps
        .keys()
        .filter(|n| n.starts_with("vita-") && !["vita-model", "vita-backend", "vita-view", "vita-engine", "vita-hbs"].contains(&n.as_str()))
        .collect();
    assert!(backends.len() >= 6, "{backends:?}");
    let allowed = |krate: &str, ok: &[&str]| {
        let extra: Vec<&String> = deps[krate].iter().filter(|d| !ok.contains(&d.as_str())).collect();
        assert!(extra.is_empty(), "{krate} may not depend on {extra:?}");
    };
    // The model knows no format and no other vita crate.
    // (schemars: the schema of its own types, for the field reference.)
    allowed(
        "vita-model",
        &["serde", "serde_with", "ron", "pulldown-cmark", "serde_path_to_error", "strsim", "serde_json", "celes", "schemars"],
    );
    // The contract: the model, serde and error types.
    allowed("vita-backend", &["vita-model", "serde", "anyhow", "thiserror"]);
    // The shared presentation: the contract's types, templates, JSON for them.
    // The helpers backends share: the view, templates, and XML writing for the XML formats.
    allowed("vita-view", &["vita-model", "vita-backend", "serde", "serde_json", "handlebars", "anyhow", "quick-xml", "ron"]);
    // The engine: every crate of the workspace but the command, and what
    // it needs to read font names and to write a name into the starter
    // CV as RON; never the command.
    let mut engine_may: Vec<&str> = backends.iter().map(|b| b.as_str()).collect();
    engine_may.extend(["vita-model", "vita-backend", "vita-view", "anyhow", "thiserror", "fontdb", "ron"]);
    allowed("vita-engine", &engine_may);
    assert!(deps["vita"].contains("vita-engine"), "the command builds through the engine");
    // The template translator runs in backends' build scripts only: it
    // knows Handlebars' parser and nothing of vita.
    allowed("vita-hbs", &["handlebars"]);
    for b in &backends {
        for d in deps[*b].iter().filter(|d| *d != "vita-hbs") {
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
        // The clock: the host's to read (and it panics in a browser).
        "Instant::now",
        "SystemTime",
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
                // The template translator's build-script side reads the
                // templates and writes Rust at build time, in a backend's
                // `build.rs`: it is never part of vita.
                if p.ends_with("crates/vita-hbs/src/script.rs") {
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

/// The command's source files (`src/**/*.rs`), by their module path
/// (`cmd::build`), with their text.
fn command_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(root().join("src")).unwrap().with_extension("");
                let mut module: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                // The template translator's build-script side reads the
                // templates and writes Rust at build time, in a backend's
                // `build.rs`: it is never part of vita.
                if p.ends_with("crates/vita-hbs/src/script.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((module.join("::"), text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_command_s_files_import_one_another_without_a_circle() {
    let files = command_files();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    // `crate::a::b::...` names the longest module path it starts with.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &files {
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        for at in code.match_indices("crate::").map(|(i, _)| i + "crate::".len()) {
            let path: String = code[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            let target = (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m));
            if let Some(t) = target.filter(|t| t != module) {
                edges.entry(module.clone()).or_default().insert(t);
            }
        }
    }
    // A depth-first search that reports the first circle it meets.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        let circle = visit(m, &edges, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "the files of src/ import in a circle: {}", circle.unwrap().join(" -> "));
    }
    assert!(edges.get("cmd::build").is_some_and(|e| e.contains("host")), "{edges:?}");
}

#[test]
fn no_function_of_the_command_is_over_80_lines() {
    let mut long = Vec::new();
    for (module, text) in command_files() {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn "].iter().any(|p| t.starts_with(p)) && !t.ends_with(';');
            if !is_fn {
                continue;
            }
            let indent = line.len() - t.len();
            // The function ends at the first `}` line at its own indentation.
            let end = lines[i + 1..].iter().position(|l| l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}'));
            let n = end.map_or(1, |e| e + 2);
            if n > 80 {
                long.push(format!("src/{}.rs:{}: {} lines", module.replace("::", "/"), i + 1, n));
            }
        }
    }
    assert!(long.is_empty(), "functions over 80 lines in the command:\n{}", long.join("\n"));
}
