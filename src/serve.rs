//! `vita watch --serve`: the output folder over HTTP, for a browser to show
//! while the CV is edited. HTML pages are served with a small script that
//! asks the server whether a build happened since the page was served, and
//! reloads the page when one did; the script goes into served responses
//! only, never into the written files.
//!
//! Only files inside the output folder are served (after resolving links),
//! never a dot file, and only `GET` and `HEAD`. The default address is
//! loopback, and a request is answered only when its `Host` is the address
//! vita printed (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`): a page
//! of another site whose name is rebound to 127.0.0.1 (DNS rebinding)
//! gets 403. A request head is read for [`IDLE`] at most and is at most
//! [`MAX_HEAD`] bytes (431 past it); reload questions wait in their own
//! cap ([`MAX_POLLS`]), so pages are always served.
//!
//! The server is vita's own (HTTP/1.1, one request per connection): the
//! small servers on crates.io read request heads of any size into memory,
//! and the large ones bring an async runtime for what is a few lines here.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::Context;

/// The path the reload script asks; no output file has it (names from
/// backends are checked to be plain, and none starts with `__`).
const RELOAD: &str = "/__vita/reload";

/// How long one reload question waits for a build before it is answered
/// with the current build anyway.
const WAIT: Duration = Duration::from_secs(25);

/// Connections read or answered at once (reload questions waiting for a
/// build are counted apart); past it a connection gets 503.
const MAX_CLIENTS: usize = 64;

/// Reload questions waiting at once; past it a question gets 503 (the
/// script asks again a second later).
const MAX_POLLS: usize = 32;

/// The largest file served (a PDF of a very long CV is some tens of MB).
const MAX_SERVED: u64 = 1024 * 1024 * 1024;

/// The largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 8 * 1024;

/// How long a connection may take to send its request head, and a
/// response to be taken.
pub const IDLE: Duration = Duration::from_secs(10);

/// Builds so far, and a way to wake those waiting for the next.
#[derive(Default)]
struct Builds {
    count: Mutex<u64>,
    changed: Condvar,
}

/// What every connection shares.
struct Shared {
    root: PathBuf,
    /// The files the last good build made (links resolved), or `None`
    /// before it: only these are served and listed, so a page left in the
    /// folder by an earlier build of other formats is not shown as this one.
    made: Mutex<Option<std::collections::BTreeSet<PathBuf>>>,
    builds: Builds,
    /// The `Host` values answered.
    hosts: Vec<String>,
    clients: AtomicUsize,
    polls: AtomicUsize,
    /// Whether pages get the reload script (`watch`), or are served as
    /// they are (`vita web`: the page is the folder's own, under its CSP).
    reload: bool,
}

/// A running server.
pub struct Server {
    /// The address it listens at (the port chosen when `:0` was given).
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Listens at `addr` (`127.0.0.1:0` for any free port) and serves `root`
    /// on background threads, its pages reloading after each build.
    pub fn start(addr: &str, root: &Path) -> anyhow::Result<Server> {
        Server::listen(addr, root, true)
    }

    /// Serves the files of `root` as they are, with no reload script (the
    /// browser page of `vita web`).
    pub fn files(addr: &str, root: &Path) -> anyhow::Result<Server> {
        Server::listen(addr, root, false)
    }

    fn listen(addr: &str, root: &Path, reload: bool) -> anyhow::Result<Server> {
        let parsed: SocketAddr = addr.parse().map_err(|_| {
            vita_engine::BadInput::plain(format!("error: `{addr}` is not an address to serve at (write HOST:PORT, such as 127.0.0.1:8000)"))
        })?;
        let listener =
            TcpListener::bind(parsed).map_err(|e| anyhow::anyhow!("cannot serve at {addr}: {}", crate::input::io_message(&e)))?;
        let addr = listener.local_addr().context("the server has no address")?;
        let root = root.canonicalize().with_context(|| format!("the output folder {}", root.display()))?;
        let port = addr.port();
        let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
        if !addr.ip().is_loopback() {
            say!("warning: serving at {addr}, an address other machines may reach: anyone who can reach it reads the CV's outputs");
            hosts.push(addr.to_string());
        }
        let shared = Arc::new(Shared {
            root,
            made: Mutex::new(None),
            builds: Builds::default(),
            hosts,
            clients: AtomicUsize::new(0),
            polls: AtomicUsize::new(0),
            reload,
        });
        let serving = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                if serving.clients.fetch_add(1, Ordering::SeqCst) >= MAX_CLIENTS {
                    serving.clients.fetch_sub(1, Ordering::SeqCst);
                    let _ = stream.set_write_timeout(Some(IDLE));
                    let _ = respond(&mut stream, 503, "text/plain; charset=utf-8", b"busy\n", false);
                    continue;
                }
                let shared = serving.clone();
                std::thread::spawn(move || {
                    let mut counted = true;
                    answer(&mut stream, &shared, &mut counted);
                    if counted {
                        shared.clients.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        Ok(Server { addr, shared })
    }

    /// Tells open pages that a build finished, having made `made` (paths
    /// of files in the folder): they reload, and only those files are served.
    pub fn reload(&self, made: &[PathBuf]) {
        let set = made.iter().filter_map(|p| p.canonicalize().ok()).collect();
        *self.shared.made.lock().unwrap_or_else(|e| e.into_inner()) = Some(set);
        let mut n = self.shared.builds.count.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        self.shared.builds.changed.notify_all();
    }
}

/// A request's method, path, and `Host` header.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// Reads a request head: at most [`MAX_HEAD`] bytes, within [`IDLE`].
/// `Err(status)` for a head vita does not answer.
fn read_head(stream: &mut TcpStream) -> Result<Request, u16> {
    // One deadline for the whole head: a byte every few seconds does not
    // hold the connection open.
    let until = std::time::Instant::now() + IDLE;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if head.len() > MAX_HEAD {
            return Err(431);
        }
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(408);
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return Err(408),
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    };
    if end > MAX_HEAD {
        return Err(431);
    }
    let text = std::str::from_utf8(&head[..end]).map_err(|_| 400u16)?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next()) else { return Err(400) };
    if !version.starts_with("HTTP/1.") || first.next().is_some() {
        return Err(400);
    }
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_ascii_lowercase());
    Ok(Request { method: method.to_string(), target: target.to_string(), host })
}

/// Writes a whole response and closes the connection.
fn respond(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8], head_only: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let _ = stream.set_write_timeout(Some(IDLE));
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

const PLAIN: &str = "text/plain; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

fn answer(stream: &mut TcpStream, shared: &Shared, counted: &mut bool) {
    let request = match read_head(stream) {
        Ok(r) => r,
        Err(408) => return,
        Err(status) => {
            let _ = respond(stream, status, PLAIN, b"bad request\n", false);
            return;
        }
    };
    if !request.host.as_ref().is_some_and(|h| shared.hosts.contains(h)) {
        let _ = respond(stream, 403, PLAIN, b"this server answers only at the address vita printed\n", false);
        return;
    }
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        let _ = respond(stream, 405, PLAIN, b"only GET and HEAD\n", false);
        return;
    }
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    let builds = &shared.builds;
    let current = *builds.count.lock().unwrap_or_else(|e| e.into_inner());
    if path == RELOAD && shared.reload {
        // A waiting question leaves the clients' count for its own.
        shared.clients.fetch_sub(1, Ordering::SeqCst);
        *counted = false;
        if shared.polls.fetch_add(1, Ordering::SeqCst) >= MAX_POLLS {
            shared.polls.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(stream, 503, PLAIN, b"busy\n", head);
            return;
        }
        // Waits until a build newer than the page's, or a while.
        let since: u64 = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok()).unwrap_or(current);
        let guard = builds.count.lock().unwrap_or_else(|e| e.into_inner());
        let (n, _) = builds.changed.wait_timeout_while(guard, WAIT, |n| *n <= since).unwrap_or_else(|e| e.into_inner());
        let n = *n;
        shared.polls.fetch_sub(1, Ordering::SeqCst);
        let _ = respond(stream, 200, PLAIN, n.to_string().as_bytes(), head);
        return;
    }
    if let Some(dir) = listing(shared, path) {
        let body = if shared.reload { with_reload_script(dir.into_bytes(), current) } else { dir.into_bytes() };
        let _ = respond(stream, 200, HTML, &body, head);
        return;
    }
    let Some(bytes) = resolve(shared, path).and_then(|file| {
        let bytes = crate::input::read_output(&file, MAX_SERVED).ok()?;
        Some((content_type(&file), bytes))
    }) else {
        let _ = respond(stream, 404, PLAIN, b"not found\n", head);
        return;
    };
    let (kind, bytes) = bytes;
    let body = if kind.starts_with("text/html") && shared.reload { with_reload_script(bytes, current) } else { bytes };
    let _ = respond(stream, 200, kind, &body, head);
}

/// A page listing a folder of the output (the targets' folders, a
/// folder without `index.html` or `cv.html`), or `None` for any other path.
fn listing(shared: &Shared, path: &str) -> Option<String> {
    let root = &shared.root;
    let decoded = percent_decode(path)?;
    let dir = under(root, &decoded)?;
    if !dir.is_dir() || !dir.starts_with(root) || ["index.html", "cv.html"].iter().any(|n| made(shared, &dir.join(n))) {
        return None;
    }
    let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            (!name.starts_with('.') && made(shared, &e.path())).then(|| (name, e.path().is_dir()))
        })
        .collect();
    names.sort();
    let base = if decoded.ends_with('/') { decoded.clone() } else { format!("{decoded}/") };
    let esc = vita_view::html::escape;
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    };
    let base_href: String = base.split('/').map(encode).collect::<Vec<_>>().join("/");
    let items: String = names
        .iter()
        .map(|(n, is_dir)| {
            let slash = if *is_dir { "/" } else { "" };
            format!("<li><a href=\"{base_href}{}{slash}\">{}{slash}</a></li>\n", encode(n), esc(n))
        })
        .collect();
    Some(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head>\n<body><h1>{0}</h1>\n<ul>\n{items}</ul>\n</body></html>\n",
        esc(&base)
    ))
}

/// The file a URL path names inside `root`: percent-decoded, plain
/// components only, and still inside `root` once links are resolved. A
/// folder gives its `index.html` or `cv.html`.
fn resolve(shared: &Shared, path: &str) -> Option<PathBuf> {
    let root = &shared.root;
    let mut p = under(root, &percent_decode(path)?)?;
    if p.is_dir() {
        p = ["index.html", "cv.html"].iter().map(|n| p.join(n)).find(|f| made(shared, f))?;
        p = p.canonicalize().ok()?;
    }
    (p.starts_with(root) && p.is_file() && made(shared, &p)).then_some(p)
}

/// Whether the last good build made a file (or a folder holding one it made).
fn made(shared: &Shared, path: &Path) -> bool {
    let Ok(real) = path.canonicalize() else { return false };
    match &*shared.made.lock().unwrap_or_else(|e| e.into_inner()) {
        None => real.is_file() || real.is_dir(),
        Some(set) => set.contains(&real) || (real.is_dir() && set.iter().any(|f| f.starts_with(&real))),
    }
}

/// The path a decoded URL path names below `root`, links resolved: plain
/// components only (no `..`, `.`, or `\\`); `None` for anything else or
/// for what does not exist. The caller checks it is still inside `root`.
fn under(root: &Path, decoded: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for part in decoded.split('/').filter(|s| !s.is_empty()) {
        let c = Path::new(part).components().collect::<Vec<_>>();
        // No dot file (the manifest, a temporary file) is served.
        if part.contains('\\') || part.starts_with('.') || c.len() != 1 || !matches!(c[0], Component::Normal(_)) {
            return None;
        }
        p.push(part);
    }
    p.canonicalize().ok()
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0')).then_some(s)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        // WebAssembly is compiled as it streams in only when served as such.
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("pdf") => "application/pdf",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The page with the reload script before `</body>` (or at its end).
fn with_reload_script(mut html: Vec<u8>, build: u64) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var b={build};function ask(){{fetch('{RELOAD}?since='+b,{{cache:'no-store'}})\
         .then(function(r){{return r.text()}}).then(function(t){{if(+t>b){{location.reload()}}else{{ask()}}}})\
         .catch(function(){{setTimeout(ask,1000)}})}}ask()}})();</script>\n"
    );
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(root: &Path) -> Shared {
        Shared {
            root: root.to_path_buf(),
            made: Mutex::new(None),
            builds: Builds::default(),
            hosts: Vec::new(),
            clients: AtomicUsize::new(0),
            polls: AtomicUsize::new(0),
            reload: true,
        }
    }

    #[test]
    fn only_files_inside_the_folder_are_named() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("out");
        std::fs::create_dir_all(root.join("web")).unwrap();
        std::fs::write(root.join("cv.html"), "x").unwrap();
        std::fs::write(root.join("web/cv.html"), "x").unwrap();
        std::fs::write(d.path().join("secret.txt"), "x").unwrap();
        let root = root.canonicalize().unwrap();
        let shared = shared(&root);
        assert_eq!(resolve(&shared, "/"), Some(root.join("cv.html")));
        assert_eq!(listing(&shared, "/"), None);
        std::fs::create_dir_all(root.join("a <b>")).unwrap();
        std::fs::write(root.join("a <b>/cv.txt"), "x").unwrap();
        assert_eq!(
            listing(&shared, "/a%20%3Cb%3E/"),
            Some("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>/a &lt;b&gt;/</title></head>\n<body><h1>/a &lt;b&gt;/</h1>\n<ul>\n<li><a href=\"/a%20%3Cb%3E/cv.txt\">cv.txt</a></li>\n</ul>\n</body></html>\n".into())
        );
        assert_eq!(listing(&shared, "/../"), None);
        assert_eq!(resolve(&shared, "/web/"), Some(root.join("web/cv.html")));
        assert_eq!(resolve(&shared, "/web%2Fcv.html"), Some(root.join("web/cv.html")));
        for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/web/../../secret.txt", "/..%2fsecret.txt", "/%00", "/a\\..\\b", "/nothing"] {
            assert_eq!(resolve(&shared, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("link.txt")).unwrap();
            assert_eq!(resolve(&shared, "/link.txt"), None);
        }
    }

    #[test]
    fn only_what_the_last_build_made_is_served() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        // A page an earlier build of other formats left, beside this build's PDF.
        std::fs::write(root.join("cv.html"), "old").unwrap();
        std::fs::write(root.join("cv.pdf"), "%PDF").unwrap();
        let shared = shared(&root);
        assert_eq!(resolve(&shared, "/"), Some(root.join("cv.html")));
        *shared.made.lock().unwrap() = Some([root.join("cv.pdf")].into());
        assert_eq!(resolve(&shared, "/"), None);
        assert_eq!(resolve(&shared, "/cv.html"), None);
        assert_eq!(resolve(&shared, "/cv.pdf"), Some(root.join("cv.pdf")));
        let page = listing(&shared, "/").unwrap();
        assert!(page.contains("cv.pdf") && !page.contains("cv.html"), "{page}");
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let page = String::from_utf8(with_reload_script(b"<html><body><p>x</p></body></html>".to_vec(), 3)).unwrap();
        assert!(page.starts_with("<html><body><p>x</p><script>(function(){var b=3;"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
    }
}
