// The corpus on disk: `manifest.json` (CorpusManifest) and `tasks.bin`, the columns of
// compactCorpus.ts. Written to temporary names and renamed, the manifest last, so a reader never
// sees half a corpus. Loading reads the columns and keeps the file open for the tasks' texts.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactCorpus, encodeCorpus } from './compactCorpus';
import type { CorpusManifest, CorpusTask } from './types';

/** Bump when the stored form or what is extracted changes: older caches are rebuilt. */
export const corpusSchema = 3; // 2: columns in one binary file (tasks.bin) instead of JSON lines; 3: texts in their own area, read from the file

const tasksFile = 'tasks.bin';
const manifestFile = 'manifest.json';

export function saveCorpus(dir: string, tasks: readonly CorpusTask[], manifest: CorpusManifest): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, tasksFile), encodeCorpus(tasks, corpusSchema));
  writeAtomic(join(dir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
}

function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The manifest of a stored corpus, or undefined when there is none (or of another schema). */
export function readManifest(dir: string): CorpusManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, manifestFile), 'utf8')) as CorpusManifest;
    return m.schema === corpusSchema ? m : undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedCorpus {
  manifest: CorpusManifest;
  /** Stored tasks (compactCorpus.ts): read-only views of the file's columns. */
  tasks: readonly CorpusTask[];
  /** The task with this id, or undefined. */
  byId(id: string): CorpusTask | undefined;
}

/** Reads a stored corpus; throws with a one-line reason when it is missing or unreadable. */
export function loadCorpus(dir: string): LoadedCorpus {
  const manifest = readManifest(dir);
  if (!manifest) throw new Error(`no corpus (schema ${corpusSchema}) in ${dir}`);
  let corpus: CompactCorpus;
  try {
    corpus = CompactCorpus.open(join(dir, tasksFile), corpusSchema);
  } catch (e) {
    throw new Error(`corpus in ${dir} is unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { manifest, tasks: corpus.tasks, byId: (id) => corpus.byId(id) };
}
