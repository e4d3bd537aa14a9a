//! The page (`web/dist`, made by `scripts/build-web`) in a real browser:
//! Debian's headless Chromium driven by puppeteer-core (tests/web/page.js)
//! loads it from a local server, pastes the seed, reads the preview, edits
//! the name, makes a typo, and downloads every format, which must be the
//! bytes `vita build` writes; the page asks for nothing outside its origin.
//! (The page always has Typst, so it is compared only with a command
//! built with it: `main.rs` leaves this module out of the others.)

use crate::common::*;

#[test]
fn the_page_builds_what_the_command_builds_and_asks_for_nothing_else() {
    let dist = root().join("web/dist");
    let module = root().join(".tools/node_modules/puppeteer-core");
    let node = std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let chromium = std::path::Path::new("/usr/bin/chromium").exists();
    if !dist.join("vita_web_bg.wasm").exists() || !module.is_dir() || !node || !chromium {
        missing("the built page, node, puppeteer-core or chromium", "scripts/build-web; cd .tools && npm install puppeteer-core@24");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let seed = root().join("examples/seojin-park.ron");
    let run = std::process::Command::new("node")
        .arg(root().join("tests/web/page.js"))
        .args([dist.as_os_str(), seed.as_os_str(), tmp.path().as_os_str()])
        .env("NODE_PATH", root().join(".tools/node_modules"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    // The preview shows the CV, then the edit.
    let preview = report["preview"].as_str().unwrap();
    assert!(preview.contains("Seo Jin Park") && preview.contains("[14]"), "{preview}");
    assert!(report["edited_preview"].as_str().unwrap().contains("Seo Jin Park-Edited"), "{report}");
    // A typo is shown at its line and column, with vita's words.
    assert_eq!(report["diagnostics"], serde_json::json!(["2:12: person.nam: unknown field `nam` (did you mean `name`?)"]));
    // Every file the page offers is what `vita build --format all` writes.
    let out = tmp.path().join("cli");
    let built = vita(&["build", seed.to_str().unwrap(), "-f", "all", "-o", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let offered: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    for name in ["cv.txt", "cv.html", "cv.json", "cv.pdf"] {
        assert!(offered.contains(&name), "{name} not offered: {offered:?}");
    }
    for name in &offered {
        assert!(
            std::fs::read(tmp.path().join(name)).unwrap() == std::fs::read(out.join(name)).unwrap(),
            "{name} differs from vita build's"
        );
    }
    // No request left the page's own origin.
    let origin = report["origin"].as_str().unwrap();
    for url in report["requests"].as_array().unwrap() {
        let url = url.as_str().unwrap();
        // Blobs are the page's own builds; `chrome:` and `chrome-extension:`
        // addresses are Chromium's own PDF viewer, inside the browser.
        let local = url.starts_with(origin) || ["blob:", "data:", "chrome:", "chrome-extension:"].iter().any(|s| url.starts_with(s));
        assert!(local, "{url}");
    }
}
