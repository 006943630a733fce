// Completion's view of a flow-style document (JSON is YAML: `[{"hosts":"all","tasks":[{…}]}]`):
// the same TextContext `textContextAt` reads from indentation, read here from brackets, so a key
// or a scalar value inside a flow mapping completes as it would in block style. Only documents
// whose content starts with `[` or `{` are read this way (a flow collection inside block YAML is
// left alone: its plain scalars may hold quotes and brackets the scan would misread).

import type { MappingFrame, TextContext } from './locate';
import type { AnsibleDocument } from './model';
import { flowPath, quotedEnd, separators, type Container } from './window';

interface EntryParts {
  /** The key as written, quotes removed. */
  key: string;
  /** The key's text inside its quotes. */
  keyStart: number;
  keyEnd: number;
  /** The `:` after the key, or -1 when none is typed yet. */
  colon: number;
  /** The scalar value's text inside its quotes (undefined: a collection or nothing). */
  value?: { start: number; end: number };
}

/** An entry of a flow mapping, `text[start, end)` between its separators. */
function entryParts(text: string, start: number, end: number): EntryParts {
  let i = start;
  while (i < end && /\s/.test(text[i])) i++;
  let keyStart = i;
  let keyEnd: number;
  if (text[i] === '"' || text[i] === "'") {
    keyEnd = Math.min(quotedEnd(text, i, text[i]), end);
    keyStart = i + 1;
    i = keyEnd + 1;
  } else {
    while (i < end && text[i] !== ':') i++;
    keyEnd = i;
    while (keyEnd > keyStart && /\s/.test(text[keyEnd - 1])) keyEnd--;
  }
  while (i < end && text[i] !== ':') i++;
  const colon = i < end ? i : -1;
  const parts: EntryParts = { key: text.slice(keyStart, keyEnd), keyStart, keyEnd, colon };
  if (colon < 0) return parts;
  let v = colon + 1;
  while (v < end && /\s/.test(text[v])) v++;
  if (text[v] === '"' || text[v] === "'")
    parts.value = { start: v + 1, end: Math.min(quotedEnd(text, v, text[v]), end) };
  else if (text[v] !== '[' && text[v] !== '{') {
    let e = end;
    while (e > v && /\s/.test(text[e - 1])) e--;
    parts.value = { start: v, end: e };
  }
  return parts;
}

/** The cursor's place in a flow-style document, as completion reads it; undefined elsewhere. */
export function flowContextAt(doc: AnsibleDocument, offset: number): TextContext | undefined {
  const text = doc.text;
  const root = /^(?:\s|#[^\n]*|---)*/.exec(text)![0].length;
  if (text[root] !== '[' && text[root] !== '{') return undefined;
  const path = flowPath(text, offset, root);
  const inner = path?.[path.length - 1];
  if (!path || !inner?.mapping) return undefined;
  const frames: MappingFrame[] = [];
  let cursor: EntryParts | undefined;
  path.forEach((c, i) => {
    if (!c.mapping) return;
    const bounds = separators(c, text.length);
    const entries: EntryParts[] = [];
    let here: EntryParts | undefined;
    for (let e = 0; e + 1 < bounds.length; e++) {
      const parts = entryParts(text, bounds[e] + 1, bounds[e + 1]);
      const at = i === path.length - 1 && bounds[e] < offset && offset <= bounds[e + 1];
      if (at) here = parts;
      if (!at && parts.key) entries.push(parts);
    }
    if (i === path.length - 1) cursor = here;
    // The key in the enclosing mapping whose value holds this one (through a list: an item).
    const parent = path[i - 1];
    const holder = parent && !parent.mapping ? path[i - 2] : parent;
    const holding = holder && keyHolding(text, holder, path[holder === parent ? i : i - 1].open);
    frames.push({ column: 0, keys: entries.map((p) => p.key), parentKey: holding, item: !!parent && !parent.mapping });
  });
  if (!cursor) return undefined;
  const inKey = cursor.colon < 0 || offset <= cursor.colon;
  if (inKey) {
    if (offset < cursor.keyStart || offset > cursor.keyEnd) return undefined;
    return {
      position: 'key',
      frames,
      prefix: text.slice(cursor.keyStart, offset),
      replace: { start: cursor.keyStart, end: cursor.keyEnd },
      followedByColon: cursor.colon >= 0,
      flow: true,
    };
  }
  const value = cursor.value;
  if (!value || offset < value.start || offset > value.end) return undefined;
  return {
    position: 'value',
    frames,
    key: cursor.key,
    prefix: text.slice(value.start, offset),
    replace: { start: value.start, end: value.end },
    followedByColon: false,
    flow: true,
  };
}

/** The key of the entry of mapping `m` whose value starts at `child`. */
function keyHolding(text: string, m: Container, child: number): string {
  const bounds = separators(m, text.length);
  for (let e = 0; e + 1 < bounds.length; e++)
    if (bounds[e] < child && child < bounds[e + 1]) return entryParts(text, bounds[e] + 1, child).key;
  return '';
}
