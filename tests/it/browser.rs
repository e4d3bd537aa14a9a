//! The seed's HTML in a real browser (Debian's headless Chromium): nothing
//! scrolls sideways at phone and desktop widths, the "[5]" cross-reference
//! lands on publication 5, and printing to PDF at A4 keeps every heading.
//! Chromium is found at `VITA_CHROMIUM` or `/usr/bin/chromium`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn run_chromium(bin: &Path, profile: &Path, args: &[String]) -> std::process::Output {
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

const PROBE: &str = r##"<script>
addEventListener('load', () => {
  const r = { width: innerWidth, scrollWidth: document.documentElement.scrollWidth };
  const a = document.querySelector('a.ref[href="#pub-5"]');
  r.link = a ? a.textContent : null;
  if (a) a.click();
  const t = document.getElementById('pub-5');
  r.hash = location.hash;
  r.top = t ? Math.round(t.getBoundingClientRect().top) : null;
  r.title = t ? t.querySelector('cite').textContent : null;
  parent.postMessage(JSON.stringify(r), '*');
});
</script>
</body>"##;

/// Headless Chromium will not make a window narrower than 500 px, so the page
/// is loaded in an iframe of the width under test; it reports back by message.
fn frame(width: u32, height: u32) -> String {
    format!(
        r#"<!DOCTYPE html><html><body style="margin:0"><iframe src="probe.html" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>addEventListener('message', e => {{ const p = document.createElement('pre'); const m = ['PRO', 'BE:'].join(''); p.textContent = m + e.data + m; document.body.appendChild(p); }});</script>
</body></html>"#
    )
}

fn build_seed(dir: &Path) -> PathBuf {
    let out = vita(&["build", "examples/seojin-park.ron", "--format", "html", "-o", dir.to_str().unwrap()]);
    assert!(out.status.success());
    dir.join("cv.html")
}

#[test]
fn layout_and_cross_references_at_phone_and_desktop_width() {
    let Some(bin) = chromium() else { return missing("chromium", "apt-get install -y chromium") };
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(build_seed(dir.path())).unwrap();
    let probe = dir.path().join("probe.html");
    std::fs::write(&probe, html.replace("</body>", PROBE)).unwrap();
    for (w, h) in [(375, 812), (1280, 900)] {
        let profile = tempfile::tempdir().unwrap();
        let wrapper = dir.path().join(format!("frame-{w}.html"));
        std::fs::write(&wrapper, frame(w, h)).unwrap();
        let out = run_chromium(
            &bin,
            profile.path(),
            &[
                format!("--window-size={},{}", w + 100, h + 100),
                "--virtual-time-budget=5000".into(),
                "--dump-dom".into(),
                format!("file://{}", wrapper.display()),
            ],
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        let json =
            dom.split("PROBE:").nth(1).unwrap_or_else(|| panic!("no probe result at {w}px: {}", String::from_utf8_lossy(&out.stderr)));
        let r: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(r["width"], w, "{r}");
        assert!(r["scrollWidth"].as_i64().unwrap() <= i64::from(w), "scrolls sideways at {w}px: {r}");
        assert_eq!(r["link"], "[5]");
        assert_eq!(r["hash"], "#pub-5");
        let top = r["top"].as_i64().unwrap();
        assert!((0..=40).contains(&top), "publication 5 is at {top}px after following [5] at {w}px");
        assert_eq!(r["title"], "Efficient Strong Scaling Through Burst Parallel Training");
    }
}

#[test]
fn printing_to_a4_keeps_every_section_heading() {
    let Some(bin) = chromium() else { return missing("chromium", "apt-get install -y chromium") };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        return missing("pdftotext", "apt-get install -y poppler-utils");
    }
    let dir = tempfile::tempdir().unwrap();
    let html = build_seed(dir.path());
    let pdf = dir.path().join("cv.pdf");
    let profile = tempfile::tempdir().unwrap();
    let out = run_chromium(
        &bin,
        profile.path(),
        &[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".into(), format!("file://{}", html.display())],
    );
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("(A4)")), "not A4: {info}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_uppercase();
    for heading in [
        "EMPLOYMENT",
        "EDUCATION",
        "RESEARCH",
        "PUBLICATIONS",
        "INDUSTRY EXPERIENCE",
        "TEACHING AND MENTORING",
        "MENTORING",
        "TEACHING",
        "SERVICE",
        "AWARDS",
    ] {
        assert!(text.contains(heading), "{heading} missing from the printed PDF");
    }
}
