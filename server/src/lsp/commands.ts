// workspace/executeCommand: the server's own commands (SERVER_COMMANDS), so any LSP editor records
// what the user did with a suggestion — inline items carry the accept command when the client does
// not run its own (only the VS Code extension does). The arguments are checked: a command from a
// client is untrusted input.

import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  insertedRange,
  SERVER_COMMANDS,
  type AcceptSuggestionArgs,
  type RateSuggestionParams,
  type RejectSuggestionParams,
} from '../protocol';
import type { LearningFeature } from './learningRequests';
import type { ProvenanceFeature } from './provenanceRequests';

export function registerServerCommands(
  connection: Connection,
  features: { provenance: ProvenanceFeature; learning: LearningFeature },
): void {
  connection.onExecuteCommand(async (params) => {
    const arg = (params.arguments ?? [])[0] as Record<string, unknown> | undefined;
    const text = (k: string) => (arg && typeof arg[k] === 'string' ? (arg[k] as string) : undefined);
    const suggestionId = text('suggestionId');
    if (!suggestionId) throw invalid(params.command, 'a suggestionId');
    switch (params.command) {
      case SERVER_COMMANDS.accept: {
        const a = arg as unknown as AcceptSuggestionArgs;
        if (!text('uri') || typeof a.insertText !== 'string' || !a.range?.start)
          throw invalid(params.command, 'uri, range and insertText');
        // The editor has inserted the item's text at its range: the record covers where it landed.
        const range = insertedRange(a.range.start, a.insertText);
        return features.provenance.accept({ suggestionId, textDocument: { uri: a.uri }, range });
      }
      case SERVER_COMMANDS.reject: {
        const r = arg as unknown as RejectSuggestionParams;
        if (!r.textDocument?.uri || !['replaced', 'closed', 'dismissed'].includes(r.reason))
          throw invalid(params.command, "textDocument and a reason ('replaced', 'closed' or 'dismissed')");
        return features.learning.reject(r);
      }
      case SERVER_COMMANDS.rate: {
        const r = arg as unknown as RateSuggestionParams;
        if (!r.textDocument?.uri || (r.rating !== 'up' && r.rating !== 'down'))
          throw invalid(params.command, "textDocument and a rating ('up' or 'down')");
        return features.learning.rate(r);
      }
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    }
  });
}

function invalid(command: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${command} needs ${what}`);
}
