// Messages between the language server and its suggestion worker.

import type { ComponentStatus } from '../protocol';
import type { ScribeSettings } from '../settings';
import type { FeedbackInput } from '../feedback/store';
import type { GenerateRequest } from './engine';

export interface WorkerInit {
  cacheDir: string;
  ansiblePath: string;
  /** The workspace (first folder), whose feedback the embedded model learns from. */
  workspaceUri: string;
}

export type ToWorker =
  | {
      type: 'suggest';
      id: number;
      uri: string;
      text: string;
      line: number;
      model: ScribeSettings['model'];
      learning: boolean;
    }
  | { type: 'feedback'; id: number; events: FeedbackInput[] }
  | { type: 'clearFeedback'; id: number }
  | { type: 'cancel'; id: number }
  | { type: 'outline'; id: number; goal: string; model: ScribeSettings['model'] }
  | { type: 'generate'; id: number; request: GenerateRequest; model: ScribeSettings['model'] }
  | { type: 'narrate'; id: number; grounded: string; fileText: string; model: ScribeSettings['model'] }
  | { type: 'index'; id: number; root: string; files: { path: string; text: string }[] };

export type FromWorker =
  | { type: 'result'; id: number; result?: unknown; error?: string }
  | { type: 'log'; line: string }
  | { type: 'status'; status: ComponentStatus }
  | { type: 'progress'; line: string; done?: number; total?: number };
