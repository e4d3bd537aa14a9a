//! `vita watch`: one build per save (an editor's write-then-rename too),
//! files the CV reads followed, a bad edit reported while the outputs stay,
//! Ctrl-C leaving nothing behind; and `--serve`, whose pages reload in a
//! real browser after a save.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `vita watch` and its standard error, line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vita"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines, seen: Vec::new() }
    }

    /// The next line that starts with one of `starts`, within `limit`.
    fn wait_for(&mut self, starts: &[&str], limit: Duration) -> String {
        let end = Instant::now() + limit;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if starts.iter().any(|s| l.starts_with(s)) {
                        return l;
                    }
                }
                Err(_) => panic!("no line starting with {starts:?} within {limit:?}; said:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// Status lines (`built`, `rebuilt`, `build failed`) said within `limit`.
    fn statuses_within(&mut self, limit: Duration) -> Vec<String> {
        let end = Instant::now() + limit;
        let mut out = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(end.saturating_duration_since(Instant::now())) {
            self.seen.push(l.clone());
            if is_status(&l) {
                out.push(l);
            }
        }
        out
    }

    fn interrupt(mut self) -> std::process::ExitStatus {
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.child.id() as i32), nix::sys::signal::Signal::SIGINT).unwrap();
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < end, "vita watch did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_status(l: &str) -> bool {
    l.starts_with("built ") || l.starts_with("rebuilt ") || l.starts_with("build failed")
}

/// Saves a file as editors do: the new text into a temporary file beside
/// it, then renamed over it.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.swp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn copy_example(dir: &Path) -> PathBuf {
    for f in ["seojin-park.ron", "papers.bib"] {
        std::fs::copy(root().join("examples/from-bibtex").join(f), dir.join(f)).unwrap();
    }
    dir.join("seojin-park.ron")
}

#[test]
fn watch_builds_once_per_save_follows_sources_and_survives_a_bad_edit() {
    let d = tempfile::tempdir().unwrap();
    let cv = copy_example(d.path());
    let mut w = Watch::start(d.path(), &["seojin-park.ron", "-f", "text", "-o", "out"]);
    let first = w.wait_for(&["built ", "build failed"], Duration::from_secs(30));
    assert!(first.starts_with("built out/cv.txt in "), "{first}");
    w.wait_for(&["watching seojin-park.ron and the files it reads (Ctrl-C stops)"], Duration::from_secs(5));
    let txt = d.path().join("out/cv.txt");

    // An editor's save of the CV: one build.
    let src = std::fs::read_to_string(&cv).unwrap();
    save(&cv, &src.replace("name: \"Seo Jin Park\"", "name: \"Seo Jin Park\", label: \"Assistant Professor of Watching\""));
    let s = w.statuses_within(Duration::from_secs(3));
    assert_eq!(s.len(), 1, "one save, one build: {s:?}");
    assert!(s[0].starts_with("rebuilt out/cv.txt in "), "{s:?}");
    assert!(std::fs::read_to_string(&txt).unwrap().contains("Assistant Professor of Watching"));

    // A change to the publication file the CV reads: one build.
    let bib = d.path().join("papers.bib");
    let b = std::fs::read_to_string(&bib).unwrap();
    assert!(b.contains("MilliSort"));
    save(&bib, &b.replacen("MilliSort", "WatchSort", 1));
    let s = w.statuses_within(Duration::from_secs(3));
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(std::fs::read_to_string(&txt).unwrap().contains("WatchSort"));

    // A file the CV does not read: no build.
    std::fs::write(d.path().join("notes.txt"), "x").unwrap();
    assert_eq!(w.statuses_within(Duration::from_secs(1)), Vec::<String>::new());

    // A save that changes no output (a comment): a build that writes nothing,
    // and leaves the files' times as they were.
    let changed = std::fs::metadata(&txt).unwrap().modified().unwrap();
    let now = std::fs::read_to_string(&cv).unwrap();
    save(&cv, &format!("{now}// a comment\n"));
    let s = w.statuses_within(Duration::from_secs(3));
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].starts_with("rebuilt in ") && s[0].ends_with(" ms, no file changed"), "{s:?}");
    assert_eq!(std::fs::metadata(&txt).unwrap().modified().unwrap(), changed);

    // A bad edit: its diagnostic, the outputs unchanged, still watching.
    let before = std::fs::read(&txt).unwrap();
    let good = std::fs::read_to_string(&cv).unwrap();
    save(&cv, &good.replacen("start: \"2023-08\"", "start: \"2023-13\"", 1));
    let s = w.statuses_within(Duration::from_secs(3));
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].starts_with("build failed in "), "{s:?}");
    assert!(s[0].ends_with("; the outputs are as they were"), "{s:?}");
    assert!(
        w.seen.iter().any(|l| l.starts_with("seojin-park.ron:27:18: sections[0].entries[0].start: month 13 is not between 1 and 12")),
        "{:?}",
        w.seen
    );
    assert_eq!(std::fs::read(&txt).unwrap(), before);
    save(&cv, &good);
    let s = w.statuses_within(Duration::from_secs(3));
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].starts_with("rebuilt "), "{s:?}");

    // Ctrl-C: exit 130 (stopped by a signal), nothing left behind.
    let status = w.interrupt();
    assert_eq!(status.code(), Some(130));
    let mut left: Vec<String> =
        std::fs::read_dir(d.path().join("out")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    left.sort();
    assert_eq!(left, [".vita-manifest", "cv.txt"]);
}

/// A GET over plain HTTP/1.1: status code and body (read by its
/// Content-Length, as Chromium keeps the connection open).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = s.read(&mut buf).unwrap_or_else(|e| panic!("GET {path} from {addr}: {e}"));
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse::<usize>().ok()).flatten()
            });
            if n == 0 || length.is_some_and(|len| body.len() >= len) {
                let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                return (code, body.to_string());
            }
        }
        if n == 0 {
            return (0, String::new());
        }
    }
}

#[test]
fn served_pages_reload_in_a_browser_after_a_save() {
    let Some(bin) = chromium() else { return missing("chromium", "apt-get install -y chromium") };
    let d = tempfile::tempdir().unwrap();
    let cv = d.path().join("cv.ron");
    std::fs::copy(root().join("examples/seojin-park.ron"), &cv).unwrap();
    let mut w = Watch::start(d.path(), &["cv.ron", "-f", "html", "-f", "text", "-o", "out", "--serve"]);
    let line = w.wait_for(&["serving out at http://"], Duration::from_secs(30));
    let addr = line.trim_start_matches("serving out at http://").split('/').next().unwrap().to_string();
    assert!(addr.starts_with("127.0.0.1:"), "loopback by default: {line}");
    w.wait_for(&["built "], Duration::from_secs(30));

    // Served pages carry the reload script; the written file does not.
    let (code, page) = get(&addr, "/");
    assert_eq!(code, 200);
    assert!(page.contains("/__vita/reload?since="), "{page}");
    assert!(!std::fs::read_to_string(d.path().join("out/cv.html")).unwrap().contains("__vita"));
    assert_eq!(get(&addr, "/cv.txt").0, 200);
    // Nothing outside the output folder.
    for bad in ["/../cv.ron", "/%2e%2e/cv.ron", "/..%2fcv.ron", "/nothing.html"] {
        assert_eq!(get(&addr, bad).0, 404, "{bad}");
    }

    // A real browser on the page; its title is the name.
    let profile = tempfile::tempdir().unwrap();
    let mut browser = Command::new(&bin)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--remote-debugging-port=0"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("http://{addr}/"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut devtools = None;
    for l in std::io::BufReader::new(browser.stderr.take().unwrap()).lines().map_while(Result::ok) {
        if let Some(rest) = l.strip_prefix("DevTools listening on ws://") {
            devtools = rest.split('/').next().map(str::to_string);
            break;
        }
    }
    let devtools = devtools.expect("Chromium says where DevTools listens");
    let title = |want: &str, limit: Duration| -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            let (_, list) = get(&devtools, "/json/list");
            if list.contains(want) {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    };
    let loaded = title("\"title\": \"Seo Jin Park – Curriculum Vitae\"", Duration::from_secs(30));
    assert!(loaded.is_some(), "the page did not load in Chromium");

    // Edit the CV; the page in the browser shows the new name.
    let src = std::fs::read_to_string(&cv).unwrap();
    save(&cv, &src.replacen("name: \"Seo Jin Park\"", "name: \"Seo Jin Parker\"", 1));
    let seen = title("\"title\": \"Seo Jin Parker – Curriculum Vitae\"", Duration::from_secs(10));
    let _ = browser.kill();
    let _ = browser.wait();
    let took = seen.expect("the page did not reload with the new name");
    eprintln!("the page showed the edit {took:?} after the save");
    assert!(took < Duration::from_secs(2), "the page took {took:?} to show the edit");
}

/// The status code of a response to a raw request head (sent as given).
fn status_of(addr: &str, head: &str) -> u16 {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(head.as_bytes());
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// The preview server answers only requests for the address it printed (a
/// page elsewhere whose name is rebound to 127.0.0.1 reads nothing), bounds
/// request heads, serves no dot file, and keeps serving pages while a
/// hundred reload questions wait.
#[test]
fn the_preview_server_answers_only_its_own_address_and_stays_available() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("examples/minimal.ron"), d.path().join("cv.ron")).unwrap();
    let mut w = Watch::start(d.path(), &["cv.ron", "-f", "html", "-o", "out", "--serve"]);
    let line = w.wait_for(&["serving out at http://"], Duration::from_secs(30));
    let addr = line.trim_start_matches("serving out at http://").split('/').next().unwrap().to_string();
    let port = addr.rsplit(':').next().unwrap().to_string();
    w.wait_for(&["built "], Duration::from_secs(30));

    for host in [addr.clone(), format!("localhost:{port}"), format!("LOCALHOST:{port}")] {
        assert_eq!(status_of(&addr, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n")), 200, "{host}");
    }
    // DNS rebinding: the browser sends the attacker's name.
    for host in ["attacker.example".to_string(), format!("attacker.example:{port}"), "127.0.0.1:1".into()] {
        assert_eq!(status_of(&addr, &format!("GET /cv.html HTTP/1.1\r\nHost: {host}\r\n\r\n")), 403, "{host}");
    }
    assert_eq!(status_of(&addr, "GET /cv.html HTTP/1.1\r\n\r\n"), 403, "no Host");
    // A head past 8 KiB is refused, not held.
    let big = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
    assert_eq!(status_of(&addr, &big), 431);
    // Dot files (the manifest) are not served.
    assert!(d.path().join("out/.vita-manifest").exists());
    assert_eq!(get(&addr, "/.vita-manifest").0, 404);
    assert_eq!(status_of(&addr, &format!("POST / HTTP/1.1\r\nHost: {addr}\r\n\r\n")), 405);

    // A hundred reload questions wait (or are told to come back); pages are still served.
    // A question the server turned away before reading it (more than 64
    // connections unread at once, on a loaded machine) was told to come
    // back too: its write or read finds the connection closed.
    let polls: Vec<Option<std::net::TcpStream>> = (0..100)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&addr).unwrap();
            write!(s, "GET /__vita/reload?since=99 HTTP/1.1\r\nHost: {addr}\r\n\r\n").ok().map(|()| s)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    for _ in 0..10 {
        assert_eq!(get(&addr, "/cv.html").0, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(5), "pages took {:?}", started.elapsed());
    let waiting = polls
        .into_iter()
        .filter(|s| {
            let Some(s) = s else { return false };
            let mut s = s.try_clone().unwrap();
            s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
            let mut buf = [0u8; 64];
            match s.read(&mut buf) {
                // Still waiting for a build.
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => true,
                Ok(n) => {
                    let said = String::from_utf8_lossy(&buf[..n]).into_owned();
                    assert!(n == 0 || said.starts_with("HTTP/1.1 503"), "{said}");
                    false
                }
                Err(_) => false,
            }
        })
        .count();
    assert_eq!(waiting, 32, "32 questions wait; the rest are told to ask again");
    assert!(w.interrupt().code() == Some(130));
}
