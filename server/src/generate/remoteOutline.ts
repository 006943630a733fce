// Goal → outline with a remote model (any OpenAI-compatible endpoint). Retrieval-augmented: the
// steps of the most similar licensed real role or playbook file (outline.ts) go into the prompt as
// an example, with their source. The model's steps are then attributed like any other output, by
// similarity: each step's closest real task names, summed per file. A reply with no usable steps
// falls back to the corpus outline (and says so); an endpoint error propagates as one line.
// The goal and the example's steps are redacted before the prompt is built from them (the model
// client redacts the final prompt once more). The example is never the user's workspace: the
// corpus outline takes only real role and playbook files of the training corpus.

import type { NameMatch } from '../attribution/attributionIndex';
import type { ChatMessage, TextModel } from '../model/types';
import { redact } from '../remote/redact';
import { MAX_STEPS, outlineFor, type Outline, type OutlineDeps, type OutlineSource } from './outline';

export interface RemoteOutlineDeps {
  model: TextModel;
  index: OutlineDeps['index'];
  signal?: AbortSignal;
}

export type RemoteOutline = Outline & {
  /** The model that wrote the steps. */
  model: string;
  /** One line when the steps are not the model's (it gave none usable). */
  note?: string;
};

/** Enough for 8 short steps; a model that goes on past them is cut off. */
const MAX_TOKENS = 200;
/** Closest real task names per step, and files kept as sources. */
const HITS_PER_STEP = 5;
const MAX_SOURCES = 3;
/** Longer than this is a sentence of prose, not a step. */
const MAX_STEP_CHARS = 120;
const MAX_STEP_WORDS = 16;

export const OUTLINE_SYSTEM_PROMPT =
  `You plan Ansible playbooks. Reply with an ordered list of at most ${MAX_STEPS} short imperative steps ` +
  '(e.g. "Install the nginx package"), one per line, numbered. No YAML, no code, no prose before or after the list.';

/**
 * The outline for a goal, written by `deps.model` (throws OutlineError for an empty goal). When the
 * endpoint fails or gives no usable steps, the corpus outline with a one-line `note` saying why.
 */
export async function remoteOutline(goal: string, deps: RemoteOutlineDeps): Promise<RemoteOutline> {
  // Also validates the goal (the same OutlineError as the corpus outline).
  const fromCorpus = outlineFor(goal, { index: deps.index });
  const source = fromCorpus.sources[0];
  // Only an example of known licence goes into a prompt (as for task suggestions, prompt.ts).
  const example =
    source && source.license && source.license !== 'NOASSERTION' ? { steps: fromCorpus.steps, source } : undefined;
  const clean = (text: string) =>
    redact(text)
      .text.replace(/\s*\n\s*/g, ' ')
      .trim();
  const { messages, prompt } = outlinePrompt(
    clean(goal),
    example && { steps: example.steps.map(clean), source: example.source },
  );
  const from = fromCorpus.sources.length ? 'comes from the corpus' : "is the goal's own parts";
  let text: string;
  try {
    ({ text } = await deps.model.complete(
      // A blank line or a new "Goal:" ends the list a completions model continues.
      { messages, prompt, maxTokens: MAX_TOKENS, stop: ['\n\n', '\nGoal:'] },
      deps.signal,
    ));
  } catch (e) {
    // The user still gets an outline to edit; a cancel is not a failure to explain.
    if (deps.signal?.aborted || (e instanceof Error && e.name === 'AbortError')) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    return { ...fromCorpus, model: deps.model.name, note: `${reason}; the outline ${from}` };
  }
  const steps = outlineSteps(text);
  if (!steps.length)
    return { ...fromCorpus, model: deps.model.name, note: `model endpoint gave no usable steps; the outline ${from}` };
  return { steps, sources: attribute(steps, deps.index), model: deps.model.name };
}

function outlinePrompt(
  goal: string,
  example: { steps: string[]; source: OutlineSource } | undefined,
): { messages: ChatMessage[]; prompt: string } {
  const numbered = (steps: string[]) => steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
  const shown = example
    ? [`Steps of a similar real Ansible file (from ${describeSource(example.source)}):`, numbered(example.steps), '']
    : [];
  const user = [`Goal: ${goal}`, '', ...shown, `Write the steps for the goal (at most ${MAX_STEPS}).`].join('\n');
  // The completions form ends inside the list, so the model continues it.
  const prompt = [OUTLINE_SYSTEM_PROMPT, '', ...shown, `Goal: ${goal}`, 'Steps:', '1.'].join('\n');
  return {
    messages: [
      { role: 'system', content: OUTLINE_SYSTEM_PROMPT },
      { role: 'user', content: user },
    ],
    prompt,
  };
}

/** "community.zabbix@1.9.3 roles/x/tasks/y.yml, GPL-3.0-only". */
function describeSource(s: OutlineSource): string {
  return `${s.collection}${s.version ? `@${s.version}` : ''} ${s.path}, ${s.license}`;
}

// A line that only opens or closes a code fence, a Markdown heading, a horizontal rule.
const FENCE = /^\s*(```|~~~)/;
const HEADING = /^\s*(#{1,6}\s|[-=*_]{3,}\s*$)/;
// A list marker, a number (`1.`, `1)`, `Step 1:`), or a YAML task's `- name:`.
const MARKER = /^\s*(?:[-*•+]\s+|\d{1,2}[.)]\s*|step\s+\d{1,2}\s*[:.)-]\s*)/i;
const TASK_NAME = /^\s*-\s+name:\s*/;
// `key: value` with a YAML-ish key (lower case, no spaces: `state: present`, `ansible.builtin.apt:`).
const YAML_PAIR = /^[a-z_][\w.-]*:(\s|$)/;
// How chat models open or close a list with prose.
const CHATTER = /^(sure|certainly|of course|okay|ok|here|below|note|these steps|this playbook|i )\b/i;

/** The steps in a model's reply, cleaned; [] when it holds none (prose, YAML, nothing). */
export function outlineSteps(reply: string): string[] {
  const lines = reply.split(/\r?\n/).filter((l) => !FENCE.test(l) && l.trim() !== '');
  const marked = lines.filter((l) => MARKER.test(l) || TASK_NAME.test(l)).length;
  const out: string[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const isMarked = MARKER.test(line) || TASK_NAME.test(line);
    // In a list, an unmarked line is prose around it; only the first line may be unmarked (a
    // completions reply continues the prompt's "1.").
    if (marked >= 2 && !isMarked && i > 0) return;
    const step = cleanStep(line);
    if (!step || seen.has(step.toLowerCase())) return;
    seen.add(step.toLowerCase());
    out.push(step);
  });
  return out.slice(0, MAX_STEPS);
}

/** One line as a step, or undefined when it is not one. */
function cleanStep(line: string): string | undefined {
  if (HEADING.test(line)) return undefined;
  const named = TASK_NAME.test(line);
  let s = named ? line.replace(TASK_NAME, '') : line;
  while (MARKER.test(s)) s = s.replace(MARKER, '');
  s = s.replace(/\*\*|__/g, '').trim();
  if (!named && YAML_PAIR.test(s)) return undefined;
  // "Here are the steps:", "Tasks:": an introduction, not a step.
  if (/:$/.test(s) || CHATTER.test(s)) return undefined;
  s = s
    .replace(/^(["'`])(.*)\1$/, '$2')
    .replace(/[.;,!:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/^[A-Za-z]/.test(s) || s.length > MAX_STEP_CHARS || s.split(' ').length > MAX_STEP_WORDS) return undefined;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The real role/playbook files the steps resemble most: per step its closest task names, summed per file. */
function attribute(steps: string[], index: OutlineDeps['index']): OutlineSource[] {
  const byFile = new Map<string, { hit: NameMatch; score: number }>();
  for (const step of steps)
    for (const hit of index.searchByName(step, HITS_PER_STEP, (t) => t.origin === 'role' || t.origin === 'playbook')) {
      const s = hit.task.sources[0];
      if (!s) continue;
      const key = `${s.collection}\0${s.path}`;
      const prev = byFile.get(key);
      byFile.set(key, { hit: prev?.hit ?? hit, score: (prev?.score ?? 0) + hit.score });
    }
  return [...byFile.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SOURCES)
    .map(({ hit, score }) => {
      const s = hit.task.sources[0];
      return {
        collection: s.collection,
        version: s.version,
        path: s.path,
        license: s.license,
        repoUrl: s.repoUrl,
        score: Math.round(score * 100) / 100,
      };
    });
}
