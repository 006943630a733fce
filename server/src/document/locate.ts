// What is at an offset of a document.
//
// Two views: `targetAt` asks the parsed model (for hover: a module key, an option key, a
// keyword), and `textContextAt` reads the lines around the cursor by indentation alone, because
// completion sees half-typed lines the YAML parser cannot place (`      ansible.builtin.co` is a
// plain scalar in the middle of a mapping; `      dest: ` has no value yet).

import type { AnsibleDocument, Entry, ModuleArg, ModuleCall, Play, Span, Task } from './model';

export type DocTarget =
  | { kind: 'module'; play?: Play; task: Task; module: ModuleCall; span: Span }
  | { kind: 'option'; play?: Play; task: Task; module: ModuleCall; arg: ModuleArg; span: Span }
  | { kind: 'task-keyword'; play?: Play; task: Task; entry: Entry; span: Span }
  | { kind: 'play-keyword'; play: Play; entry: Entry; span: Span };

const contains = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The innermost task whose mapping contains the offset, looking inside blocks. */
export function taskAt(tasks: readonly Task[], offset: number): Task | undefined {
  for (const t of tasks) {
    if (!contains(t.span, offset)) continue;
    const inner = taskAt([...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])], offset);
    return inner ?? t;
  }
  return undefined;
}

export function playAt(doc: AnsibleDocument, offset: number): Play | undefined {
  return doc.plays.find((p) => contains(p.span, offset));
}

/** The module key, option key or keyword key under the offset, from the parsed model. */
export function targetAt(doc: AnsibleDocument, offset: number): DocTarget | undefined {
  const play = playAt(doc, offset);
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, offset);
  if (task) {
    const module = task.module;
    if (module && contains(module.nameSpan, offset))
      return { kind: 'module', play, task, module, span: module.nameSpan };
    const arg = module?.args.find((a) => contains(a.nameSpan, offset));
    if (module && arg) return { kind: 'option', play, task, module, arg, span: arg.nameSpan };
    const entry = task.entries.find((e) => contains(e.keySpan, offset));
    if (entry && entry.key !== module?.name) return { kind: 'task-keyword', play, task, entry, span: entry.keySpan };
    if (entry || task.entries.some((e) => contains(e.valueSpan, offset))) return undefined;
  }
  if (play) {
    const entry = play.entries.find((e) => contains(e.keySpan, offset));
    if (entry) return { kind: 'play-keyword', play, entry, span: entry.keySpan };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Text view.

/** One mapping on the way from the document root to the cursor. */
export interface MappingFrame {
  /** Column of the mapping's keys. */
  column: number;
  /** Keys of the mapping, other than the one being typed on the cursor line. */
  keys: string[];
  /** The key (in the enclosing mapping) whose value is this mapping, or the list holding it. */
  parentKey?: string;
  /** The mapping is an item of a block sequence (`- key: …`). */
  item: boolean;
}

export interface TextContext {
  /** Typing a key (`  dest|`, `- |`) or the value of `key: |`. */
  position: 'key' | 'value';
  /** Mappings from the root to the one at the cursor (last). */
  frames: MappingFrame[];
  /** For a value: the key it belongs to. */
  key?: string;
  /** What is typed before the cursor in the word being completed. */
  prefix: string;
  /** The whole word being completed (before and after the cursor), to be replaced. */
  replace: Span;
  /** The key or value is followed on the line by more text (e.g. `dest|: x`): insert the word only. */
  followedByColon: boolean;
  /** Inside a flow mapping (flowContext.ts): insert the word only, never a block snippet. */
  flow?: boolean;
}

interface LineInfo {
  /** Column of the first non-space character. */
  indent: number;
  /** Column of the last `- ` of the line, if it starts list items. */
  dashCol?: number;
  /** Column where the content after the dashes starts. */
  keyCol: number;
  key?: string;
  /** Value text after `key:`, comment removed; '' when the value is on the following lines. */
  value?: string;
}

const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_.\-/]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]+(.*))?$/;

function lineInfo(text: string): LineInfo | undefined {
  const m = /^( *)((?:-(?:[ \t]+|$))*)(.*)$/.exec(text);
  if (!m) return undefined;
  const [, spaces, dashes, rest] = m;
  const content = rest.trimEnd();
  // Blank lines, comments, document markers (`---`, `...`) and directives (`%YAML`) carry no structure.
  if (dashes === '' && (content === '' || /^(#|---(\s|$)|\.\.\.(\s|$)|%)/.test(content))) return undefined;
  const indent = spaces.length;
  const dashCol = dashes ? indent + dashes.lastIndexOf('-') : undefined;
  const info: LineInfo = { indent, dashCol, keyCol: indent + dashes.length };
  const k = KEY_LINE.exec(content);
  if (k) {
    info.key = k[1].replace(/^(["'])(.*)\1$/, '$2');
    info.value = (k[2] ?? '').replace(/(^|\s)#.*$/, '').trim();
  }
  return info;
}

/**
 * The spaces a line starts with (lineInfo's indent), read in place: walking a large file's lines,
 * most are deeper than the mapping sought and need neither slicing nor parsing.
 */
function spacesAt(doc: AnsibleDocument, line: number): number {
  const start = doc.lines.lineStart(line);
  let i = start;
  while (doc.text.charCodeAt(i) === 32) i++;
  return i - start;
}

/** A value that starts a block scalar (`|`, `>-`, …): the lines below are text, not YAML structure. */
const isBlockScalar = (value: string | undefined): boolean => value !== undefined && /^[|>][-+0-9]*$/.test(value);

const WORD = /[A-Za-z0-9_.\-/]/;

/**
 * Reads the cursor line and the lines above (and below, for sibling keys) by indentation.
 * Undefined when the cursor is not at a key or a simple value (inside a comment, a block scalar,
 * a flow collection, a multi-word value …).
 */
export function textContextAt(doc: AnsibleDocument, offset: number): TextContext | undefined {
  const pos = doc.lines.positionAt(offset);
  const lineText = doc.lines.lineText(pos.line);
  const before = lineText.slice(0, pos.character);
  const after = lineText.slice(pos.character);
  let wordEnd = 0;
  while (wordEnd < after.length && WORD.test(after[wordEnd])) wordEnd++;
  const followedByColon = /^[ \t]*:/.test(after.slice(wordEnd));

  let position: 'key' | 'value';
  let column: number;
  let dashCol: number | undefined;
  let prefix: string;
  let key: string | undefined;
  const keyMatch = /^( *)((?:-[ \t]+)*)([A-Za-z0-9_.\-/]*)$/.exec(before);
  const valueMatch = /^( *)((?:-[ \t]+)*)([A-Za-z0-9_][A-Za-z0-9_.\-/]*)[ \t]*:[ \t]+([^\s#'"{[]*)$/.exec(before);
  if (keyMatch) {
    position = 'key';
    column = keyMatch[1].length + keyMatch[2].length;
    dashCol = keyMatch[2] ? keyMatch[1].length + keyMatch[2].lastIndexOf('-') : undefined;
    prefix = keyMatch[3];
  } else if (valueMatch) {
    position = 'value';
    column = valueMatch[1].length + valueMatch[2].length;
    dashCol = valueMatch[2] ? valueMatch[1].length + valueMatch[2].lastIndexOf('-') : undefined;
    key = valueMatch[3];
    prefix = valueMatch[4];
  } else return undefined;
  const replace = { start: offset - prefix.length, end: offset + wordEnd };

  const infoAt = (line: number): LineInfo | undefined => lineInfo(doc.lines.lineText(line));
  const frames: MappingFrame[] = [];
  // The mapping being walked: its key column, the line it was entered from, and whether that
  // line starts a list item.
  let col = column;
  let anchor = pos.line;
  let anchorDash = dashCol;
  let anchorKey: string | undefined = undefined;
  for (;;) {
    const frame: MappingFrame = { column: col, keys: anchorKey ? [anchorKey] : [], item: false };
    frames.unshift(frame);
    collectKeysBelow(doc, anchor, col, frame.keys);
    let itemDash = anchorDash;
    let parentLine = -1;
    if (itemDash === undefined) {
      for (let i = anchor - 1; i >= 0; i--) {
        if (spacesAt(doc, i) > col) continue; // deeper content (keyCol ≥ indent): no need to read it
        const l = infoAt(i);
        if (!l || l.keyCol > col) continue;
        if (l.keyCol === col) {
          if (l.key) frame.keys.push(l.key);
          if (l.dashCol !== undefined) {
            itemDash = l.dashCol;
            anchor = i;
            break;
          }
          continue;
        }
        if (l.key && l.value === '') parentLine = i;
        else return undefined; // inside a block scalar, a flow collection or malformed text
        break;
      }
    }
    if (itemDash !== undefined) {
      frame.item = true;
      // A column-0 item of a file whose root is a sequence (it has plays or tasks) is an item of that
      // sequence: no key holds it, and the thousands of lines above it in a large file need no reading.
      if (itemDash === 0 && (doc.plays.length > 0 || doc.tasks.length > 0)) break;
      for (let i = anchor - 1; i >= 0; i--) {
        if (spacesAt(doc, i) > itemDash) continue; // an earlier item's content
        const l = infoAt(i);
        if (!l) continue;
        if (l.dashCol === itemDash || l.indent > itemDash) continue; // an earlier item or its content
        if (l.keyCol <= itemDash && l.key && l.value === '') parentLine = i;
        else return undefined;
        break;
      }
    }
    if (parentLine < 0) break;
    const parent = infoAt(parentLine)!;
    if (isBlockScalar(parent.value)) return undefined;
    frame.parentKey = parent.key;
    col = parent.keyCol;
    anchor = parentLine;
    anchorDash = parent.dashCol;
    anchorKey = parent.key;
  }
  return { position, frames, key, prefix, replace, followedByColon };
}

/** Adds the keys of the mapping at `col` found below `line` (stops where the mapping ends). */
function collectKeysBelow(doc: AnsibleDocument, line: number, col: number, keys: string[]): void {
  for (let i = line + 1; i < doc.lines.lineCount; i++) {
    if (spacesAt(doc, i) > col) continue; // deeper content (keyCol ≥ indent)
    const l = lineInfo(doc.lines.lineText(i));
    if (!l) continue;
    if (l.indent < col) return;
    if (l.keyCol === col && l.key) keys.push(l.key);
  }
}

/**
 * The file's indentation step: the most common distance between a `key:` line and the first line
 * of its nested block. 2 when the file says nothing.
 */
export function indentUnit(doc: AnsibleDocument): number {
  let unit = indentUnits.get(doc);
  if (unit === undefined) indentUnits.set(doc, (unit = measureIndentUnit(doc)));
  return unit;
}

/** Once per document version: every completion asks. */
const indentUnits = new WeakMap<AnsibleDocument, number>();

/** Lines read to find the indentation step: the file's habit shows long before 2,000 lines. */
const INDENT_SAMPLE_LINES = 2000;

function measureIndentUnit(doc: AnsibleDocument): number {
  const counts = new Map<number, number>();
  let prev: LineInfo | undefined;
  for (let i = 0; i < Math.min(doc.lines.lineCount, INDENT_SAMPLE_LINES); i++) {
    const l = lineInfo(doc.lines.lineText(i));
    if (!l) continue;
    if (prev?.key && prev.value === '' && l.indent > prev.keyCol) {
      const step = l.indent - prev.keyCol;
      counts.set(step, (counts.get(step) ?? 0) + 1);
    }
    prev = l;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, n] of counts) if (n > bestCount || (n === bestCount && step < best)) [best, bestCount] = [step, n];
  return best;
}
