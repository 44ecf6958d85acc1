//! The requests: each reads its parameters, finds the document's compiled
//! unit and its file in it, asks [`crate::ide`], and converts the answer.
//! A request about a file the server does not know answers `null`.

use super::Server;
use super::convert::{self, Text};
use super::uri;
use crate::driver::{Unit, normal};
use crate::ide;
use crate::source::{SourceFile, Span};
use lsp_server::{ErrorCode, Request, Response};
use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::Path;

/// Answers one request.
pub(super) fn request(server: &mut Server, request: Request) -> Response {
    use lsp::request::*;
    let id = request.id.clone();
    let answer = match request.method.as_str() {
        HoverRequest::METHOD => with(server, request, hover),
        Completion::METHOD => with(server, request, completion),
        GotoDefinition::METHOD => with(server, request, definition),
        References::METHOD => with(server, request, references),
        Rename::METHOD => with(server, request, rename),
        Formatting::METHOD => with(server, request, formatting),
        CodeActionRequest::METHOD => with(server, request, code_action),
        DocumentSymbolRequest::METHOD => with(server, request, symbols),
        FoldingRangeRequest::METHOD => with(server, request, folding),
        SemanticTokensFullRequest::METHOD => with(server, request, tokens),
        _ => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("`{}` is not supported", request.method),
            );
        }
    };
    match answer {
        Ok(value) => Response::new_ok(id, value),
        Err(why) => Response::new_err(id, ErrorCode::InvalidParams as i32, why),
    }
}

/// What a handler gets: the unit, the document's file in it, its text.
struct Here<'a> {
    unit: &'a Unit,
    file: &'a SourceFile,
}

impl Here<'_> {
    fn text(&self) -> Text<'_> {
        Text::new(&self.file.text)
    }

    fn offset(&self, position: lsp::Position) -> usize {
        self.text().offset(position)
    }
}

type Handler<P> = fn(&Here<'_>, P) -> Result<Value, String>;

/// Runs a handler on the document its parameters name.
fn with<P: DeserializeOwned + HasDocument>(
    server: &mut Server,
    request: Request,
    handler: Handler<P>,
) -> Result<Value, String> {
    let params: P = serde_json::from_value(request.params).map_err(|e| e.to_string())?;
    let Some(path) = uri::to_path(params.document()) else {
        return Ok(Value::Null);
    };
    if server.analyses.unit_for(&path).is_none() {
        server.analyses.update(&server.overlay, &path);
    }
    let Some(unit) = server.analyses.unit_for(&path) else {
        return Ok(Value::Null);
    };
    let Some(file) = file_of(unit, &path) else {
        return Ok(Value::Null);
    };
    handler(&Here { unit, file }, params)
}

fn file_of<'a>(unit: &'a Unit, path: &Path) -> Option<&'a SourceFile> {
    let path = normal(path);
    std::iter::once(&unit.file)
        .chain(unit.compiled.included.iter())
        .find(|f| normal(Path::new(&f.name)) == path)
}

/// Parameters that name a document.
trait HasDocument {
    fn document(&self) -> &lsp::Uri;
}

macro_rules! has_document {
    ($($params:ty => |$p:ident| $uri:expr;)*) => {
        $(impl HasDocument for $params {
            fn document(&self) -> &lsp::Uri {
                let $p = self;
                $uri
            }
        })*
    };
}

has_document! {
    lsp::HoverParams => |p| &p.text_document_position_params.text_document.uri;
    lsp::CompletionParams => |p| &p.text_document_position.text_document.uri;
    lsp::GotoDefinitionParams => |p| &p.text_document_position_params.text_document.uri;
    lsp::ReferenceParams => |p| &p.text_document_position.text_document.uri;
    lsp::RenameParams => |p| &p.text_document_position.text_document.uri;
    lsp::DocumentFormattingParams => |p| &p.text_document.uri;
    lsp::CodeActionParams => |p| &p.text_document.uri;
    lsp::DocumentSymbolParams => |p| &p.text_document.uri;
    lsp::FoldingRangeParams => |p| &p.text_document.uri;
    lsp::SemanticTokensParams => |p| &p.text_document.uri;
}

fn json<T: serde::Serialize>(value: T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

fn hover(here: &Here<'_>, p: lsp::HoverParams) -> Result<Value, String> {
    let offset = here.offset(p.text_document_position_params.position);
    let Some(found) = ide::hover(here.unit, here.file.id, offset) else {
        return Ok(Value::Null);
    };
    json(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: found.markdown,
        }),
        range: Some(here.text().range(found.span.start, found.span.end)),
    })
}

fn completion(here: &Here<'_>, p: lsp::CompletionParams) -> Result<Value, String> {
    let offset = here.offset(p.text_document_position.position);
    let items: Vec<lsp::CompletionItem> = ide::completions(here.unit, here.file.id, offset)
        .into_iter()
        .map(convert::completion)
        .collect();
    json(lsp::CompletionResponse::Array(items))
}

fn definition(here: &Here<'_>, p: lsp::GotoDefinitionParams) -> Result<Value, String> {
    let offset = here.offset(p.text_document_position_params.position);
    let found = ide::definition(here.unit, here.file.id, offset)
        .and_then(|span| convert::location(here.unit, span));
    match found {
        Some(location) => json(lsp::GotoDefinitionResponse::Scalar(location)),
        None => Ok(Value::Null),
    }
}

fn references(here: &Here<'_>, p: lsp::ReferenceParams) -> Result<Value, String> {
    let offset = here.offset(p.text_document_position.position);
    let declaration = p.context.include_declaration;
    let found: Vec<lsp::Location> = ide::references(here.unit, here.file.id, offset, declaration)
        .into_iter()
        .filter_map(|span| convert::location(here.unit, span))
        .collect();
    json(found)
}

fn rename(here: &Here<'_>, p: lsp::RenameParams) -> Result<Value, String> {
    let offset = here.offset(p.text_document_position.position);
    let edits =
        ide::rename(here.unit, here.file.id, offset, &p.new_name).map_err(|e| e.to_string())?;
    json(convert::workspace_edit(here.unit, &edits))
}

fn formatting(here: &Here<'_>, _: lsp::DocumentFormattingParams) -> Result<Value, String> {
    // A file with syntax errors is not formatted (as `policyc fmt`).
    let Ok(formatted) = crate::fmt::format(here.file) else {
        return Ok(Value::Null);
    };
    if formatted == here.file.text {
        return json(Vec::<lsp::TextEdit>::new());
    }
    let whole = here.text().range(0, here.file.text.len());
    json(vec![lsp::TextEdit::new(whole, formatted)])
}

fn code_action(here: &Here<'_>, p: lsp::CodeActionParams) -> Result<Value, String> {
    let text = here.text();
    let (start, end) = (text.offset(p.range.start), text.offset(p.range.end));
    let touches = |span: Span| span.file == here.file.id && span.start <= end && start <= span.end;
    let mut out: Vec<lsp::CodeActionOrCommand> = Vec::new();
    for diagnostic in &here.unit.compiled.diagnostics {
        if !diagnostic.span.is_some_and(touches) {
            continue;
        }
        let shown = convert::diagnostic(here.unit, diagnostic, None);
        for action in ide::code_actions(here.unit, diagnostic) {
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: action.title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown.clone()]),
                edit: Some(convert::workspace_edit(here.unit, &action.edits)),
                is_preferred: Some(action.preferred),
                ..Default::default()
            }));
        }
    }
    json(out)
}

fn symbols(here: &Here<'_>, _: lsp::DocumentSymbolParams) -> Result<Value, String> {
    let found: Vec<lsp::DocumentSymbol> = ide::symbols(here.file)
        .iter()
        .map(|s| convert::symbol(here.file, s))
        .collect();
    json(lsp::DocumentSymbolResponse::Nested(found))
}

fn folding(here: &Here<'_>, _: lsp::FoldingRangeParams) -> Result<Value, String> {
    let text = here.text();
    let found: Vec<lsp::FoldingRange> = ide::folds(here.file)
        .into_iter()
        .map(|fold| {
            let range = text.range(fold.span.start, fold.span.end);
            lsp::FoldingRange {
                start_line: range.start.line,
                end_line: range.end.line,
                kind: fold.comment.then_some(lsp::FoldingRangeKind::Comment),
                ..Default::default()
            }
        })
        .filter(|f| f.end_line > f.start_line)
        .collect();
    json(found)
}

fn tokens(here: &Here<'_>, _: lsp::SemanticTokensParams) -> Result<Value, String> {
    let data = convert::semantic_tokens(here.file, &ide::tokens(here.file));
    json(lsp::SemanticTokens {
        result_id: None,
        data,
    })
}
