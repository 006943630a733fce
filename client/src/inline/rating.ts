// Thumbs up / thumbs down on a suggestion (from the hover over AI-written text, or the Training
// Matches view): an explicit verdict for the embedded model's local learning in this workspace
// (`scribe/rate`). Nothing leaves the machine.

import * as vscode from 'vscode';
import {
  RATE_SUGGESTION_COMMAND,
  RateSuggestionRequest,
  type RateSuggestionParams,
} from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';

/** Registers the command; it resolves to whether the rating was recorded. */
export function registerRating(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(RATE_SUGGESTION_COMMAND, async (params: RateSuggestionParams) => {
    if (!params?.suggestionId || !params.textDocument?.uri || !['up', 'down'].includes(params.rating)) {
      output.warn(`${RATE_SUGGESTION_COMMAND}: not a suggestion rating: ${JSON.stringify(params)}`);
      return false;
    }
    try {
      const recorded = await send(RateSuggestionRequest, params);
      void vscode.window.setStatusBarMessage(
        recorded
          ? `Ansible Scribe: rated ${params.rating === 'up' ? 'good' : 'bad'} — suggestions like it will rank ${params.rating === 'up' ? 'higher' : 'lower'} in this workspace`
          : 'Ansible Scribe: rating not recorded (learning is off in scribe.learning.enabled, or the suggestion is no longer known)',
        5000,
      );
      return recorded;
    } catch (error) {
      output.warn(
        `Rating suggestion ${params.suggestionId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  });
}
