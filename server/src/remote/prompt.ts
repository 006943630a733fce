// The prompt a remote model gets for one TaskRequest: the file's context trimmed to the enclosing
// play and the nearest tasks within a character budget, plus retrieval-augmented few-shot examples
// (the top licensed corpus tasks for the description, chosen by the caller). Two forms: a
// completions prompt that ends with the `- name: <description>` line, so the model continues the
// task body, and chat messages. Everything in it is redacted before it is built (the file, the
// description, each example, the context lines), and the model client redacts the final prompt once
// more. Above the file, a few comment lines carry what the trimmed file may no longer show: the
// modules already used (the file's habits), the variables in scope (so values use them, not another
// project's), and the collections in use, within their own character budget. Tasks of
// the user's own workspace (the attribution index holds them) are examples only when the user
// opted in (`scribe.model.workspaceExamples`): they may be files the user never opened.

import { allTasks } from '../document/model';
import { parseAnsibleDocument } from '../document/parse';
import type { CorpusTask } from '../corpus/types';
import type { CorpusMatch } from '../attribution/attributionIndex';
import type { ChatMessage, TaskRequest } from '../model/types';
import { redact } from './redact';

export interface TaskPrompt {
  /** For /v1/completions: examples as comments, the trimmed file, then the `- name:` line. */
  completion: string;
  /** For /v1/chat/completions. */
  messages: ChatMessage[];
  /** How many examples made it in. */
  examples: number;
  /** Column of the `- name:` line; a completion stops at the next task in that list. */
  indent: number;
  /** Secrets replaced in the file, the description and the examples. */
  redactions: number;
  /** The replaced values (for the model client to scrub anything else it sends). */
  secrets: string[];
}

export interface PromptOptions {
  /** Characters of file context at most (default 2,000). */
  contextBudget?: number;
  /** Few-shot examples at most (default 3). */
  maxExamples?: number;
  /** Tasks of the user's workspace may be examples (default false: only corpus tasks). */
  workspaceExamples?: boolean;
  /**
   * Characters at most (about 4 a token) for the context lines: modules used, variables in scope,
   * collections in use (default 600; 0: none).
   */
  hintBudget?: number;
}

/** The context lines' labels, in the order they take their share of the budget. */
const HINTS = [
  { label: 'Modules already used here', share: 0.35 },
  { label: 'Variables in scope', share: 0.45 },
  { label: 'Collections in use', share: 0.2 },
] as const;

/**
 * Variables whose name shares a word with the description first (`nginx_user` for "Create the
 * nginx user"), then the rest in the request's order: when the budget cuts, the fitting ones stay.
 */
function byRelevance(variables: string[], description: string): string[] {
  const words = new Set((description.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).map((w) => w.slice(0, 5)));
  const score = (v: string) =>
    v
      .toLowerCase()
      .split(/[_\W]+/)
      .filter((p) => p.length >= 3 && words.has(p.slice(0, 5))).length;
  return variables
    .map((v, i) => ({ v, i, s: score(v) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.v);
}

/**
 * `label: a, b, c` for each non-empty list, as many items as fit the line's share of `budget`
 * (modules most recent first; variables fitting the description first; collections as the request lists them).
 */
export function contextHints(req: TaskRequest, budget: number): string[] {
  const lists = [
    [...new Set([...req.context.previousModules].reverse())],
    byRelevance([...new Set(req.context.variables)], req.description),
    [...new Set(req.context.collectionsInUse)],
  ];
  const out: string[] = [];
  HINTS.forEach(({ label, share }, i) => {
    const items = lists[i];
    const room = Math.floor(budget * share);
    const fit = (width: number): number => {
      let size = label.length + 2;
      let n = 0;
      for (const item of items) {
        size += (n ? 2 : 0) + item.length;
        if (size > width) break;
        n++;
      }
      return n;
    };
    let shown = fit(room);
    // Not all fit: keep room for saying how many were left out.
    if (shown < items.length) shown = fit(room - ` (+${items.length} more)`.length);
    if (!shown) return;
    const rest = items.length - shown;
    out.push(`${label}: ${items.slice(0, shown).join(', ')}${rest ? ` (+${rest} more)` : ''}`);
  });
  return out;
}

export const SYSTEM_PROMPT =
  'You write one Ansible task body for the task name the user gives: the module under its fully ' +
  'qualified collection name (e.g. ansible.builtin.copy) with its arguments, and task keywords ' +
  '(when, loop, notify, become…) only when the name asks for them. Reply with YAML only: no prose, ' +
  'no code fences, no "- name:" line.';

/** A retrieved corpus task: an attribution match, a name-search hit (`{task, score}`) or the task itself. */
export type PromptExample = CorpusMatch | { task: CorpusTask; score: number } | CorpusTask;
type Example = PromptExample;

const taskOf = (e: Example): CorpusTask => ('task' in e ? e.task : e);

/**
 * Only examples whose licence is known go into a prompt: the output is attributed to what it
 * resembles, and an example of unknown licence cannot be vouched for.
 */
function licensed(e: Example): boolean {
  const t = taskOf(e);
  const licence = 'license' in e ? e.license : (t.sources[0]?.license ?? '');
  return !!licence && licence !== 'NOASSERTION' && !!t.name && !!t.fqcn;
}

/** A task of the user's own workspace (indexed for attribution), not of the training corpus. */
export function isWorkspaceTask(t: CorpusTask): boolean {
  return t.origin === 'workspace' || t.sources.some((s) => s.source === 'workspace');
}

export function buildPrompt(req: TaskRequest, examples: readonly Example[], options: PromptOptions = {}): TaskPrompt {
  const budget = options.contextBudget ?? 2000;
  let redactions = 0;
  const secrets: string[] = [];
  const clean = (text: string): string => {
    const r = redact(text);
    redactions += r.count;
    secrets.push(...r.secrets);
    return r.text;
  };
  const chosen = examples
    .filter(licensed)
    .filter((e) => options.workspaceExamples === true || !isWorkspaceTask(taskOf(e)))
    .slice(0, options.maxExamples ?? 3)
    .map(taskOf);
  // Redacted before anything is built from it.
  const fileText = clean(req.context.fileText ?? '');
  const description = clean(req.description).replace(/\s*\n\s*/g, ' ');
  const context = trimContext(fileText, budget);
  // The request stage knows where the task goes; only hand-built requests make us parse the file.
  const indent = req.context.listIndent ?? descriptionIndent(fileText, req.context.section);
  const nameLine = `${' '.repeat(indent)}- name: ${yamlScalar(description)}`;
  const exampleYaml = chosen.map((t) => asListItem(clean(t.text)));
  const hints = contextHints(req, options.hintBudget ?? 600).map(clean);

  const head = chosen.length
    ? [
        '# Similar tasks from licensed Ansible content:',
        ...exampleYaml.flatMap((y) => ['#', ...y.split('\n').map((l) => `# ${l}`)]),
        '#',
      ]
    : [];
  if (hints.length) head.push(...hints.map((h) => `# ${h}`));
  const file = context.trim() ? context.replace(/\n*$/, '\n') : '---\n';
  const completion = `${head.length ? head.join('\n') + '\n' : ''}${file}${nameLine}\n`;

  const user: string[] = [];
  if (chosen.length)
    user.push('Similar tasks from licensed Ansible content:', '```yaml', exampleYaml.join('\n'), '```', '');
  if (hints.length) user.push(...hints, '');
  user.push('The file so far:', '```yaml', `${file}${nameLine}`, '```', '');
  user.push(`Write the body of the last task (${JSON.stringify(description)}).`);
  return {
    completion,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: user.join('\n') },
    ],
    examples: chosen.length,
    indent,
    redactions,
    secrets,
  };
}

/** A corpus task's text (`name: …` mapping at indent 0) as a `- ` list item. */
function asListItem(text: string): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l, i) => (i === 0 ? `- ${l}` : l ? `  ${l}` : l))
    .join('\n');
}

/** A description as a YAML scalar: plain when safe, double-quoted otherwise. */
export function yamlScalar(s: string): string {
  return /^[A-Za-z0-9(/][^#]*$/.test(s) && !/:(\s|$)|\s$|[{}[\]]/.test(s) ? s : JSON.stringify(s);
}

const SECTION_KEY = /^(\s*)(-\s+)?(tasks|handlers|pre_tasks|post_tasks|block|rescue|always)\s*:\s*(#.*)?$/;

/** The column of the `- ` that the next task of `section` takes after `fileText`. */
export function descriptionIndent(fileText: string, section: TaskRequest['context']['section']): number {
  if (!fileText.trim()) return 0;
  const doc = parseAnsibleDocument('file:///prompt-context.yml', fileText);
  let last: number | undefined;
  for (const t of allTasks(doc)) {
    if (t.section !== section) continue;
    const line = doc.lines.positionAt(t.span.start).line;
    const text = doc.lines.lineText(line);
    const dash = text.indexOf('-');
    if (dash >= 0 && dash < t.indent) last = dash;
  }
  if (last !== undefined) return last;
  const lines = fileText.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = SECTION_KEY.exec(lines[i]);
    if (m) return m[1].length + (m[2]?.length ?? 0) + 2;
  }
  return 0;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * The enclosing play (or the whole task file) when it fits the budget; otherwise the play's
 * first line and short header keys, its task-list key, and as many of the nearest tasks as fit,
 * cut only where a list item starts at the shallowest indentation of everything after it (so
 * the kept text is still YAML).
 */
export function trimContext(fileText: string, budget: number): string {
  const lines = fileText.replace(/\n$/, '').split('\n');
  const isPlaybook = lines.some((l) => /^(-\s+|\s+)hosts\s*:/.test(l) || /^-\s+(import_playbook)\s*:/.test(l));
  let start = 0;
  if (isPlaybook) {
    for (let i = lines.length - 1; i >= 0; i--)
      if (/^-\s/.test(lines[i])) {
        start = i;
        break;
      }
  }
  const play = lines.slice(start);
  const joined = play.join('\n');
  if (joined.length <= budget) return joined;

  const head: string[] = [];
  let sectionAt = -1;
  if (isPlaybook) {
    for (let i = play.length - 1; i > 0; i--)
      if (SECTION_KEY.test(play[i]) && indentOf(play[i]) <= 2) {
        sectionAt = i;
        break;
      }
    head.push(play[0]);
    const keyIndent = play.length > 1 ? Math.max(2, indentOf(play[1])) : 2;
    for (let i = 1; i < (sectionAt < 0 ? 0 : sectionAt); i++) {
      const l = play[i];
      // Short scalar header keys (name, hosts, become …), not vars blocks.
      if (indentOf(l) === keyIndent && /^\s*[\w.]+\s*:\s*\S/.test(l) && l.length <= 100) head.push(l);
    }
    if (sectionAt > 0) head.push(play[sectionAt]);
  }
  const headText = head.join('\n');
  const rest = play.slice(sectionAt > 0 ? sectionAt + 1 : isPlaybook ? 1 : 0);
  const room = budget - headText.length - 1;
  let cut = rest.length;
  let minIndent = Infinity;
  let size = 0;
  for (let i = rest.length - 1; i >= 0; i--) {
    size += rest[i].length + 1;
    if (size > room) break;
    if (isContent(rest[i])) minIndent = Math.min(minIndent, indentOf(rest[i]));
    if (/^\s*-\s/.test(rest[i]) && indentOf(rest[i]) === minIndent) cut = i;
  }
  const tail = rest.slice(cut);
  return [headText, ...tail].filter((l, i) => i > 0 || l !== '').join('\n');
}
