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

/** yaml reports duplicate keys as errors; Ansible only warns and keeps the last one (as parse.ts does). */
const isFatal = (e: { code: string }) => e.code !== 'DUPLICATE_KEY';

/** `fast: false` always takes the general path (tests compare both). */
export function examplesTasks(source: string, resolve: ModuleResolver, fast = true): ExamplesOutcome {
  const found = extractExamples(source);
  if (found.kind !== 'found') return { tasks: [], examples: found.kind, brokenDocuments: 0 };
  const text = found.text;
  const shift = (t: ExtractedTask): ExtractedTask => ({ ...t, line: t.line + found.line - 1 });
  // Most EXAMPLES are one document that is all tasks or all plays: one parse is enough (YAML
  // parsing is most of the build's time).
  const simple = fast ? simpleExamples(text, resolve) : undefined;
  if (simple) return { tasks: simple.map(shift), examples: 'found', brokenDocuments: 0 };
  const tasks: ExtractedTask[] = [];
  const state: FileState = { previous: [], registered: [] };
  let brokenDocuments = 0;
  for (const d of parseAllDocuments(text, { customTags, strict: false, prettyErrors: false })) {
    if (d.errors.some(isFatal)) {
      brokenDocuments++;
      continue;
    }
    for (const run of runsOf(d.contents as YamlNode | null)) {
      const end = run.items[run.items.length - 1].range![2];
      // Blank everything outside the run, keeping line breaks so lines stay those of the EXAMPLES text.
      const doc = parseAnsibleDocument(run.uri, keepOnly(text, runStart(text, run.start), end));
      for (const t of extractTasks(doc, resolve, [], state)) {
        const context = run.section ? { ...t.context, section: run.section } : t.context;
        tasks.push(shift({ ...t, context }));
      }
    }
  }
  return { tasks, examples: 'found', brokenDocuments };
}

/** The tasks of a single-document EXAMPLES of only tasks or only plays; undefined for anything else. */
function simpleExamples(text: string, resolve: ModuleResolver): ExtractedTask[] | undefined {
  if (/^(?:---|\.\.\.)(?:\s|$)/m.test(text)) return undefined; // several documents (or an explicit start)
  const doc = parseAnsibleDocument(tasksUri, text);
  if (doc.syntaxErrors.some((e) => e.severity === 'error')) return undefined;
  const hasPlayKey = (entries: { key: string }[]) => entries.some((e) => playOnlyKeys.includes(e.key));
  if (doc.kind === 'tasks' && doc.tasks.length && doc.tasks.every((t) => !hasPlayKey(t.entries)))
    return extractTasks(doc, resolve);
  if (doc.kind === 'playbook' && doc.plays.length && doc.plays.every((p) => hasPlayKey(p.entries)))
    return extractTasks(doc, resolve);
  return undefined;
}

function isPlay(item: YamlNode): boolean {
  return isMap(item) && playOnlyKeys.some((k) => item.has(k));
}

interface Run {
  uri: string;
  items: YamlNode[];
  /** Where the run's text starts: its list's start for a first item (the `-` may be on the line
   * before the item's mapping), else the end of the item before it. */
  start: number;
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
      if (items.length)
        out.push({ uri: section === 'handlers' ? handlersUri : tasksUri, items, section, start: list.range![0] });
    }
    return out;
  }
  if (!isSeq(contents)) return out;
  let plays: boolean | undefined;
  let previousEnd = contents.range![0];
  for (const item of contents.items as YamlNode[]) {
    if (!item?.range) continue;
    const play = isPlay(item);
    if (plays === play) out[out.length - 1].items.push(item);
    else out.push({ uri: play ? playbookUri : tasksUri, items: [item], start: previousEnd });
    plays = play;
    previousEnd = item.range[2];
  }
  return out;
}

/** From the start of the line when only indentation precedes `offset` on it. */
function runStart(text: string, offset: number): number {
  const line = lineStart(text, offset);
  return /^[ \t]*$/.test(text.slice(line, offset)) ? line : offset;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function keepOnly(text: string, start: number, end: number): string {
  // Only line breaks: spaces would be content lines of a block scalar (`|`) ending the run.
  const blank = (s: string) => s.replace(/[^\n]/g, '');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}
