//! `vita web [DIR]`: the browser page (vita compiled to WebAssembly, built
//! by `scripts/build-web` into `web/dist/`) served on loopback, with the
//! preview server's checks: only the folder's files, only to a `Host` that
//! is the address printed. The page builds in the browser; nothing the user
//! types is sent here.

use std::path::Path;

use vita_engine::BadInput;

/// Serves the page's folder at `addr` until the process is stopped.
pub fn run(dir: &Path, addr: &str) -> anyhow::Result<()> {
    if !dir.join("index.html").is_file() || !dir.join("vita_web_bg.wasm").is_file() {
        return Err(BadInput::plain(format!(
            "error: {} holds no built page (index.html and vita_web_bg.wasm)\n  hint: build it in vita's source folder with \
             scripts/build-web (it writes web/dist), or name the folder that holds it: vita web DIR",
            dir.display()
        ))
        .into());
    }
    let server = crate::serve::Server::files(addr, dir)?;
    // Said even with --quiet: the address is what the command is for.
    say!("serving the page in {} at http://{}/ (Ctrl-C stops)", dir.display(), server.addr);
    loop {
        std::thread::park();
    }
}
