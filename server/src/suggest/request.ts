// The request stage: may a task stand where a description line (suggest/trigger.ts) is, and if so
// the request(s) for the model, with the file's context. Shared by `scribe suggest`, `scribe eval
// --data`, `scribe serve` and the editor's inline completion.
//
// Where a task may stand is decided by parsing the text above the line plus the line itself (a
// probe `- name:` for a comment) and seeing whether the parser places it in a task list: tasks,
// handlers, pre_tasks, post_tasks, block/rescue/always, and role task/handler files. Text below
// the line is not read, so a half-written rest of the file cannot change the answer.

import type { ModuleCatalog } from '../catalog/types';
import { allTasks, type AnsibleDocument, type Play, type Task } from '../document/model';
import { isRefusal } from '../document/admission';
import { parseAnsibleDocument } from '../document/parse';
import { extractEntities } from '../model/entities';
import { gatherContext, listFilesFromDisk, readTextFromDisk, type ListFiles, type ReadText } from './context';
import { describeLine } from './trigger';
import type { TaskRequest } from './types';

export interface TaskRequests {
  kind: 'single' | 'multi';
  /** The document's URI (none for `scribe serve`'s prompts): the worker adds its workspace's other tasks by it. */
  uri?: string;
  /** 0-based line of the description. */
  line: number;
  requests: TaskRequest[];
  /** Column of the task's keys: where a single task's body goes (`name`'s column). */
  indent: number;
  /** Column of the `- ` that starts a task in this list (multi: where each new task goes). */
  listIndent: number;
  /** The file's indentation step (2 or 4 …), for nested arguments. */
  indentUnit: number;
}

export type RequestOutcome = TaskRequests | { reason: string };

export interface RequestOptions {
  /** Reads the role's defaults/vars/meta next to a role file; default: from disk. */
  readText?: ReadText;
  /** Lists the role's templates/ and files/; default: from disk. */
  listFiles?: ListFiles;
}

const PROBE = '__scribe_probe__';

/**
 * The task request(s) that `line` (0-based) of `doc` describes, or why there are none. Reasons are
 * one line and count lines from 1, as users do.
 */
export function buildTaskRequests(
  doc: AnsibleDocument,
  line: number,
  catalog: Pick<ModuleCatalog, 'resolve'>,
  options: RequestOptions = {},
): RequestOutcome {
  const refused = doc.syntaxErrors.find((e) => isRefusal(e.code));
  if (refused) return { reason: refused.message };
  const n = line + 1;
  if (!Number.isInteger(line) || line < 0 || line >= doc.lines.lineCount)
    return { reason: `line ${n} is outside the file (${doc.lines.lineCount} lines)` };
  if (doc.kind === 'vars' || doc.kind === 'meta')
    return { reason: `${doc.kind === 'vars' ? 'a variables' : 'a role meta'} file holds no tasks` };

  const text = doc.lines.lineText(line);
  const trigger = describeLine(text);
  if ('reason' in trigger) return { reason: `line ${n} ${trigger.reason}` };

  const lineStart = doc.lines.lineStart(line);
  const probeLine = trigger.kind === 'single' ? text : `${' '.repeat(trigger.column)}- name: ${PROBE}`;
  const above = parseAnsibleDocument(doc.uri, doc.text.slice(0, lineStart) + probeLine);
  const broken = above.syntaxErrors.find((e) => e.severity === 'error' && e.span.start < lineStart);
  if (broken) {
    const at = above.lines.positionAt(broken.span.start).line + 1;
    return { reason: `YAML above line ${n} does not parse: ${broken.message} (line ${at})` };
  }
  const onLine = above.syntaxErrors.find((e) => e.severity === 'error');
  if (onLine) {
    // The line alone is broken (`- name: a: b`), or it is fine but cannot follow what is above.
    const alone = parseAnsibleDocument('file:///line.yml', probeLine.trimStart()).syntaxErrors;
    if (alone.some((e) => e.severity === 'error')) return { reason: `line ${n} does not parse: ${onLine.message}` };
  }

  const current = taskStartingOn(above, line);
  // A playbook's first play, cut after its `- name:` line, looks like a task list.
  const playLevel =
    (doc.kind === 'playbook' && current && above.tasks.includes(current)) ||
    above.plays.some((p) => above.lines.positionAt(p.span.start).line === line);
  if (playLevel) return { reason: `line ${n} is at play level, where a play (not a task) stands` };
  if (!current || onLine)
    return {
      reason: `line ${n} is ${placeOf(doc, line, trigger.kind === 'multi' ? trigger.column : text.indexOf('-'))}, where a task cannot stand`,
    };
  const whole = wholeDocumentTask(doc, lineStart);
  if (trigger.kind === 'single' && whole?.task?.kind === 'block')
    return { reason: `line ${n} names a block, not a task` };

  const play =
    whole?.play ?? above.plays.find((p) => p.span.start <= current.span.start && current.span.end <= p.span.end);
  const ctx = gatherContext({
    above,
    current,
    play,
    blocks: whole?.blocks ?? [],
    uri: doc.uri,
    catalog,
    readText: options.readText ?? readTextFromDisk,
    listFiles: options.listFiles ?? listFilesFromDisk,
  });
  const descriptions = trigger.kind === 'single' ? [current.name?.trim() ?? ''] : resolvePronouns(trigger.parts);
  if (!descriptions[0]) return { reason: `line ${n} has an empty task name` };
  const fileText = doc.text.slice(0, lineStart);
  const listIndent = trigger.kind === 'multi' ? trigger.column : text.indexOf('-');
  return {
    kind: trigger.kind,
    uri: doc.uri,
    line,
    indent: current.indent,
    listIndent,
    indentUnit: indentUnitOf(fileText),
    requests: descriptions.map((description) => ({
      description,
      context: {
        previousModules: ctx.previousModules,
        collectionsInUse: ctx.collectionsInUse,
        variables: ctx.variables,
        section: current.section,
        osHints: ctx.osHints,
        earlierTasks: ctx.earlierTasks,
        fileText,
        listIndent,
        ...(ctx.localFiles && { localFiles: ctx.localFiles }),
        ...(ctx.blockDefines.length ? { blockDefines: ctx.blockDefines } : {}),
      },
    })),
  };
}

/**
 * "it" / "them" in a step of a multi-task comment is what the step before was about:
 * `install nginx & start it` → `start nginx` (the model cannot know what "it" is otherwise).
 */
export function resolvePronouns(parts: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const before = out[out.length - 1];
    const subjects = before ? extractEntities(before).subjects : [];
    out.push(
      subjects.length && /\b(it|them)\b/i.test(part) ? part.replace(/\b(it|them)\b/gi, subjects.join(' and ')) : part,
    );
  }
  return out;
}

/** The task whose mapping starts on `line` (at any depth of blocks). */
function taskStartingOn(doc: AnsibleDocument, line: number): Task | undefined {
  for (const t of allTasks(doc)) if (doc.lines.positionAt(t.span.start).line === line) return t;
  return undefined;
}

/** In the whole document: the play and blocks around the offset, and the task starting there. */
function wholeDocumentTask(
  doc: AnsibleDocument,
  offset: number,
): { play?: Play; blocks: Task[]; task?: Task } | undefined {
  const play = doc.plays.find((p) => p.span.start <= offset && offset <= p.span.end);
  const lists = play ? [play.pre_tasks, play.tasks, play.post_tasks, play.handlers] : [doc.tasks];
  const blocks: Task[] = [];
  let task: Task | undefined;
  const walk = (list: Task[]) => {
    for (const t of list) {
      if (t.span.start === offset || doc.lines.positionAt(t.span.start).line === doc.lines.positionAt(offset).line)
        task = t;
      else if (t.kind === 'block' && t.span.start < offset && offset < t.span.end) {
        blocks.push(t);
        walk(t.block ?? []);
        walk(t.rescue ?? []);
        walk(t.always ?? []);
      }
    }
  };
  for (const l of lists) walk(l);
  return { play, blocks, task };
}

/** Names the mapping key whose value holds the line, for a reason (`inside "vars:"`). */
function placeOf(doc: AnsibleDocument, line: number, column: number): string {
  for (let i = line - 1; i >= 0; i--) {
    const t = doc.lines.lineText(i);
    if (!t.trim() || /^\s*#/.test(t)) continue;
    if (t.length - t.trimStart().length >= column) continue;
    const m = /^\s*(?:-\s+)*([\w.-]+)\s*:\s*(#.*)?$/.exec(t);
    return m ? `inside "${m[1]}:"` : 'not in a task list';
  }
  return 'at the top level';
}

/** Most common step between a `key:` line and the deeper mapping below it; 2 when the file does not say. */
export function indentUnitOf(text: string): number {
  const lines = text.split(/\r?\n/);
  const counts = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i];
    if (!/:\s*$/.test(a) || /^\s*#/.test(a)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*(#.*)?$/.test(lines[j])) j++;
    if (j >= lines.length) break;
    const b = lines[j];
    if (/^\s*-(\s|$)/.test(b)) continue;
    const keyCol = /^\s*(?:-\s+)*/.exec(a)![0].length;
    const step = b.length - b.trimStart().length - keyCol;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 2;
  let most = 0;
  for (const [step, c] of [...counts].sort((x, y) => x[0] - y[0])) {
    if (c > most) [best, most] = [step, c];
  }
  return best;
}
