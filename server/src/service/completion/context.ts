// Which completion context the cursor is in, from the mappings on the way to it (locate.ts):
// a play, a task (or block, or handler), or a module's options.

import { handlerKeywords, isLoopKeyword, taskKeywords } from '../../document/keywords';
import { indentUnit, type MappingFrame, type TextContext } from '../../document/locate';
import type { AnsibleDocument, Range } from '../../document/model';

export type Scope =
  | { kind: 'play'; frame: MappingFrame }
  | {
      kind: 'task';
      frame: MappingFrame;
      handler: boolean;
      /** The mapping already has `block:`. */
      block: boolean;
      /** The key already naming the task's module, if any. */
      moduleKey?: string;
    }
  | {
      kind: 'options';
      frame: MappingFrame;
      /** The module name as written. */
      module: string;
      /** Option names leading to a dict option's suboptions ([] for the module's own options). */
      path: string[];
    }
  | { kind: 'other' };

const taskSections = new Set(['pre_tasks', 'tasks', 'post_tasks']);
const blockSections = new Set(['block', 'rescue', 'always']);

export function moduleKeyOf(keys: readonly string[], handler: boolean): string | undefined {
  const keywords = handler ? handlerKeywords : taskKeywords;
  return keys.find((k) => !keywords.has(k) && !isLoopKeyword(k) && !blockSections.has(k));
}

function taskScope(frame: MappingFrame, handler: boolean): Scope {
  const block = frame.keys.includes('block');
  return { kind: 'task', frame, handler, block, moduleKey: block ? undefined : moduleKeyOf(frame.keys, handler) };
}

/** Playbook or task list, for a file whose kind the parser could not tell (a new, half-written file). */
function rootKind(doc: AnsibleDocument, root: MappingFrame): 'playbook' | 'tasks' | 'handlers' | undefined {
  if (doc.kind === 'playbook' || doc.kind === 'tasks' || doc.kind === 'handlers') return doc.kind;
  if (doc.kind !== 'unknown') return undefined;
  const playish = ['hosts', 'import_playbook', 'roles', 'tasks', 'gather_facts'];
  if (root.keys.some((k) => playish.includes(k)) || /^- *(hosts|import_playbook):/m.test(doc.text)) return 'playbook';
  return 'tasks';
}

export function scopeOf(ctx: TextContext, doc: AnsibleDocument): Scope {
  let scope: Scope = { kind: 'other' };
  ctx.frames.forEach((frame, i) => {
    if (i === 0) {
      if (!frame.item) return;
      const kind = rootKind(doc, frame);
      if (kind === 'playbook') scope = { kind: 'play', frame };
      else if (kind) scope = taskScope(frame, kind === 'handlers');
      return;
    }
    const parent = frame.parentKey ?? '';
    const prev: Scope = scope;
    scope = { kind: 'other' };
    if (prev.kind === 'play' && frame.item) {
      if (taskSections.has(parent)) scope = taskScope(frame, false);
      else if (parent === 'handlers') scope = taskScope(frame, true);
    } else if (prev.kind === 'task') {
      if (frame.item && blockSections.has(parent) && prev.block) scope = taskScope(frame, prev.handler);
      else if (!frame.item && parent === 'args' && prev.moduleKey)
        scope = { kind: 'options', frame, module: prev.moduleKey, path: [] };
      else if (!frame.item && parent === prev.moduleKey) scope = { kind: 'options', frame, module: parent, path: [] };
    } else if (prev.kind === 'options') {
      scope = { kind: 'options', frame, module: prev.module, path: [...prev.path, parent] };
    }
  });
  return scope;
}

/** What every item builder needs to know about the place it inserts into. */
export interface InsertionSite {
  /** The word being completed. */
  range: Range;
  /** Column of the keys of the mapping at the cursor. */
  column: number;
  /** The file's indentation step. */
  unit: number;
  /** The word is already followed by `:` (editing a key): insert the name only. */
  nameOnly: boolean;
  /** What is typed before the cursor. */
  prefix: string;
}

/** Where a completion at the text context `ctx` inserts. */
export function insertionSite(doc: AnsibleDocument, ctx: TextContext): InsertionSite {
  return {
    range: doc.lines.range(ctx.replace),
    column: ctx.frames[ctx.frames.length - 1].column,
    unit: indentUnit(doc),
    nameOnly: ctx.followedByColon || !!ctx.flow,
    prefix: ctx.prefix,
  };
}
