// Messages between the language server and its suggestion worker.

import type { ComponentStatus } from '../protocol';
import type { ScribeSettings } from '../settings';
import type { GenerateRequest } from './engine';

export interface WorkerInit {
  cacheDir: string;
  ansiblePath: string;
}

export type ToWorker =
  | { type: 'suggest'; id: number; uri: string; text: string; line: number; model: ScribeSettings['model'] }
  | { type: 'cancel'; id: number }
  | { type: 'outline'; id: number; goal: string }
  | { type: 'generate'; id: number; request: GenerateRequest }
  | { type: 'index'; id: number; root: string; files: { path: string; text: string }[] };

export type FromWorker =
  | { type: 'result'; id: number; result?: unknown; error?: string }
  | { type: 'log'; line: string }
  | { type: 'status'; status: ComponentStatus }
  | { type: 'progress'; line: string; done?: number; total?: number };
