//! `vita lsp`: the language server (crates/vita-lsp) over standard input
//! and output, as editors start one. The CV's folder is read through the
//! command's host (its safe reader); the open CV is the editor's text.

use lsp_server::{Connection, ErrorCode, Message, Response};

/// Serves one editor until it says `exit`.
pub fn run() -> anyhow::Result<()> {
    let (connection, io) = Connection::stdio();
    let host = crate::host::FsHost::new();
    let mut server = vita_lsp::Server::new();
    let (id, params) = connection.initialize_start()?;
    connection.initialize_finish(id, server.initialize(&params))?;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    break;
                }
                let answer = server.handle(&host, &request.method, &request.params);
                for (method, params) in answer.notify {
                    connection.sender.send(lsp_server::Notification::new(method, params).into())?;
                }
                let response = match answer.result {
                    Some(Ok(value)) => Response::new_ok(request.id, value),
                    Some(Err((code, message))) => Response::new_err(request.id, code as i32, message),
                    None => Response::new_err(
                        request.id,
                        ErrorCode::MethodNotFound as i32,
                        format!("vita does not answer `{}`", request.method),
                    ),
                };
                connection.sender.send(response.into())?;
            }
            Message::Notification(note) => {
                if note.method == "exit" {
                    break;
                }
                for (method, params) in server.handle(&host, &note.method, &note.params).notify {
                    connection.sender.send(lsp_server::Notification::new(method, params).into())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io.join()?;
    Ok(())
}
