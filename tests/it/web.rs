//! The page (`web/dist`, made by `scripts/build-web`) served by `vita web`
//! and used in a real browser: Debian's headless Chromium driven by
//! puppeteer-core (tests/web/page.js) pastes the seed, reads the preview,
//! edits the name, picks a theme and a language, makes a typo and takes the
//! fix offered, starts a new CV, drops a JSON Resume and a BibTeX file,
//! downloads every format (one by one and as a zip), which must be the
//! bytes `vita build` writes, then reloads with the server stopped. The
//! page asks for nothing outside its origin. (The page always has Typst, so
//! it is compared only with a command built with it: `main.rs` leaves this
//! module out of the others.)

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::*;

/// A running `vita web` and the address it printed.
struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vita"))
        .args(["web", dir.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let prefix = format!("serving the page in {} at http://", dir.display());
    let addr = line.trim_end().strip_prefix(&prefix).unwrap_or_else(|| panic!("{line}")).split('/').next().unwrap().to_string();
    assert_eq!(line.trim_end(), format!("{prefix}{addr}/ (Ctrl-C stops)"));
    Served { child, addr }
}

/// A GET with a given `Host`: the response head and body.
fn get(addr: &str, host: &str, path: &str) -> (String, Vec<u8>) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (String::from_utf8_lossy(&raw[..at]).into_owned(), raw[at + 4..].to_vec())
}

#[test]
fn vita_web_serves_the_built_page_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    // Without the built page: what to run.
    let none = vita(&["web", dist.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&none.stderr),
        format!(
            "error: {} holds no built page (index.html and vita_web_bg.wasm)\n  hint: build it in vita's source folder with \
             scripts/build-web (it writes web/dist), or name the folder that holds it: vita web DIR\n",
            dist.display()
        )
    );
    let page = "<!doctype html><html><body><p>page</p></body></html>";
    std::fs::write(dist.join("index.html"), page).unwrap();
    std::fs::write(dist.join("vita_web_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    let served = serve(&dist);
    let addr = &served.addr;
    // The page as it is (no reload script: the page's CSP allows no inline script).
    let (head, body) = get(addr, addr, "/");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"), "{head}");
    assert_eq!(body, page.as_bytes());
    // WebAssembly as such, or the browser will not compile it as it streams in.
    let (head, _) = get(addr, addr, "/vita_web_bg.wasm");
    assert!(head.contains("\r\nContent-Type: application/wasm\r\n"), "{head}");
    // Nothing outside the folder, and nothing to a page of another name.
    assert!(get(addr, addr, "/../secret.txt").0.starts_with("HTTP/1.1 404"));
    assert!(get(addr, addr, "/__vita/reload").0.starts_with("HTTP/1.1 404"));
    assert!(get(addr, "attacker.example:80", "/").0.starts_with("HTTP/1.1 403"));
}

#[test]
fn the_page_builds_what_the_command_builds_and_asks_for_nothing_else() {
    let dist = root().join("web/dist");
    let module = root().join(".tools/node_modules/puppeteer-core");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let chromium = Path::new("/usr/bin/chromium").exists();
    if !dist.join("vita_web_bg.wasm").exists() || !module.is_dir() || !node || !chromium {
        missing("the built page, node, puppeteer-core or chromium", "scripts/build-web; cd .tools && npm install puppeteer-core@24");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let seed = root().join("examples/seojin-park.ron");
    let resume = root().join("tests/corpus/jsonresume/001-official-sample.json");
    let mut served = serve(&dist);
    let origin = format!("http://{}", served.addr);
    let run = Command::new("node")
        .arg(root().join("tests/web/page.js"))
        .args([origin.as_str(), seed.to_str().unwrap(), resume.to_str().unwrap(), tmp.path().to_str().unwrap()])
        .arg(served.child.id().to_string())
        .env("NODE_PATH", root().join(".tools/node_modules"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // The page stopped the server to try the page offline.
    assert!(served.child.wait().is_ok());
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let said = |key: &str| report[key].as_str().unwrap_or_else(|| panic!("{key}: {report}")).to_string();
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");

    // The preview shows the CV, then the edit, then the German words.
    let preview = said("preview");
    assert!(preview.contains("Seo Jin Park") && preview.contains("[14]"), "{preview}");
    assert!(said("edited_preview").contains("Seo Jin Park-Edited"), "{report}");
    assert!(said("german_preview").ends_with("Stand: Nov. 2022\n\n\n"), "{report}");
    for status in ["first_status", "edited_status", "theme_status", "pdf_first_status", "pdf_edit_status", "fixed_status", "offline_status"]
    {
        assert!(said(status).starts_with("built in "), "{status}: {report}");
    }

    // Every file the page offers is what `vita build --format all` writes,
    // and the zip holds them all.
    let out = tmp.path().join("cli");
    let built = vita(&["build", seed.to_str().unwrap(), "-f", "all", "-o", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let offered: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    // (The command's manifest of what it wrote is its own.)
    let mut made: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    made.push("cv.zip".into());
    made.sort();
    assert_eq!(offered, made);
    let zip = std::fs::File::open(tmp.path().join("cv.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    assert_eq!(zip.len(), made.len() - 1);
    for name in offered.iter().filter(|n| **n != "cv.zip") {
        let want = std::fs::read(out.join(name)).unwrap();
        assert!(std::fs::read(tmp.path().join(name)).unwrap() == want, "{name} differs from vita build's");
        let mut zipped = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut zipped).unwrap();
        assert!(zipped == want, "{name} in the zip differs from vita build's");
    }
    // The theme picker's page is `vita build --theme modern`'s.
    let modern = tmp.path().join("modern");
    let built = vita(&["build", seed.to_str().unwrap(), "-f", "html", "--theme", "modern", "-o", modern.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(std::fs::read(tmp.path().join("modern.html")).unwrap() == std::fs::read(modern.join("cv.html")).unwrap());
    for (picker, has) in [("themes", "modern"), ("languages", "de")] {
        assert!(report[picker].as_array().unwrap().iter().any(|t| t == has), "{report}");
    }

    // A typo is listed and marked at its line and column, with vita's words,
    // and the hint's name is one click away.
    assert_eq!(said("typo_status"), "fix the problems marked in the text");
    assert_eq!(report["diagnostics"], serde_json::json!(["2:12: person.nam: unknown field `nam` (did you mean `name`?)"]));
    assert_eq!(report["marked"], serde_json::json!(["nam"]));
    assert_eq!(report["marked_line"], 2);
    assert_eq!(said("fix"), "write name");
    assert_eq!(said("fixed_text"), "(\n  person: (name: \"Ada\"),\n  sections: [],\n)\n");

    // A new CV is `vita new`'s starter.
    let new = vita(&["new", "Your Name"]);
    assert_eq!(said("new_text"), String::from_utf8(new.stdout).unwrap());
    assert!(said("new_status").starts_with("a starter CV"), "{report}");

    // A JSON Resume file dropped in is the CV `vita import` prints, and builds.
    let imported = vita(&["import", resume.to_str().unwrap()]);
    assert!(imported.status.success());
    assert_eq!(said("imported"), String::from_utf8(imported.stdout).unwrap());
    assert_eq!(said("resume_status"), "imported 001-official-sample.json (Ctrl-Z brings the old text back)");
    assert!(said("imported_status").starts_with("built in "), "{report}");
    assert!(said("imported_preview").contains("Richard Hendriks"), "{report}");
    // A BibTeX file is put beside the CV; where the CV has no publications
    // yet, a section reads it.
    assert_eq!(
        said("bib_beside_status"),
        "papers.bib is beside the CV: read it with Publications(title: \"Publications\", from: \"papers.bib\")"
    );
    assert_eq!(said("bib_beside_text"), said("imported"));
    assert_eq!(said("bib_status"), "papers.bib is beside the CV, read by a new Publications section (Ctrl-Z takes the section out)");
    assert_eq!(
        said("after_bib"),
        "(\n  person: (name: \"Jane Doe\"),\n  sections: [\n    Publications(title: \"Publications\", from: \"papers.bib\"),],\n)\n"
    );
    assert!(said("bib_preview").contains("A Title"), "{report}");

    // Offline, with the server stopped, the page loads and builds the CV kept.
    assert_eq!(report["controlled"], true, "{report}");
    // (The BibTeX file was kept with the text: its publication is there.)
    assert!(said("offline_preview").contains("Jane Doe") && said("offline_preview").contains("A Title"), "{report}");

    // No request left the page's own origin.
    for url in report["requests"].as_array().unwrap() {
        let url = url.as_str().unwrap();
        // Blobs are the page's own builds; `chrome:` and `chrome-extension:`
        // addresses are Chromium's own PDF viewer, inside the browser.
        let local = url.starts_with(&origin) || ["blob:", "data:", "chrome:", "chrome-extension:"].iter().any(|s| url.starts_with(s));
        assert!(local, "{url}");
    }
}
