// Goal → outline (one step per line) with the embedded model: the steps come from the most
// similar real role or playbook file in the corpus, found by BM25 over task names, and are
// attributed at file level. A goal nothing in the corpus covers is split into steps on `,`,
// `and`, `then` instead (and says so: `sources` is empty).

import type { NameMatch } from '../attribution/attributionIndex';
import type { CorpusTask } from '../corpus/types';

export interface OutlineSource {
  collection: string;
  version: string;
  path: string;
  license: string;
  repoUrl: string;
  /** Summed BM25 score of the file's matching task names (comparable within one goal only). */
  score: number;
}

export interface Outline {
  steps: string[];
  /** The corpus files the steps came from; empty when the goal was split instead. */
  sources: OutlineSource[];
}

export interface OutlineDeps {
  index: { searchByName(text: string, k?: number, filter?: (t: CorpusTask) => boolean): NameMatch[] };
}

export const MAX_STEPS = 8;
const HITS = 60;
/** A file's task counts as a step when its score is at least this share of the file's best. */
const KEEP_SHARE = 0.5;

// Words that say what to do, not to what: a file must match the goal's other words to count.
const GENERIC = new Set(
  (
    'a an the and or then with for to of on in into from by as at up set setup install installs installed ' +
    'installing start started enable enabled ensure create add configure config configured make run deploy ' +
    'server servers service services package packages my new host hosts machine it its is be use using ' +
    'latest present running all some'
  ).split(' '),
);

export class OutlineError extends Error {}

/** The outline for a goal (throws OutlineError for an empty goal). */
export function outlineFor(goal: string, deps: OutlineDeps): Outline {
  const text = goal.trim();
  if (!text) throw new OutlineError('the goal is empty: describe what the playbook should do');
  const fromCorpus = corpusOutline(text, deps);
  return fromCorpus ?? { steps: splitGoal(text), sources: [] };
}

/** The goal's own words, split on `,`, `;`, `and`, `then` (the fallback outline). */
export function splitGoal(goal: string): string[] {
  const parts = goal
    .split(/\s*(?:[,;]|\band then\b|\bthen\b|\band\b)\s*/i)
    .map((p) => p.trim())
    .filter((p) => /[A-Za-z]/.test(p));
  // "Install and start nginx": a part that is only a verb borrows the object of the last part.
  const last = parts[parts.length - 1] ?? '';
  const object = last.split(/\s+/).slice(1).join(' ');
  const steps = parts.map((p) => (!/\s/.test(p) && object ? `${p} ${object}` : p));
  return dedupe(steps.map(capitalise)).slice(0, MAX_STEPS);
}

function corpusOutline(goal: string, deps: OutlineDeps): Outline | undefined {
  const subject = words(goal).filter((w) => !GENERIC.has(w));
  if (!subject.length) return undefined;
  const spelled = (w: string) => goal.match(new RegExp(`\\b${w}\\b`, 'i'))?.[0] ?? w;
  const hits = deps.index.searchByName(goal, HITS, (t) => t.origin === 'role' || t.origin === 'playbook');
  const byFile = new Map<string, NameMatch[]>();
  for (const h of hits) {
    const s = h.task.sources[0];
    if (!s || h.task.context.section === 'handlers') continue;
    const key = `${s.collection}\0${s.path}`;
    byFile.set(key, [...(byFile.get(key) ?? []), h]);
  }
  let best: { hits: NameMatch[]; score: number } | undefined;
  for (const fileHits of byFile.values()) {
    // Every subject word (nginx, postgresql, user, key…) must occur in the file's matching names.
    const seen = new Set(fileHits.flatMap((h) => words(h.task.name)));
    if (!subject.every((w) => seen.has(w) || seen.has(`${w}s`))) continue;
    const score = fileHits.reduce((a, h) => a + h.score, 0);
    if (!best || score > best.score) best = { hits: fileHits, score };
  }
  if (!best) return undefined;
  const top = Math.max(...best.hits.map((h) => h.score));
  const kept = best.hits
    .filter((h) => h.score >= top * KEEP_SHARE)
    .sort((a, b) => (a.task.sources[0]?.line ?? 0) - (b.task.sources[0]?.line ?? 0));
  const steps = dedupe(kept.map((h) => reword(h.task.name, subject, spelled))).slice(0, MAX_STEPS);
  if (!steps.length) return undefined;
  const s = best.hits[0].task.sources[0];
  return {
    steps,
    sources: [
      {
        collection: s.collection,
        version: s.version,
        path: s.path,
        license: s.license,
        repoUrl: s.repoUrl,
        score: Math.round(best.score * 100) / 100,
      },
    ],
  };
}

/**
 * Minimal rewording of a corpus task name into a step: drop `Section | OS |` prefixes and Jinja
 * expressions, name the subject where the task said only "service".
 */
export function reword(name: string, subject: string[], spelled: (w: string) => string = (w) => w): string {
  let s = name.split('|').pop() ?? name;
  s = s
    .replace(/\{\{.*?\}\}/g, '')
    .replace(/["'`]\s*["'`]/g, '')
    .replace(/&/g, 'and')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:]+$/, '');
  const has = words(s).some((w) => subject.includes(w));
  // A step out of its file loses the file's topic ("Create database" in postgresql.yml): name it.
  if (!has && subject.length === 1)
    s = /\bservice\b/i.test(s)
      ? s.replace(/\bservice\b/i, `${spelled(subject[0])} service`)
      : /\bfor\b/i.test(s)
        ? s
        : `${s} for ${spelled(subject[0])}`;
  return capitalise(s);
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[a-z0-9][a-z0-9_-]*/g) ?? [];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Drops a step whose words are all in an earlier step (distro variants of the same task). */
function dedupe(steps: string[]): string[] {
  const out: string[] = [];
  const sets: Set<string>[] = [];
  for (const step of steps) {
    const w = new Set(words(step));
    if (!w.size) continue;
    if (sets.some((prev) => [...w].every((x) => prev.has(x)) || [...prev].every((x) => w.has(x)))) continue;
    out.push(step);
    sets.push(w);
  }
  return out;
}
