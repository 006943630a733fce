// A corpus task as a row of the shared index, and a row back as a corpus task.
//
// The features and band keys are the local index's own (attribution/: canonicalFromCorpus,
// featuresOf, bandKeys), split by part so SQL can score them: module (one feature or none), option
// keys, `path=value` pairs, name tokens. A band key is stored with its band number in the high
// 32 bits, so one GIN index over int8[] answers "shares a bucket in any band". Features are 32-bit
// unsigned in JS, int4 (the same bits) in the database.

import { createHash } from 'node:crypto';
import { featuresOf } from '../attribution/features';
import { BANDS, bandKeys } from '../attribution/minhash';
import { canonicalFromCorpus, type CanonicalTask, type ModuleResolver } from '../attribution/normalise';
import { SCHEMA as FEATURE_SCHEMA } from '../attribution/serialize';
import type { CorpusTask, Provenance } from '../corpus/types';

/** The feature set of one task, split by part (features.ts: the top two bits name the part). */
export interface SplitFeatures {
  /** The module feature as int4, or null when the task names no module. */
  module: number | null;
  keys: number[];
  values: number[];
  names: number[];
  /** BANDS keys, `band · 2^32 + key`. */
  bands: number[];
}

const asInt4 = (x: number) => x | 0;
const bySigned = (a: number, b: number) => a - b;

export function splitFeatures(features: Uint32Array): SplitFeatures {
  const parts: number[][] = [[], [], [], []];
  for (const f of features) parts[f >>> 30].push(asInt4(f));
  const keys = new Uint32Array(BANDS);
  bandKeys(features, 0, features.length, keys);
  return {
    module: parts[0].length ? parts[0][0] : null,
    keys: parts[1].sort(bySigned),
    values: parts[2].sort(bySigned),
    names: parts[3].sort(bySigned),
    bands: Array.from(keys, (k, b) => b * 2 ** 32 + k),
  };
}

export function featuresOfCanonical(c: CanonicalTask): SplitFeatures {
  return splitFeatures(featuresOf(c));
}

/** The row fields of a task (what `push` writes). */
export interface TaskRow {
  taskId: string;
  contentHash: string;
  task: CorpusTask;
  normalised: string;
  license: string;
  licenses: string[];
  features: SplitFeatures;
}

/**
 * Hash of everything stored for a task, and of the feature scheme (attribution/serialize.ts SCHEMA
 * changes when hashing does): a re-push skips a task whose hash is unchanged.
 */
export function contentHash(task: CorpusTask): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify([
      FEATURE_SCHEMA,
      task.id,
      task.name,
      task.module,
      task.fqcn,
      task.text,
      task.args,
      task.keywords,
      task.origin,
      task.context,
      task.sources,
      task.split,
    ]),
  );
  return h.digest('base64url');
}

/** The row of `task`; `hash` when its content hash is already known. */
export function taskRow(task: CorpusTask, resolve: ModuleResolver, hash = contentHash(task)): TaskRow {
  const canonical = canonicalFromCorpus(task, resolve);
  const licenses = [...new Set(task.sources.map((s) => s.license || 'NOASSERTION'))];
  return {
    taskId: task.id,
    contentHash: hash,
    task,
    normalised: JSON.stringify(canonical),
    license: task.sources[0]?.license || 'NOASSERTION',
    licenses: licenses.length ? licenses : ['NOASSERTION'],
    features: featuresOfCanonical(canonical),
  };
}

/** The columns a search reads to rebuild the task. */
export const TASK_COLUMNS =
  'slot, task_id, name, module, fqcn, text, origin, split, args, keywords, context, sources' as const;

export interface TaskRecord {
  slot: string;
  task_id: string;
  name: string;
  module: string;
  fqcn: string;
  text: string;
  origin: CorpusTask['origin'];
  split: CorpusTask['split'];
  args: Record<string, unknown>;
  keywords: Record<string, unknown>;
  context: CorpusTask['context'];
  sources: Provenance[];
}

export function taskOfRecord(r: TaskRecord): CorpusTask {
  return {
    id: r.task_id,
    name: r.name,
    module: r.module,
    fqcn: r.fqcn,
    text: r.text,
    args: r.args,
    keywords: r.keywords,
    origin: r.origin,
    context: r.context,
    sources: r.sources,
    split: r.split,
  };
}

/** An int4[] / int8[] literal for a text[] parameter cast per row (`unnest($1::text[])::int4[]`). */
export function arrayLiteral(xs: readonly number[]): string {
  return `{${xs.join(',')}}`;
}
