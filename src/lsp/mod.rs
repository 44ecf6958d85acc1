//! `policyc lsp`: a Language Server Protocol server over stdio, on
//! rust-analyzer's `lsp-server` (a synchronous loop, so edits are applied
//! in the order they come) and `lsp-types`. Documents are synced
//! incrementally and kept in an [`documents::Overlay`] over the disk, so
//! diagnostics follow unsaved buffers; answers come from [`crate::ide`]
//! over the file compiled as `policyc check` compiles it. Positions are
//! UTF-16, as the protocol's default encoding says.

mod analysis;
mod convert;
pub mod documents;
mod handlers;
pub mod position;
pub mod uri;

use analysis::Analyses;
use documents::Overlay;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use std::path::PathBuf;

/// Why the server stopped other than by `exit`.
#[derive(Debug)]
pub enum LspError {
    /// The client broke the protocol (no `initialize` first, bad framing).
    Protocol(String),
    /// Reading or writing stdio failed.
    Io(std::io::Error),
}

impl std::fmt::Display for LspError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LspError::Protocol(why) => write!(f, "the language client broke the protocol: {why}"),
            LspError::Io(e) => write!(f, "could not talk to the language client: {e}"),
        }
    }
}

impl std::error::Error for LspError {}

/// How the session ended: `exit` after `shutdown` (status 0), or `exit`
/// or the end of input without it (status 1, as the protocol says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`.
    Cleanly,
    /// `exit` without `shutdown`, or the client went away.
    Abruptly,
}

/// Runs the server on stdin and stdout until `exit`.
pub fn run() -> Result<Ended, LspError> {
    let (connection, threads) = Connection::stdio();
    let ended = serve(&connection)?;
    drop(connection);
    threads.join().map_err(LspError::Io)?;
    Ok(ended)
}

/// The capabilities announced to the client.
fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["[".into(), "{".into(), ",".into()]),
            ..Default::default()
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: lsp::SemanticTokensLegend {
                        token_types: convert::TOKEN_TYPES.to_vec(),
                        token_modifiers: Vec::new(),
                    },
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            ),
        ),
        ..Default::default()
    }
}

/// The server's state: the open documents, the compiled policies, what
/// was published, and whether `shutdown` came.
pub(crate) struct Server {
    overlay: Overlay,
    analyses: Analyses,
    published: std::collections::BTreeSet<PathBuf>,
    docs_url: Option<String>,
    shut_down: bool,
}

/// Serves one client on `connection` until `exit` (or the end of input).
pub fn serve(connection: &Connection) -> Result<Ended, LspError> {
    let caps =
        serde_json::to_value(capabilities()).map_err(|e| LspError::Protocol(e.to_string()))?;
    let params = connection
        .initialize(caps)
        .map_err(|e| LspError::Protocol(e.to_string()))?;
    let docs_url = params
        .get("initializationOptions")
        .and_then(|o| o.get("docsUrl"))
        .and_then(|u| u.as_str())
        .map(str::to_string);
    let mut server = Server {
        overlay: Overlay::new(),
        analyses: Analyses::default(),
        published: Default::default(),
        docs_url,
        shut_down: false,
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                let response = server.request(request);
                send(connection, response.into())?;
            }
            Message::Notification(note) if note.method == lsp::notification::Exit::METHOD => {
                return Ok(if server.shut_down {
                    Ended::Cleanly
                } else {
                    Ended::Abruptly
                });
            }
            Message::Notification(note) => {
                for publish in server.notification(note) {
                    send(connection, publish.into())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(Ended::Abruptly)
}

fn send(connection: &Connection, message: Message) -> Result<(), LspError> {
    connection
        .sender
        .send(message)
        .map_err(|e| LspError::Protocol(e.to_string()))
}

impl Server {
    fn request(&mut self, request: Request) -> Response {
        if self.shut_down {
            return Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shut down: only `exit` is expected".to_string(),
            );
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            return Response::new_ok(request.id, ());
        }
        handlers::request(self, request)
    }

    fn notification(&mut self, note: Notification) -> Vec<Notification> {
        use lsp::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
        };
        let changed = match note.method.as_str() {
            DidOpenTextDocument::METHOD => note
                .extract::<lsp::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                .ok()
                .and_then(|p| {
                    let path = uri::to_path(&p.text_document.uri)?;
                    self.overlay
                        .open(&path, p.text_document.version, p.text_document.text);
                    Some(path)
                }),
            DidChangeTextDocument::METHOD => note
                .extract::<lsp::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                .ok()
                .and_then(|p| {
                    let path = uri::to_path(&p.text_document.uri)?;
                    let changes = p.content_changes.into_iter().map(change).collect();
                    self.overlay.change(&path, p.text_document.version, changes);
                    Some(path)
                }),
            DidSaveTextDocument::METHOD => note
                .extract::<lsp::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                .ok()
                .and_then(|p| uri::to_path(&p.text_document.uri)),
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    note.extract::<lsp::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                    && let Some(path) = uri::to_path(&p.text_document.uri)
                {
                    self.overlay.close(&path);
                    self.analyses.close(&self.overlay);
                }
                return self.publish();
            }
            _ => None,
        };
        match changed {
            Some(path) => {
                self.analyses.update(&self.overlay, &path);
                self.publish()
            }
            None => Vec::new(),
        }
    }

    /// `publishDiagnostics` for every file the analyses speak of, and an
    /// empty list for files that were published before and are no longer.
    fn publish(&mut self) -> Vec<Notification> {
        let by_file = self.analyses.diagnostics();
        let mut out = Vec::new();
        for (path, list) in &by_file {
            let Some(uri) = uri::from_path(path) else {
                continue;
            };
            let diagnostics = list
                .iter()
                .map(|(unit, d)| convert::diagnostic(unit, d, self.docs_url.as_deref()))
                .collect();
            let version = self.overlay.get(path).map(|d| d.version);
            out.push(published(uri, diagnostics, version));
        }
        for gone in self.published.iter().filter(|p| !by_file.contains_key(*p)) {
            if let Some(uri) = uri::from_path(gone) {
                out.push(published(uri, Vec::new(), None));
            }
        }
        self.published = by_file.into_keys().collect();
        out
    }
}

fn published(
    uri: lsp::Uri,
    diagnostics: Vec<lsp::Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification::new(
        lsp::notification::PublishDiagnostics::METHOD.to_string(),
        lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
}

fn change(event: lsp::TextDocumentContentChangeEvent) -> documents::Change {
    let at = |p: lsp::Position| position::Utf16Position {
        line: p.line,
        character: p.character,
    };
    documents::Change {
        range: event.range.map(|r| (at(r.start), at(r.end))),
        text: event.text,
    }
}
