// Messages between the language server and its suggestion worker: plain data (structured clone).

import type { FeedbackInput } from '../feedback/store';
import type { GenerateParams, ComponentStatus } from '../protocol';
import type { ScribeSettings } from '../settings';
import type { SuggestJob } from './suggestions';

export interface WorkerInit {
  cacheDir: string;
  ansiblePath: string;
  /** The workspace (first folder), whose feedback the embedded model learns from. */
  workspaceUri: string;
  /** Whether the user trusts the workspace: decides how Ansible's tools start (catalog/launch.ts). */
  trusted: boolean;
  /** The workspace folders (paths), whose playbooks and roles the worker reads and indexes at start. */
  workspaceRoots: string[];
}

type ModelSettings = ScribeSettings['model'];

export type ToWorker =
  /** The first message, once: what the worker works with. */
  | { type: 'init'; init: WorkerInit }
  | ({ type: 'suggest'; id: number } & SuggestJob)
  | { type: 'feedback'; id: number; events: FeedbackInput[] }
  | { type: 'clearFeedback'; id: number }
  | { type: 'cancel'; id: number }
  | { type: 'outline'; id: number; goal: string; model: ModelSettings }
  | {
      type: 'generate';
      id: number;
      request: GenerateParams;
      model: ModelSettings;
      policy: SuggestJob['policy'];
      databaseEnv?: string;
    }
  | { type: 'narrate'; id: number; grounded: string; fileText: string; model: ModelSettings }
  | { type: 'index'; id: number; root: string; files: { path: string; text: string }[] }
  /** The workspace's trust changed (no reply). */
  | { type: 'trust'; trusted: boolean };

export type FromWorker =
  | { type: 'result'; id: number; result?: unknown; error?: string }
  | { type: 'log'; line: string }
  | { type: 'status'; status: ComponentStatus }
  /** Where attribution comes from ('' = the local index, no shared index configured). */
  | { type: 'attribution'; line: string }
  | { type: 'progress'; line: string; done?: number; total?: number };
