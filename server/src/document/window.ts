// A document refused for a line over the per-line limit (admission.ts) is generated content:
// minified JSON, which is YAML and which Ansible runs. Hover and completion still work inside it:
// the flow collection around the position (the largest one up to WINDOW_CHARS, a task as a rule)
// is parsed with the path to it (its ancestors' brackets, the keys leading down and their short
// entries, such as a play's `hosts`), everything else blanked to spaces, so offsets and positions
// stay those of the document. One linear scan finds the path; the parse sees only the window.

import { parseWithRoot } from './parse';
import type { AnsibleDocument } from './model';

/** The largest collection parsed around a position: a task, a play's short keys, never the whole line. */
export const WINDOW_CHARS = 64 * 1024;
/** An ancestor mapping's other entries are kept when this short (`"hosts":"all"`, `"become":true`). */
const ENTRY_CHARS = 4 * 1024;

export interface Container {
  open: number;
  /** Offset of the matching bracket; -1 until found. */
  close: number;
  mapping: boolean;
  /** Offsets of the commas directly inside it. */
  commas: number[];
}

/**
 * The flow collections containing `offset`, outermost first, with their extents and commas: one
 * pass over `text` from `from` (where a collection opens) that skips quoted scalars.
 */
export function flowPath(text: string, offset: number, from = 0): Container[] | undefined {
  const stack: Container[] = [];
  let path: Container[] | undefined;
  let previous = ''; // the last character outside a scalar that is not a space
  for (let i = from; i < text.length; i++) {
    if (path === undefined && i >= offset) path = [...stack];
    const c = text[i];
    if ((c === '"' || c === "'") && (previous === '' || '[{,:'.includes(previous))) {
      i = quotedEnd(text, i, c);
      previous = c;
      continue;
    }
    if (c === '[' || c === '{') stack.push({ open: i, close: -1, mapping: c === '{', commas: [] });
    else if (c === ']' || c === '}') {
      const top = stack.pop();
      if (!top) return undefined;
      top.close = i;
      if (!stack.length && path) return path;
    } else if (c === ',') stack[stack.length - 1]?.commas.push(i);
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') previous = c;
  }
  return path;
}

/**
 * A collection's separators: its opening bracket, its commas and its closing bracket (the end of
 * `text` while unclosed); entry `e` lies between `bounds[e]` and `bounds[e + 1]`.
 */
export function separators(c: Container, textLength: number): number[] {
  return [c.open, ...c.commas, c.close < 0 ? textLength : c.close];
}

/** The offset of the quote that closes the scalar opened at `start` (`\"` escapes, `''` in single quotes). */
export function quotedEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length - 1;
}

/**
 * The document as parsed around `offset` when it was refused for a long line and is a flow
 * collection there; undefined otherwise (then the document itself is all there is).
 */
export function windowAround(doc: AnsibleDocument, offset: number): DocumentWindow | undefined {
  const long = doc.syntaxErrors.find((e) => e.code === 'long-line');
  if (!long) return undefined;
  // The long line must be a flow collection of its own (minified JSON), from its first character.
  const text = doc.text;
  const from = long.span.start + (/^[ \t]*/.exec(text.slice(long.span.start, long.span.start + 256))?.[0].length ?? 0);
  if (text[from] !== '[' && text[from] !== '{') return undefined;
  const path = flowPath(text, offset, from);
  if (!path?.length || path.some((c) => c.close < 0)) return undefined;
  const k = path.findIndex((c) => c.close - c.open <= WINDOW_CHARS);
  if (k < 0) return undefined;
  const keep: [number, number][] = [[path[k].open, path[k].close + 1]];
  for (let i = 0; i < k; i++) {
    const { open, close, mapping } = path[i];
    const child = path[i + 1];
    keep.push([open, open + 1], [close, close + 1]);
    if (!mapping) continue;
    // Its entries: the one leading down keeps its key; short ones stay whole, with the comma
    // before each kept entry but the first.
    const bounds = separators(path[i], text.length);
    let kept = false;
    for (let e = 0; e + 1 < bounds.length; e++) {
      const start = bounds[e] + 1;
      const end = bounds[e + 1];
      const down = start <= child.open && child.open < end;
      if (!down && end - start > ENTRY_CHARS) continue;
      if (kept && e > 0) keep.push([bounds[e], bounds[e] + 1]);
      keep.push(down ? [start, child.open] : [start, end]);
      kept = true;
    }
  }
  keep.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of keep) {
    if (start > at) blank(text, at, start, parts);
    parts.push(text.slice(Math.max(at, start), end));
    at = Math.max(at, end);
  }
  blank(text, at, text.length, parts);
  const parsed = parseWithRoot(doc.uri, parts.join(''), doc.version, { longLines: true }).doc;
  return { doc: parsed, start: path[k].open, end: path[k].close + 1 };
}

export interface DocumentWindow {
  /** The document with only the window and its path parsed (the same text length and lines). */
  doc: AnsibleDocument;
  /** The window's extent: positions inside it are answered by `doc`. */
  start: number;
  end: number;
}

/** `text[start, end)` as spaces, line breaks kept (a regular expression over megabytes is slow). */
function blank(text: string, start: number, end: number, parts: string[]): void {
  for (let at = start; at < end;) {
    const nl = text.indexOf('\n', at);
    const stop = nl < 0 || nl >= end ? end : nl;
    const cr = stop > at && text[stop - 1] === '\r' && stop < end;
    parts.push(' '.repeat(stop - at - (cr ? 1 : 0)) + (cr ? '\r' : ''));
    if (stop < end) parts.push('\n');
    at = stop + 1;
  }
}
