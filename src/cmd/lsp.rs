//! `vita lsp`: the language server (crates/vita-lsp) over standard input
//! and output, as editors start one. The CV's folder is read through the
//! command's host (its safe reader); the open CV is the editor's text.
//!
//! The transport is vita's own (JSON-RPC with `Content-Length` headers,
//! one message at a time): a header line is at most [`MAX_HEADER`] bytes, a
//! message at most [`MAX_MESSAGE`] (a larger one is read past and refused),
//! and a body that is not JSON is answered with a parse error; none of them
//! stops the server.

use std::io::{BufRead, Read, Write};

use serde_json::{json, Value};

/// The longest header line read.
const MAX_HEADER: usize = 8 * 1024;

/// The largest message taken: a CV at vita's input limit, escaped as JSON
/// text, with room to spare.
const MAX_MESSAGE: usize = 4 * vita_engine::MAX_INPUT as usize;

/// JSON-RPC's error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const SERVER_NOT_INITIALIZED: i64 = -32002;

/// Serves one editor until it says `exit` or closes the stream.
pub fn run() -> anyhow::Result<()> {
    let host = crate::host::FsHost::new();
    let mut server = vita_lsp::Server::new();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut initialized = false;
    let mut shut_down = false;
    loop {
        let message = match read(&mut input)? {
            None => return Ok(()),
            Some(Ok(m)) => m,
            Some(Err(why)) => {
                send(&mut out, &json!({ "jsonrpc": "2.0", "id": null, "error": { "code": PARSE_ERROR, "message": why } }))?;
                continue;
            }
        };
        let method = message["method"].as_str().unwrap_or_default().to_string();
        let id = message.get("id").cloned();
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        let Some(id) = id else {
            // A notification.
            if method == "exit" {
                return Ok(());
            }
            if initialized && !shut_down {
                for (m, p) in server.handle(&host, &method, &params).notify {
                    send(&mut out, &json!({ "jsonrpc": "2.0", "method": m, "params": p }))?;
                }
            }
            continue;
        };
        if method.is_empty() {
            // A response to a request vita never sends, or nothing at all.
            if message.get("result").is_none() && message.get("error").is_none() {
                send(&mut out, &error(id, INVALID_REQUEST, "a request needs a `method`".into()))?;
            }
            continue;
        }
        let reply = match method.as_str() {
            "initialize" => {
                initialized = true;
                json!({ "jsonrpc": "2.0", "id": id, "result": server.initialize(&params) })
            }
            _ if !initialized => error(id, SERVER_NOT_INITIALIZED, "`initialize` comes first".into()),
            "shutdown" => {
                shut_down = true;
                json!({ "jsonrpc": "2.0", "id": id, "result": null })
            }
            _ => {
                let answer = server.handle(&host, &method, &params);
                for (m, p) in answer.notify {
                    send(&mut out, &json!({ "jsonrpc": "2.0", "method": m, "params": p }))?;
                }
                match answer.result {
                    Some(Ok(result)) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
                    Some(Err((code, message))) => error(id, code, message),
                    None => error(id, vita_lsp::METHOD_NOT_FOUND, format!("vita does not answer `{method}`")),
                }
            }
        };
        send(&mut out, &reply)?;
    }
}

fn error(id: Value, code: i64, message: String) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

fn send(out: &mut impl Write, message: &Value) -> std::io::Result<()> {
    let body = message.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The next message: `None` at the end of the stream, `Some(Err(why))` for
/// one that is refused (its bytes read past, so the next one is read whole).
fn read(input: &mut impl BufRead) -> anyhow::Result<Option<Result<Value, String>>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    loop {
        let mut line = Vec::new();
        let n = input.by_ref().take(MAX_HEADER as u64 + 1).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if line.len() > MAX_HEADER {
            anyhow::bail!("a header line longer than {MAX_HEADER} bytes: the stream is not the Language Server Protocol");
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if text.is_empty() {
            break;
        }
        match text.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("content-length") => match v.trim().parse() {
                Ok(n) => length = Some(n),
                Err(_) => bad_header = Some(format!("`{}` is not a length", v.trim())),
            },
            Some(_) => {}
            None => bad_header = Some("a header without `:`".into()),
        }
    }
    let Some(length) = length else {
        // Without a length the body cannot be found: the stream is lost.
        anyhow::bail!("a message without Content-Length{}", bad_header.map(|b| format!(" ({b})")).unwrap_or_default());
    };
    if length > MAX_MESSAGE {
        std::io::copy(&mut input.by_ref().take(length as u64), &mut std::io::sink())?;
        return Ok(Some(Err(format!("a message of {length} bytes; vita takes at most {MAX_MESSAGE}"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(serde_json::from_slice(&body).map_err(|e| format!("the message is not JSON: {e}"))))
}
