// What the user did with suggestions (accept, reject, ignore, thumbs up/down), kept per workspace
// in one local JSON file so the embedded model can learn from it (feedback/reranker.ts). Nothing
// here is ever sent anywhere: the file is the only place the events go.
//
// The file is private and holds no secrets: an option's value under a sensitive name (password,
// token, secret, api_key… as remote/redact.ts judges names) is stored as null, "not remembered"
// (a file written by an older version is redacted when it is read); the file is mode 0600 in a
// folder of mode 0700; a write is a temporary file (0600), fsync, rename over the file, fsync of
// the folder, so a crash leaves the old file or the new one, never half of one; temporary files
// left by a writer that died are removed when the store opens.

import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemporaries, tighten, writePrivateFileSync } from '../privateFile';
import { isSensitiveKey } from '../remote/redact';

export type FeedbackKind = 'accept' | 'reject' | 'ignore' | 'thumbsUp' | 'thumbsDown';

/** An option's value as remembered: scalars only (lists, mappings and long text become null). */
export type FeedbackValue = string | number | boolean | null;

export interface FeedbackEvent {
  kind: FeedbackKind;
  /** The task's description (its name, or the comment it was written from). */
  description: string;
  /** The suggested module (or, for an accept, the module the user kept). */
  fqcn: string;
  args: Record<string, FeedbackValue>;
  /** Milliseconds since the epoch. */
  time: number;
}

/** What a caller records; `time` defaults to now, args may hold any YAML value. */
export interface FeedbackInput {
  kind: FeedbackKind;
  description: string;
  fqcn: string;
  args?: Record<string, unknown>;
  time?: number;
}

/** What the re-ranker reads: a store, or a plain list in tests and the replay benchmark. */
export interface FeedbackSource {
  events(): readonly FeedbackEvent[];
}

export interface FeedbackStoreOptions {
  /** Where the events live; undefined keeps them in memory only. */
  file?: string;
  /** Oldest events are dropped beyond this many (default 5000). */
  maxEvents?: number;
  /** One line per problem (an unreadable or corrupt file); default: silent. */
  log?: (line: string) => void;
}

const FORMAT = 'scribe-feedback';
const VERSION = 1;
const KINDS = new Set<FeedbackKind>(['accept', 'reject', 'ignore', 'thumbsUp', 'thumbsDown']);
/** Longer values are an entity or a script, never a preference worth learning; they are not stored. */
const MAX_VALUE_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 500;

interface StoredFile {
  format: typeof FORMAT;
  version: number;
  events: FeedbackEvent[];
}

/** The feedback file of a workspace under the server's cache root (one file per workspace URI). */
export function workspaceFeedbackFile(cacheRoot: string, workspaceUri: string): string {
  const key = createHash('sha256').update(workspaceUri).digest('hex').slice(0, 16);
  return join(cacheRoot, 'feedback', `${key}.json`);
}

function storedValue(v: unknown): FeedbackValue {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= MAX_VALUE_CHARS ? v : null;
  return null;
}

/**
 * The args with every value under a sensitive name redacted (the same object when nothing was):
 * the option is remembered, its value is null — "not remembered", as for lists and long text, so
 * the re-ranker never replays it (a placeholder would end up in a suggestion as a literal).
 */
function redactArgs(args: Record<string, FeedbackValue>): Record<string, FeedbackValue> {
  let out: Record<string, FeedbackValue> | undefined;
  for (const [k, v] of Object.entries(args)) {
    if (v === null || !isSensitiveKey(k)) continue;
    out ??= { ...args };
    out[k] = null;
  }
  return out ?? args;
}

function normalise(input: FeedbackInput, now: number): FeedbackEvent {
  const args: Record<string, FeedbackValue> = {};
  for (const [k, v] of Object.entries(input.args ?? {})) args[k] = storedValue(v);
  return {
    kind: input.kind,
    description: input.description.slice(0, MAX_DESCRIPTION_CHARS),
    fqcn: input.fqcn,
    args: redactArgs(args),
    time: input.time ?? now,
  };
}

function isEvent(x: unknown): x is FeedbackEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    KINDS.has(e.kind as FeedbackKind) &&
    typeof e.description === 'string' &&
    typeof e.fqcn === 'string' &&
    typeof e.time === 'number' &&
    typeof e.args === 'object' &&
    e.args !== null &&
    !Array.isArray(e.args)
  );
}

export class FeedbackStore implements FeedbackSource {
  private list: FeedbackEvent[] = [];
  private readonly maxEvents: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: FeedbackStoreOptions = {}) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 5000);
    this.log = options.log ?? (() => undefined);
    this.load();
  }

  get file(): string | undefined {
    return this.options.file;
  }

  events(): readonly FeedbackEvent[] {
    return this.list;
  }

  /** Adds one event and writes the file (events are user-paced: a few a minute at most). */
  record(input: FeedbackInput): FeedbackEvent {
    const event = normalise(input, Date.now());
    this.list.push(event);
    if (this.list.length > this.maxEvents) this.list.splice(0, this.list.length - this.maxEvents);
    this.save();
    return event;
  }

  /** Forgets everything learned in this workspace (the "clear learned data" command). */
  clear(): void {
    this.list = [];
    if (this.options.file) rmSync(this.options.file, { force: true });
  }

  private load(): void {
    const file = this.options.file;
    if (!file) return;
    removeStaleTemporaries(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`feedback: cannot read ${file}: ${String(e)}`);
      return;
    }
    try {
      const data = JSON.parse(text) as Partial<StoredFile>;
      if (data.format !== FORMAT || !Array.isArray(data.events)) throw new Error('not a feedback file');
      if (data.version !== VERSION) throw new Error(`version ${String(data.version)}, expected ${VERSION}`);
      const events = data.events.filter(isEvent).slice(-this.maxEvents);
      this.list = events.map((e) => {
        const args = redactArgs(e.args);
        return args === e.args ? e : { ...e, args };
      });
      // A file from before redaction: rewrite it without its secrets (and private) now.
      if (this.list.some((e, i) => e !== events[i])) this.save();
      else tighten(file, 0o600);
    } catch (e) {
      // Keep the bad file for inspection rather than overwrite it on the next event.
      this.log(`feedback: ${file} is unreadable (${e instanceof Error ? e.message : String(e)}); starting empty`);
      try {
        renameSync(file, `${file}.corrupt`);
        tighten(`${file}.corrupt`, 0o600);
      } catch {
        // Nothing more to do: the next save replaces it.
      }
    }
  }

  /** Atomic: a reader sees the old file or the new one, never half of one. */
  private save(): void {
    const file = this.options.file;
    if (!file) return;
    const data: StoredFile = { format: FORMAT, version: VERSION, events: this.list };
    try {
      writePrivateFileSync(file, JSON.stringify(data));
    } catch (e) {
      this.log(`feedback: cannot write ${file}: ${String(e)}`);
    }
  }
}
