// The tasks of one module's EXAMPLES: its YAML documents, each a task list, a playbook, a mix of
// both (tasks, then a play that shows the module in context; plays without `hosts:`), or a play
// fragment (`pre_tasks:` / `tasks:` at the top). Runs of plays and of tasks are parsed separately,
// in order. Broken documents are skipped and
// counted, never fatal.

import { isMap, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { TaskSection } from '../document/model';
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
const handlersUri = 'file:///examples/handlers/main.yml';
const fragmentSections: TaskSection[] = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'];

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
    for (const run of runsOf(d.contents as YamlNode | null)) {
      const [start, end] = [run.items[0].range![0], run.items[run.items.length - 1].range![2]];
      // Blank everything outside the run so offsets and lines stay those of the EXAMPLES text.
      const doc = parseAnsibleDocument(run.uri, keepOnly(text, lineStart(text, start), end));
      for (const t of extractTasks(doc, resolve, [], state)) {
        const context = run.section ? { ...t.context, section: run.section } : t.context;
        tasks.push({ ...t, context, line: t.line + found.line - 1 });
      }
    }
  }
  return { tasks, examples: 'found', brokenDocuments };
}

function isPlay(item: YamlNode): boolean {
  return isMap(item) && playOnlyKeys.some((k) => item.has(k));
}

interface Run {
  uri: string;
  items: YamlNode[];
  /** For a play fragment's `pre_tasks:` etc. parsed on its own. */
  section?: TaskSection;
}

/**
 * The task lists of a document: consecutive items of the same kind (plays or tasks) of a list;
 * or, for a play fragment (`tasks:` / `pre_tasks:` … at the top, as some EXAMPLES are written),
 * each of its task lists.
 */
function runsOf(contents: YamlNode | null): Run[] {
  const out: Run[] = [];
  if (isMap(contents)) {
    for (const section of fragmentSections) {
      const list = contents.get(section, true) as YamlNode | undefined;
      if (!isSeq(list)) continue;
      const items = (list.items as YamlNode[]).filter((i) => i?.range);
      if (items.length) out.push({ uri: section === 'handlers' ? handlersUri : tasksUri, items, section });
    }
    return out;
  }
  if (!isSeq(contents)) return out;
  let plays: boolean | undefined;
  for (const item of contents.items as YamlNode[]) {
    if (!item?.range) continue;
    const play = isPlay(item);
    if (plays === play) out[out.length - 1].items.push(item);
    else out.push({ uri: play ? playbookUri : tasksUri, items: [item] });
    plays = play;
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
