// Activation wiring only: each part lives in its own file.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerRating } from './inline/rating';
import { SuggestionTracker } from './inline/suggestionTracker';
import { registerExplainCommand } from './explain/explainCommand';
import { registerGenerateCommands } from './generate/generateCommands';
import { registerProvenanceCommands } from './provenance/provenanceCommands';
import { TrainingMatchesView } from './views/trainingMatches';
import { registerLanguageDetection } from './languageDetection';
import { ScribeServer, type SendRequest } from './languageClient';
import { ScribeStatusBar } from './statusBar';

// Kept at module level only because deactivate() must await the server's shutdown;
// VS Code does not await disposables pushed to context.subscriptions.
let server: ScribeServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Ansible Scribe', { log: true });
  context.subscriptions.push(output);

  const statusBar = new ScribeStatusBar();
  context.subscriptions.push(statusBar);

  server = new ScribeServer(context, output, statusBar);
  context.subscriptions.push(registerCommands(server, output), registerLanguageDetection(output));

  // Inline suggestions: acceptance/rejection, their training matches, provenance commands.
  const running = server;
  const send: SendRequest = (type, params) => running.request(type, params);
  const tracker = new SuggestionTracker(send, output);
  const matches = new TrainingMatchesView(send);
  server.inlineMiddleware = tracker.middleware;
  context.subscriptions.push(
    tracker,
    matches,
    tracker.onDidShow((shown) => void matches.show(shown)),
    tracker.onDidAccept((accepted) => void matches.show(accepted, 'accepted')),
    registerRating(send, output),
    tracker.onDidChangeWorking((working) => statusBar.showModelWorking(working)),
    registerProvenanceCommands(send, output),
    registerExplainCommand(send, output),
    registerGenerateCommands(send, output),
    // Restricted Mode: no linter runs until the user trusts the workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void running.trustGranted()),
  );

  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
