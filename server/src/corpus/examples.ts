// The tasks of one module's EXAMPLES: its YAML documents, each a task list, a playbook, or a mix
// of both (tasks, then a play that shows the module in context; plays without `hosts:`). Runs of
// plays and runs of tasks are parsed separately, in order. Broken documents are skipped and
// counted, never fatal.

import { isMap, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parseAnsibleDocument } from '../document/parse';
import { extractExamples } from './examplesSource';
import { extractTasks, type ExtractedTask, type FileState, type ModuleResolver } from './extract';

export interface ExamplesOutcome {
  tasks: ExtractedTask[];
  /** No EXAMPLES assignment, or one that is not a single string literal. */
  examples: 'found' | 'none' | 'unsupported';
  /** YAML documents of the EXAMPLES that failed to parse. */
  brokenDocuments: number;
}

const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

/** Keys only a play has (a task never does). */
const playOnlyKeys = ['hosts', 'tasks', 'pre_tasks', 'post_tasks', 'roles', 'handlers', 'import_playbook'];

// The paths choose the file kind: a task list, or a playbook even when its plays lack `hosts:`.
const tasksUri = 'file:///examples/tasks/main.yml';
const playbookUri = 'file:///examples/playbooks/main.yml';

export function examplesTasks(source: string, resolve: ModuleResolver): ExamplesOutcome {
  const found = extractExamples(source);
  if (found.kind !== 'found') return { tasks: [], examples: found.kind, brokenDocuments: 0 };
  const text = found.text;
  const tasks: ExtractedTask[] = [];
  const state: FileState = { previous: [], registered: [] };
  let brokenDocuments = 0;
  for (const d of parseAllDocuments(text, { customTags, strict: false, prettyErrors: false })) {
    if (d.errors.length) {
      brokenDocuments++;
      continue;
    }
    const contents = d.contents as YamlNode | null;
    if (!isSeq(contents)) continue;
    for (const run of runs(contents.items as YamlNode[])) {
      const [start, end] = [run.items[0].range![0], run.items[run.items.length - 1].range![2]];
      // Blank everything outside the run so offsets and lines stay those of the EXAMPLES text.
      const doc = parseAnsibleDocument(run.plays ? playbookUri : tasksUri, keepOnly(text, lineStart(text, start), end));
      for (const t of extractTasks(doc, resolve, [], state)) tasks.push({ ...t, line: t.line + found.line - 1 });
    }
  }
  return { tasks, examples: 'found', brokenDocuments };
}

function isPlay(item: YamlNode): boolean {
  return isMap(item) && playOnlyKeys.some((k) => item.has(k));
}

/** Consecutive items of the same kind (plays or tasks). */
function runs(items: YamlNode[]): { plays: boolean; items: YamlNode[] }[] {
  const out: { plays: boolean; items: YamlNode[] }[] = [];
  for (const item of items) {
    if (!item?.range) continue;
    const plays = isPlay(item);
    const last = out[out.length - 1];
    if (last && last.plays === plays) last.items.push(item);
    else out.push({ plays, items: [item] });
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function keepOnly(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}
