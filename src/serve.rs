//! `vita watch --serve`: the output folder over HTTP, for a browser to show
//! while the CV is edited. HTML pages are served with a small script that
//! asks the server whether a build happened since the page was served, and
//! reloads the page when one did; the script goes into served responses
//! only, never into the written files.
//!
//! Only files inside the output folder are served (after resolving links),
//! and only `GET` and `HEAD`. The default address is loopback.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::Context;

/// The path the reload script asks; no output file has it (names from
/// backends are checked to be plain, and none starts with `__`).
const RELOAD: &str = "/__vita/reload";

/// How long one reload question waits for a build before it is answered
/// with the current build anyway.
const WAIT: Duration = Duration::from_secs(25);

/// The largest number of requests served at once (each has a thread).
const MAX_CLIENTS: usize = 64;

/// Builds so far, and a way to wake those waiting for the next.
#[derive(Default)]
struct Builds {
    count: Mutex<u64>,
    changed: Condvar,
}

/// A running server.
pub struct Server {
    /// The address it listens at (the port chosen when `:0` was given).
    pub addr: std::net::SocketAddr,
    builds: Arc<Builds>,
}

impl Server {
    /// Listens at `addr` (`127.0.0.1:0` for any free port) and serves `root`
    /// on background threads.
    pub fn start(addr: &str, root: &Path) -> anyhow::Result<Server> {
        let parsed: std::net::SocketAddr = addr.parse().map_err(|_| {
            crate::cli::BadInput::plain(format!("error: `{addr}` is not an address to serve at (write HOST:PORT, such as 127.0.0.1:8000)"))
        })?;
        let http = tiny_http::Server::http(parsed).map_err(|e| anyhow::anyhow!("cannot serve at {addr}: {e}"))?;
        let addr = http.server_addr().to_ip().context("the server has no IP address")?;
        let root = root.canonicalize().with_context(|| format!("the output folder {}", root.display()))?;
        let builds = Arc::new(Builds::default());
        let shared = builds.clone();
        let clients = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        std::thread::spawn(move || {
            for request in http.incoming_requests() {
                if clients.load(std::sync::atomic::Ordering::SeqCst) >= MAX_CLIENTS {
                    let _ = request.respond(tiny_http::Response::empty(503));
                    continue;
                }
                clients.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let (root, builds, clients) = (root.clone(), shared.clone(), clients.clone());
                std::thread::spawn(move || {
                    answer(request, &root, &builds);
                    clients.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                });
            }
        });
        Ok(Server { addr, builds })
    }

    /// Tells open pages that a build finished: they reload.
    pub fn reload(&self) {
        let mut n = self.builds.count.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        self.builds.changed.notify_all();
    }
}

fn answer(request: tiny_http::Request, root: &Path, builds: &Builds) {
    let head = *request.method() == tiny_http::Method::Head;
    if !matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head) {
        let _ = request.respond(tiny_http::Response::from_string("only GET and HEAD\n").with_status_code(405));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let current = *builds.count.lock().unwrap_or_else(|e| e.into_inner());
    if path == RELOAD {
        // Waits until a build newer than the page's, or a while.
        let since: u64 = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok()).unwrap_or(current);
        let guard = builds.count.lock().unwrap_or_else(|e| e.into_inner());
        let (n, _) = builds.changed.wait_timeout_while(guard, WAIT, |n| *n <= since).unwrap_or_else(|e| e.into_inner());
        let n = *n;
        let _ = request.respond(with_headers(tiny_http::Response::from_string(n.to_string()), "text/plain; charset=utf-8"));
        return;
    }
    if let Some(dir) = listing(root, path) {
        let body = with_reload_script(dir.into_bytes(), current);
        let _ = request.respond(with_headers(tiny_http::Response::from_data(body), "text/html; charset=utf-8"));
        return;
    }
    let Some(file) = resolve(root, path) else {
        let _ = request.respond(tiny_http::Response::from_string("not found\n").with_status_code(404));
        return;
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) => {
            let _ = request.respond(tiny_http::Response::from_string("not found\n").with_status_code(404));
            return;
        }
    };
    let kind = content_type(&file);
    let body = if kind.starts_with("text/html") { with_reload_script(bytes, current) } else { bytes };
    let response = with_headers(tiny_http::Response::from_data(body), kind);
    let _ = if head { request.respond(response.with_data(std::io::empty(), Some(0))) } else { request.respond(response) };
}

fn with_headers<R: std::io::Read>(r: tiny_http::Response<R>, kind: &str) -> tiny_http::Response<R> {
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    let mut r = r;
    for h in [header("Content-Type", kind), header("Cache-Control", "no-store"), header("X-Content-Type-Options", "nosniff")]
        .into_iter()
        .flatten()
    {
        r.add_header(h);
    }
    r
}

/// A page listing a folder of the output (the targets' folders, a
/// folder without `index.html` or `cv.html`), or `None` for any other path.
fn listing(root: &Path, path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let dir = under(root, &decoded)?;
    if !dir.is_dir() || !dir.starts_with(root) || ["index.html", "cv.html"].iter().any(|n| dir.join(n).is_file()) {
        return None;
    }
    let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            (!name.starts_with('.')).then(|| (name, e.path().is_dir()))
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
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let mut p = under(root, &percent_decode(path)?)?;
    if p.is_dir() {
        p = ["index.html", "cv.html"].iter().map(|n| p.join(n)).find(|f| f.is_file())?;
        p = p.canonicalize().ok()?;
    }
    (p.starts_with(root) && p.is_file()).then_some(p)
}

/// The path a decoded URL path names below `root`, links resolved: plain
/// components only (no `..`, `.`, or `\\`); `None` for anything else or
/// for what does not exist. The caller checks it is still inside `root`.
fn under(root: &Path, decoded: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for part in decoded.split('/').filter(|s| !s.is_empty()) {
        let c = Path::new(part).components().collect::<Vec<_>>();
        if part.contains('\\') || c.len() != 1 || !matches!(c[0], Component::Normal(_)) {
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
        Some("js") => "text/javascript; charset=utf-8",
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

    #[test]
    fn only_files_inside_the_folder_are_named() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("out");
        std::fs::create_dir_all(root.join("web")).unwrap();
        std::fs::write(root.join("cv.html"), "x").unwrap();
        std::fs::write(root.join("web/cv.html"), "x").unwrap();
        std::fs::write(d.path().join("secret.txt"), "x").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("cv.html")));
        assert_eq!(listing(&root, "/"), None);
        std::fs::create_dir_all(root.join("a <b>")).unwrap();
        std::fs::write(root.join("a <b>/cv.txt"), "x").unwrap();
        assert_eq!(
            listing(&root, "/a%20%3Cb%3E/"),
            Some("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>/a &lt;b&gt;/</title></head>\n<body><h1>/a &lt;b&gt;/</h1>\n<ul>\n<li><a href=\"/a%20%3Cb%3E/cv.txt\">cv.txt</a></li>\n</ul>\n</body></html>\n".into())
        );
        assert_eq!(listing(&root, "/../"), None);
        assert_eq!(resolve(&root, "/web/"), Some(root.join("web/cv.html")));
        assert_eq!(resolve(&root, "/web%2Fcv.html"), Some(root.join("web/cv.html")));
        for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/web/../../secret.txt", "/..%2fsecret.txt", "/%00", "/a\\..\\b", "/nothing"] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("link.txt")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), None);
        }
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let page = String::from_utf8(with_reload_script(b"<html><body><p>x</p></body></html>".to_vec(), 3)).unwrap();
        assert!(page.starts_with("<html><body><p>x</p><script>(function(){var b=3;"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
    }
}
