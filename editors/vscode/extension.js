// The client: starts `policyc lsp` (the path is the `policyc.path`
// setting) for .policy and clause files, and stops it with the editor.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("policyc");
  const command = config.get("path") || "policyc";
  const docsUrl = config.get("docsUrl") || undefined;
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "policyc",
    "policyc",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "policy" }],
      initializationOptions: { docsUrl },
    }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("policyc")) {
        vscode.window.showInformationMessage(
          "policyc: reload the window to use the new settings."
        );
      }
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
