// Outline steps → tasks through the editor's multi-task pipeline: the steps become `# a & b & c`
// comments (at most MAX_PARTS each) in the file being generated, one after another, so each chunk
// sees the tasks generated before it as context (previous modules, variables), as in the editor.

import type { CorpusMatch } from '../attribution/attributionIndex';
import { parseAnsibleDocument } from '../document/parse';
import { taskMappings } from '../document/taskText';
import type { PolicyDecision } from '../policy/licencePolicy';
import type { AttributionMatch } from '../provenance/types';
import { matchJson } from '../suggest/json';
import { licenceStage } from '../suggest/licence';
import { suggestAt, type SuggestDeps } from '../suggest/pipeline';
import { MAX_PARTS } from '../suggest/trigger';

export type GenerateDeps = SuggestDeps;

export interface GeneratedTask {
  step: string;
  fqcn: string;
  confidence: number;
  /** The whole task as placed in the file (`- name: step` and its body). */
  text: string;
  /** The training examples the model built the task from. */
  drewOn: CorpusMatch[];
  /** The corpus tasks closest to the output (how a remote model's output is attributed). */
  similar: CorpusMatch[];
  /** The task's training matches as the licence policy judged them, and its decision. */
  matches: AttributionMatch[];
  policy: PolicyDecision;
  /** What the output policy removed from the model's task (suggest/outputPolicy.ts). */
  notes: string[];
  /** Which index the matches came from, with a shared index configured (Suggestion.attributedBy). */
  attributedBy?: string;
}

export interface GeneratedTasks {
  tasks: GeneratedTask[];
  /** Steps the model had no answer for, or a chunk the pipeline refused (with its reason). */
  problems: string[];
}

/** A step as one part of a `# a & b` comment: no `&`, not mistakable for commented-out YAML. */
export function asDescription(step: string): string {
  return step
    .replace(/&/g, 'and')
    .replace(/^[\s#-]+/, '')
    .replace(/^([\w.-]+)\s*:/, '$1 -')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Generates one task per step below `header` (the file so far: a play up to `tasks:`, or nothing
 * for a role task file), with the comments at column `indent`.
 */
export async function tasksForSteps(
  steps: readonly string[],
  file: { uri: string; header: string; indent: number },
  deps: GenerateDeps,
): Promise<GeneratedTasks> {
  const wanted = steps.map(asDescription).filter((s) => /[A-Za-z0-9]/.test(s));
  const tasks: GeneratedTask[] = [];
  const problems: string[] = [];
  let text = file.header;
  for (let i = 0; i < wanted.length; i += MAX_PARTS) {
    const chunk = wanted.slice(i, i + MAX_PARTS);
    const line = text.split('\n').length - 1;
    const doc = parseAnsibleDocument(file.uri, `${text}${' '.repeat(file.indent)}# ${chunk.join(' & ')}\n`);
    const result = await suggestAt(doc, line, deps);
    if ('reason' in result) {
      problems.push(result.reason);
      continue;
    }
    for (const d of result.unanswered) problems.push(`no task for "${d}": nothing in the corpus fits`);
    for (const t of result.tasks)
      tasks.push({
        step: t.request.description,
        fqcn: t.fqcn,
        confidence: t.confidence,
        text: t.text,
        drewOn: t.drewOn,
        similar: t.similar,
        notes: t.notes,
        ...(result.attributedBy && { attributedBy: result.attributedBy }),
        // Each task is kept (and recorded) on its own, so each is judged on its own.
        ...licenceStage([{ drewOn: t.drewOn.map(matchJson), similar: t.similar.map(matchJson) }], deps.policy),
      });
    text += result.insertText;
  }
  return { tasks, problems };
}

/** The parsed task mappings (for notify/become/variables); a task that does not parse is skipped. */
export function taskMaps(tasks: readonly GeneratedTask[]): Record<string, unknown>[] {
  return tasks.flatMap((t) => taskMappings(t.text).slice(0, 1));
}

/** YAML plain scalar when safe, else a JSON (double-quoted) string. */
export function yamlString(s: string): string {
  return /^[A-Za-z0-9][\w .,()/+-]*$/.test(s) && !/[ ]$/.test(s) && !/^(true|false|yes|no|null|on|off)$/i.test(s)
    ? s
    : JSON.stringify(s);
}
