// Re-parsing after an edit without parsing the whole file again. Parsing a 5,000-line playbook
// takes 60–150 ms on the bench machine (the `yaml` package's parse is nearly all of it), so an edit
// inside one top-level item (a play of a playbook, a task of a task file) re-parses that item's text
// alone and splices it into the previous version's model: the items before it are kept as they are
// (their offsets did not move), the items after it are kept too when the edit did not change the
// length, else copied with their offsets moved by the edit's length.
//
// Only a clean document takes this path (parse.ts parseWithRoot: one YAML document, a block
// sequence of mappings at column 0, no syntax finding but local ones such as a key typed without its
// colon yet, no anchor or alias, no directive): there an item's text parses alone exactly as it does
// in place, because a line starting with `- ` at column 0 ends the previous item whatever it holds.
// Anything else (an edit in the first item, which decides the file's kind, or before it; a slice
// that does not parse cleanly alone; a document marker in it) falls back to a full parse.
// test/document/incremental.test.ts compares both on random edits.

import {
  isCollection,
  isMap,
  isNode,
  isPair,
  isSeq,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import { refusalOf } from './admission';
import { LineIndex, type AnsibleDocument, type Play, type Task } from './model';
import {
  expandMergeKeys,
  hasAnchors,
  isLocalError,
  parseTopItem,
  parseWithRoot,
  toSyntaxError,
  warningCodes,
  yamlOptions,
} from './parse';
import { reindentQuotedContinuations } from './pyyamlCompat';

/** What a clean version keeps for the next edit: its top-level item nodes and where their lines start. */
interface SpliceState {
  items: YAMLMap[];
  /** Offset of the `-` (column 0) of each item. */
  starts: number[];
}

const states = new WeakMap<AnsibleDocument, SpliceState>();

/** A full parse, remembering what a later `reparse` needs. */
export function parseFull(uri: string, text: string, version: number): AnsibleDocument {
  const { doc, items } = parseWithRoot(uri, text, version);
  if (items) {
    const starts = itemStarts(text, doc.lines, items, 0);
    const header = text.slice(0, starts?.[0] ?? 0);
    // A %TAG or %YAML directive changes how every item reads: such a file is always parsed whole.
    if (starts && !/^%/m.test(header)) states.set(doc, { items, starts });
  }
  return doc;
}

/** Where each item's line starts (its `- ` at column 0), or undefined when one does not start so. */
function itemStarts(text: string, lines: LineIndex, items: YAMLMap[], base: number): number[] | undefined {
  const starts: number[] = [];
  for (const item of items) {
    const at = (item.range?.[0] ?? -1) + base;
    if (at < base) return undefined;
    const start = lines.lineStart(lines.positionAt(at).line);
    if (text.charCodeAt(start) !== 45 /* - */) return undefined;
    starts.push(start);
  }
  return starts;
}

export interface ReparseOutcome {
  doc: AnsibleDocument;
  /** Whether only the edited items were parsed. */
  incremental: boolean;
}

/** The document `text` as version `version`, parsing only what changed since `previous` when it can. */
export function reparse(previous: AnsibleDocument, uri: string, text: string, version: number): ReparseOutcome {
  const spliced = previous.uri === uri ? splice(previous, text, version) : undefined;
  return spliced ? { doc: spliced, incremental: true } : { doc: parseFull(uri, text, version), incremental: false };
}

const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/m;

function splice(previous: AnsibleDocument, text: string, version: number): AnsibleDocument | undefined {
  const st = states.get(previous);
  if (!st || refusalOf(text)) return undefined;
  const old = previous.text;
  const min = Math.min(old.length, text.length);
  let p = 0;
  while (p < min && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const changedEnd = old.length - s;
  const delta = text.length - old.length;
  const { items, starts } = st;
  const k = items.length;
  // The item whose `- ` line starts before the first changed character (so that line is intact).
  let i = -1;
  for (let lo = 0, hi = k - 1; lo <= hi;) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < p) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // The first item decides the file's kind (a play has hosts:): an edit there, or above it, re-parses all.
  if (i < 1) return undefined;
  // The last item touched: the next item's `- ` line must start after the change, untouched.
  let j = i;
  while (j + 1 < k && starts[j + 1] <= changedEnd) j++;
  const sliceEndOld = j + 1 < k ? starts[j + 1] : old.length;
  if (j + 1 < k && old.charCodeAt(sliceEndOld - 1) !== 10) return undefined;
  const sliceStart = starts[i];
  const slice = text.slice(sliceStart, sliceEndOld + delta);
  if (DOCUMENT_MARKER.test(slice)) return undefined;

  const docs = parseAllDocuments(slice, yamlOptions);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const yamlDoc = docs[0];
  if (!yamlDoc.errors.every(isLocalError) || yamlDoc.warnings.some((w) => w.code !== 'TAG_RESOLVE_FAILED'))
    return undefined;
  // The full parse tries quoted continuations re-indented when there are errors (pyyamlCompat.ts):
  // a slice with such lines is parsed whole.
  if (yamlDoc.errors.length && reindentQuotedContinuations(slice)) return undefined;
  const root = yamlDoc.contents as YamlNode | null;
  if (!isSeq(root) || !root.items.length || !root.items.every(isMap) || hasAnchors(yamlDoc)) return undefined;
  expandMergeKeys(yamlDoc);
  shift(root, sliceStart);

  const lines = new LineIndex(text);
  const fresh = root.items as YAMLMap[];
  const freshStarts = itemStarts(text, lines, fresh, 0);
  if (!freshStarts || freshStarts[0] !== sliceStart) return undefined;

  const oldModel: (Play | Task)[] = previous.kind === 'playbook' ? previous.plays : previous.tasks;
  if (oldModel.length !== k) return undefined;
  const after = items.slice(j + 1);
  // Unmoved items are shared with the previous version; moved ones are copies, so that the previous
  // version (still read by a linter run that started on it) keeps offsets into its own text.
  const movedItems = delta === 0 ? after : after.map((m) => movedCopy(m, delta));
  const model = [
    ...oldModel.slice(0, i),
    ...fresh.map((m) => parseTopItem(m, previous.kind, lines)),
    ...(delta === 0 ? oldModel.slice(j + 1) : movedItems.map((m) => parseTopItem(m, previous.kind, lines))),
  ];
  const syntaxErrors = [
    ...previous.syntaxErrors.filter((e) => e.span.end <= sliceStart),
    ...yamlDoc.errors.map((e) =>
      toSyntaxError(
        { message: e.message, code: e.code, pos: [e.pos[0] + sliceStart, e.pos[1] + sliceStart] },
        text,
        warningCodes.has(e.code) ? 'warning' : 'error',
      ),
    ),
    ...previous.syntaxErrors
      .filter((e) => e.span.start >= sliceEndOld)
      .map((e) => ({ ...e, span: { start: e.span.start + delta, end: e.span.end + delta } })),
  ];
  // A finding of the previous version that straddles the slice's edge cannot be placed: parse whole.
  if (
    previous.syntaxErrors.some(
      (e) => e.span.end > sliceStart && e.span.start < sliceEndOld && e.span.start < sliceStart,
    )
  )
    return undefined;
  if (syntaxErrors.some((e) => e.span.start < sliceStart && e.span.end > sliceStart)) return undefined;
  const doc: AnsibleDocument = {
    uri: previous.uri,
    version,
    text,
    kind: previous.kind,
    lines,
    syntaxErrors,
    plays: previous.kind === 'playbook' ? (model as Play[]) : [],
    tasks: previous.kind === 'playbook' ? [] : (model as Task[]),
  };
  states.set(doc, {
    items: [...items.slice(0, i), ...fresh, ...movedItems],
    starts: [...starts.slice(0, i), ...freshStarts, ...starts.slice(j + 1).map((o) => o + delta)],
  });
  return doc;
}

/**
 * A deep copy of a node with every range moved by `by`. yaml's own `clone()` copies property
 * descriptors and then walks again to move ranges: 12–20 ms for half the bench's 5,000-line playbook,
 * against a few ms for this one pass.
 */
function movedCopy<T>(n: T, by: number): T {
  if (!n || typeof n !== 'object') return n;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(n) as object) as object, n) as {
    range?: [number, number, number];
    items?: unknown[];
    key?: unknown;
    value?: unknown;
  };
  // yaml tells node types by a non-enumerable symbol property, which Object.assign does not copy.
  for (const sym of Object.getOwnPropertySymbols(n))
    Object.defineProperty(copy, sym, { value: (n as Record<symbol, unknown>)[sym] });
  if (isPair(n)) {
    copy.key = movedCopy(n.key, by);
    copy.value = movedCopy(n.value, by);
    return copy as T;
  }
  if (!isNode(n)) return n;
  const r = n.range;
  if (r) copy.range = [r[0] + by, r[1] + by, r[2] + by];
  if (isCollection(n)) copy.items = (n.items as unknown[]).map((it) => movedCopy(it, by));
  return copy as T;
}

/** Moves every range under `node` by `by` characters. */
function shift<T extends YamlNode>(node: T, by: number): T {
  if (by === 0) return node;
  visit(node, {
    Node(_, n) {
      const r = n.range;
      if (r) n.range = [r[0] + by, r[1] + by, r[2] + by];
    },
  });
  return node;
}
