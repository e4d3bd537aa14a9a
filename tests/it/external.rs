//! External backends: a `vita-backend-NAME` program on PATH is a format. It
//! reads the versioned JSON document on standard input, writes files in its
//! folder, and reports warnings and failures on standard error.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::*;

/// Writes an executable script `vita-backend-NAME` into `dir`.
fn script(dir: &Path, name: &str, body: &str) {
    let p = dir.join(format!("vita-backend-{name}"));
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Runs vita with `bin` first on PATH.
fn vita_with(bin: &Path, args: &[&str]) -> Output {
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(args)
        .current_dir(root())
        .env("PATH", path)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

const ECHO: &str = "cat > doc.json\nmkdir -p more\nprintf 'bytes: %s\\n' \"$(wc -c < doc.json | tr -d ' ')\" > more/summary.txt\necho 'warning: this backend only echoes' >&2";

#[test]
fn an_external_backend_gets_the_document_and_writes_files() {
    let bin = tempfile::tempdir().unwrap();
    script(bin.path(), "echo", ECHO);
    let formats = vita_with(bin.path(), &["formats"]);
    let listing = String::from_utf8_lossy(&formats.stdout);
    assert!(listing.lines().any(|l| l.starts_with("echo         (external) ") && l.ends_with("vita-backend-echo")), "{listing}");

    let out = tempfile::tempdir().unwrap();
    let run = vita_with(
        bin.path(),
        &["build", "examples/seojin-park.ron", "-f", "echo", "-f", "text", "-O", "echo.flavour=mint", "-o", out.path().to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("examples/seojin-park.ron: warning: echo: this backend only echoes\n"), "{stderr}");
    assert!(out.path().join("cv.txt").exists());
    // The program read the whole document, and its file in a subfolder was kept.
    let bytes = std::fs::read(out.path().join("doc.json")).unwrap();
    assert_eq!(std::fs::read_to_string(out.path().join("more/summary.txt")).unwrap(), format!("bytes: {}\n", bytes.len()));

    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["vita"]["protocol"], vita_backend::protocol::PROTOCOL);
    assert_eq!(doc["options"]["lang"], "en");
    assert_eq!(doc["options"]["dates"], "numeric");
    assert_eq!(doc["options"]["page"], "a4");
    assert_eq!(doc["format"], "echo");
    assert_eq!(doc["options"]["extra"]["flavour"], "mint");
    assert_eq!(doc["options"]["basename"], "cv");
    assert_eq!(doc["cv"]["person"]["name"], "Seo Jin Park");
    assert_eq!(doc["numbers"]["nu"], 3);
    assert_eq!(doc["numbers"]["ramcloud"], 14);
    let pubs = doc["view"]["sections"].as_array().unwrap().iter().find(|s| s["kind"] == "publications").unwrap();
    assert_eq!(pubs["count_line"], "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS.");
    assert_eq!(pubs["publications"][0]["acceptance"], "Acceptance rate for spring submissions: 18.4%, 50 out of 272.");
}

#[test]
fn a_failing_external_backend_is_reported_and_nothing_is_written() {
    let bin = tempfile::tempdir().unwrap();
    script(bin.path(), "broken", "cat > /dev/null\necho 'boom: the template is missing' >&2\nexit 3");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("out");
    let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", "text", "-f", "broken", "-o", dir.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error: the broken backend failed: "), "{stderr}");
    assert!(stderr.ends_with("vita-backend-broken failed (exit status: 3):\nboom: the template is missing\n"), "{stderr}");
    assert!(!dir.exists(), "nothing is written when a format fails");
}

#[test]
fn an_external_backend_has_a_time_limit() {
    let bin = tempfile::tempdir().unwrap();
    script(bin.path(), "slow", "sleep 30");
    let started = std::time::Instant::now();
    let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", "slow", "-O", "slow.timeout=1", "-o", "-"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(started.elapsed().as_secs() < 20, "the program was not stopped");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("vita-backend-slow did not finish within 1 s and was stopped (raise the limit with -O slow.timeout=SECONDS)"),
        "{stderr}"
    );
}

#[test]
fn a_target_can_use_an_external_format() {
    let bin = tempfile::tempdir().unwrap();
    script(bin.path(), "echo", ECHO);
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.ron");
    std::fs::write(&cv, "(person: (name: \"Ada\"), targets: [(name: \"mine\", formats: [\"echo\"]), ])\n").unwrap();
    let run = vita_with(bin.path(), &["build", cv.to_str().unwrap(), "-o", dir.path().join("out").to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(dir.path().join("out/mine/doc.json").exists());
    // Without the program on PATH, the target names an unknown format.
    let check = vita(&["check", cv.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("targets[0].formats[0]: unknown format `echo`"));
}

#[test]
fn vita_stays_in_control_of_an_external_backend() {
    let bin = tempfile::tempdir().unwrap();
    // A child left in the background, holding standard error open.
    script(bin.path(), "bg", "cat > /dev/null\n(sleep 30) &\necho hi > out.txt");
    // A FIFO and a link to a file elsewhere: neither is read.
    script(bin.path(), "fifo", "cat > /dev/null\nmkfifo cv.fifo\necho ok > a.txt");
    script(bin.path(), "link", "cat > /dev/null\nln -s /etc/passwd passwd.txt\necho ok > a.txt");
    // Ten megabytes on standard error.
    script(bin.path(), "noisy", "cat > /dev/null\nhead -c 10000000 /dev/zero | tr '\\000' x >&2\nexit 1");
    // A file another format writes.
    script(bin.path(), "clash", "cat > /dev/null\necho clash > cv.html");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let started = std::time::Instant::now();
    let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", "bg", "-o", o]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(started.elapsed().as_secs() < 10, "vita waited for the background child");
    for (format, message) in [
        ("fifo", "error: the fifo backend failed: the external backend wrote `cv.fifo`, which is not a regular file (a link or a special file); only files are taken\n"),
        ("link", "error: the link backend failed: the external backend wrote `passwd.txt`, which is not a regular file (a link or a special file); only files are taken\n"),
    ] {
        let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", format, "-o", o]);
        assert_eq!(run.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&run.stderr), message);
    }
    let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", "noisy", "-o", o]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stderr.len() < 70_000, "{} bytes of standard error", run.stderr.len());
    let run = vita_with(bin.path(), &["build", "examples/minimal.ron", "-f", "html", "-f", "clash", "-o", o]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: the html and clash formats both write `cv.html`; build them into different folders\n"
    );
}

#[cfg(unix)]
#[test]
fn a_signal_stops_vita_its_programs_and_leaves_no_temporary_files() {
    let bin = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let pidfile = tmp.path().join("child.pid");
    script(bin.path(), "slow", &format!("cat > /dev/null\necho $$ > {}\nsleep 60", pidfile.display()));
    let out = tmp.path().join("out");
    // A temporary file of an earlier run that was killed (its process is gone).
    std::fs::create_dir_all(&out).unwrap();
    let dead = Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    let _ = dead.wait_with_output();
    let stale = out.join(format!(".vita-tmp-{dead_pid}-abc"));
    std::fs::write(&stale, "half").unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.path().to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    for signal in ["INT", "TERM"] {
        let _ = std::fs::remove_file(&pidfile);
        let mut child = Command::new(env!("CARGO_BIN_EXE_vita"))
            .args(["build", "examples/minimal.ron", "-f", "text", "-f", "slow", "-o", out.to_str().unwrap()])
            .current_dir(root())
            .env("PATH", &path)
            .env("TMPDIR", tmp.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while !pidfile.exists() && started.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let backend: u32 = std::fs::read_to_string(&pidfile).unwrap().trim().parse().unwrap();
        assert!(Command::new("kill").args(["-s", signal, &child.id().to_string()]).status().unwrap().success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "after SIG{signal}");
        assert!(started.elapsed().as_secs() < 20);
        // The backend was stopped with vita, and its folder is gone.
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!Path::new(&format!("/proc/{backend}")).exists() || !alive(backend), "the backend still runs after SIG{signal}");
        let left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("vita-"))
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
    // The stale temporary file goes when vita next writes into the folder.
    let run = vita(&["build", "examples/minimal.ron", "-f", "text", "-o", out.to_str().unwrap()]);
    assert!(run.status.success());
    assert!(!stale.exists(), "a stale temporary file was not removed");
}

/// Whether a process runs and is not a zombie.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.split(") ").nth(1).unwrap_or("").starts_with('Z'))
}

/// A JSON Schema inferred from example documents: every object closed
/// (`additionalProperties: false`), keys present in every example required,
/// arrays' items merged, the types seen at each place.
#[derive(Default)]
struct Shape {
    types: std::collections::BTreeSet<&'static str>,
    props: std::collections::BTreeMap<String, Shape>,
    seen: usize,
    key_counts: std::collections::BTreeMap<String, usize>,
    items: Option<Box<Shape>>,
}

impl Shape {
    fn add(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Null => {
                self.types.insert("null");
            }
            Value::Bool(_) => {
                self.types.insert("boolean");
            }
            Value::Number(n) => {
                self.types.insert(if n.is_f64() { "number" } else { "integer" });
            }
            Value::String(_) => {
                self.types.insert("string");
            }
            Value::Array(a) => {
                self.types.insert("array");
                let items = self.items.get_or_insert_with(Default::default);
                for i in a {
                    items.add(i);
                }
            }
            Value::Object(m) => {
                self.types.insert("object");
                self.seen += 1;
                for (k, v) in m {
                    *self.key_counts.entry(k.clone()).or_default() += 1;
                    self.props.entry(k.clone()).or_default().add(v);
                }
            }
        }
    }

    /// The schema; `key` is the name the value has in its object.
    fn schema(&self, key: &str) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let mut s = Map::new();
        let types: Vec<&str> = self.types.iter().copied().collect();
        if !types.is_empty() {
            s.insert("type".into(), if types.len() == 1 { json!(types[0]) } else { json!(types) });
        }
        if self.types.contains("object") {
            let props: Map<String, Value> = self.props.iter().map(|(k, v)| (k.clone(), v.schema(k))).collect();
            let required: Vec<&String> = self.key_counts.iter().filter(|(_, n)| **n == self.seen).map(|(k, _)| k).collect();
            // Objects keyed by data are maps, not records: publication numbers
            // by id, options by name, kept JSON Resume fields.
            if matches!(key, "numbers" | "extra" | "meta" | "options" if self.props.values().all(|p| p.types.len() == 1))
                && key != "options"
            {
                let value = self.props.values().next().map(|p| p.schema("")).unwrap_or_else(|| json!({}));
                s.insert("additionalProperties".into(), value);
            } else {
                s.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    s.insert("required".into(), json!(required));
                }
                s.insert("additionalProperties".into(), json!(false));
            }
        }
        if let Some(items) = &self.items {
            s.insert("items".into(), items.schema(""));
        }
        Value::Object(s)
    }
}

#[test]
fn the_protocol_schema_in_docs_matches_what_vita_sends() {
    let bin = tempfile::tempdir().unwrap();
    script(bin.path(), "capture", "cat > doc.json");
    let mut shape = Shape::default();
    let mut protocol = 0;
    let mut docs = Vec::new();
    for ex in files_with(&root().join("examples"), "ron") {
        let out = tempfile::tempdir().unwrap();
        let run = vita_with(bin.path(), &["build", ex.to_str().unwrap(), "-f", "capture", "-o", out.path().to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(out.path().join("doc.json")).unwrap()).unwrap();
        protocol = doc["vita"]["protocol"].as_u64().unwrap();
        shape.add(&doc);
        docs.push(doc);
    }
    let mut schema = shape.schema("");
    let obj = schema.as_object_mut().unwrap();
    obj.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
    obj.insert("title".into(), "vita external backend protocol".into());
    obj.insert("x-vita-protocol".into(), protocol.into());
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = root().join("docs/external-protocol.schema.json");
    let recorded = std::fs::read_to_string(&path).unwrap_or_default();
    if recorded != text {
        let old: serde_json::Value = serde_json::from_str(&recorded).unwrap_or_default();
        let old_version = old["x-vita-protocol"].as_u64();
        assert!(
            old_version != Some(protocol),
            "the protocol document changed shape but PROTOCOL is still {protocol}: raise it in crates/vita-backend/src/protocol.rs, \
             say what changed there and in docs/adding-a-backend.md, then run VITA_BLESS=1 cargo test --test it external::"
        );
        assert!(
            blessing(),
            "{} is for protocol {old_version:?}; run VITA_BLESS=1 cargo test --test it external:: to record protocol {protocol}",
            path.display()
        );
        std::fs::write(&path, &text).unwrap();
    }
    let validator = jsonschema::validator_for(&schema).unwrap();
    for doc in &docs {
        assert!(validator.is_valid(doc));
    }
}
