// Parses one document version into its Ansible structure (see model.ts). Never throws:
// broken YAML yields the syntax errors plus whatever structure the yaml package recovered; a text
// that is not analysed at all (admission.ts: too large, binary, not UTF-8) yields one finding.

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { refusalOf, type AdmissionOptions } from './admission';
import { detectKind } from './kind';
import { mapRangesBack, reindentQuotedContinuations } from './pyyamlCompat';
import { blockKeywords, isTaskKeyword } from './keywords';
import {
  LineIndex,
  type AnsibleDocument,
  type Entry,
  type ModuleArg,
  type ModuleCall,
  type Play,
  type Span,
  type SyntaxError,
  type Task,
  type TaskSection,
} from './model';

/** Ansible's own YAML tags: `!vault` encrypted strings and `!unsafe` (never templated) strings. */
const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

/** yaml reports duplicate keys as errors; Ansible only warns and keeps the last one. */
export const warningCodes = new Set(['DUPLICATE_KEY']);

const taskSections = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const;
const blockSections = ['block', 'rescue', 'always'] as const;

export function parseAnsibleDocument(uri: string, text: string, version = 0): AnsibleDocument {
  return parseWithRoot(uri, text, version).doc;
}

/**
 * A parse and, when the document is one clean block sequence of mappings at column 0 (a playbook
 * or task file without syntax findings, anchors or aliases), that sequence's item nodes, one per
 * play or task in the model: what incremental.ts needs to re-parse one item after an edit.
 */
export interface RootedParse {
  doc: AnsibleDocument;
  items?: YAMLMap[];
}

export function parseWithRoot(uri: string, text: string, version = 0, admission: AdmissionOptions = {}): RootedParse {
  const lines = new LineIndex(text);
  const refused = refusalOf(text, admission);
  if (refused) {
    const severity = refused.code === 'too-large' || refused.code === 'long-line' ? 'warning' : 'error';
    const span = { start: refused.offset, end: refused.offset };
    const finding: SyntaxError = { message: refused.message, span, code: refused.code, severity };
    return {
      doc: { uri, version, text, kind: 'unknown', lines, syntaxErrors: [finding], plays: [], tasks: [] },
    };
  }
  const syntaxErrors: SyntaxError[] = [];
  let contents: YamlNode | null = null;
  const { docs, continuations } = parseAsAnsibleDoes(text);
  for (const doc of docs) {
    expandMergeKeys(doc);
    for (const e of doc.errors)
      syntaxErrors.push(toSyntaxError(e, text, warningCodes.has(e.code) ? 'warning' : 'error'));
    for (const w of doc.warnings) {
      if (w.code !== 'TAG_RESOLVE_FAILED') syntaxErrors.push(toSyntaxError(w, text, 'warning'));
    }
    // Ansible reads the first document of a playbook or task file; later ones are ignored.
    contents ??= (doc.contents as YamlNode | null) ?? null;
  }
  const kind = detectKind(uri, contents);
  const plays: Play[] = [];
  const tasks: Task[] = [];
  if (isSeq(contents)) {
    if (kind === 'playbook') {
      for (const item of contents.items) if (isMap(item)) plays.push(parsePlay(item, lines));
    } else if (kind === 'tasks' || kind === 'handlers') {
      tasks.push(...parseTaskList(contents, kind === 'handlers' ? 'handlers' : 'tasks', lines));
    }
  }
  const doc: AnsibleDocument = { uri, version, text, kind, lines, syntaxErrors, plays, tasks };
  // Clean for incremental re-parsing: no finding, or only findings an item holds alone (a key typed
  // without its colon yet), so the edit that completes the key is re-parsed incrementally too.
  // Quoted continuations re-indented for PyYAML (parseAsAnsibleDoes) are parsed whole, as there.
  const clean =
    docs.length === 1 &&
    (!syntaxErrors.length || (syntaxErrors.every(isLocalError) && !continuations)) &&
    (kind === 'playbook' || kind === 'tasks' || kind === 'handlers') &&
    isSeq(contents) &&
    contents.items.length > 0 &&
    contents.items.every(isMap) &&
    lines.positionAt(contents.range?.[0] ?? 0).character === 0 &&
    !hasAnchors(docs[0]);
  return clean ? { doc, items: (contents as YAMLSeq).items as YAMLMap[] } : { doc };
}

/**
 * Errors a top-level item may hold and still parse alone as it does in place: a key typed without
 * its colon yet (`ansible.builtin.` on its own line, the commonest state while typing) and duplicate
 * keys. An unclosed quote or flow collection, which would run on into the next items, is not.
 */
export function isLocalError(e: { code: string; message: string }): boolean {
  return (
    e.code === 'DUPLICATE_KEY' ||
    /^Implicit (map keys need to be followed by map values|keys need to be on a single line)/.test(e.message)
  );
}

/** Anchors and aliases tie one part of a document to another: such a document is parsed whole. */
export function hasAnchors(doc: Document | YamlNode): boolean {
  let found = false;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node) || (node as { anchor?: string }).anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The model of one top-level item of a clean document (see parseWithRoot): a play or a task. */
export function parseTopItem(map: YAMLMap, kind: AnsibleDocument['kind'], lines: LineIndex): Play | Task {
  return kind === 'playbook'
    ? parsePlay(map, lines)
    : parseTask(map, kind === 'handlers' ? 'handlers' : 'tasks', lines);
}

export const yamlOptions = { customTags, prettyErrors: false, strict: false, merge: true } as const;

/**
 * The text's YAML documents; when the `yaml` package finds errors that PyYAML (Ansible's loader)
 * would not, because quoted scalars continue on lines not indented past their key, the
 * re-indented text's parse is used with its offsets mapped back (see pyyamlCompat.ts).
 * `continuations`: the text has such lines (looked for only when there are errors).
 */
function parseAsAnsibleDoes(text: string): { docs: Document[]; continuations: boolean } {
  const docs = [...parseAllDocuments(text, yamlOptions)];
  const errorCount = (ds: Document[]) => ds.reduce((n, d) => n + d.errors.length, 0);
  if (!errorCount(docs)) return { docs, continuations: false };
  const again = reindentQuotedContinuations(text);
  if (!again) return { docs, continuations: false };
  const redone = [...parseAllDocuments(again.text, yamlOptions)];
  if (errorCount(redone) >= errorCount(docs)) return { docs, continuations: true };
  for (const d of redone) {
    mapRangesBack(d, again);
    for (const e of [...d.errors, ...d.warnings]) e.pos = [again.toOriginal(e.pos[0]), again.toOriginal(e.pos[1])];
  }
  return { docs: redone, continuations: true };
}

/**
 * `<<: *defaults` (YAML 1.1 merge keys, which Ansible's PyYAML honours, e.g. shared connection
 * options in EXAMPLES): the merged pairs become pairs of the mapping itself, explicit keys winning,
 * so every feature sees the options as Ansible does. Their spans stay at the anchor's definition.
 */
export function expandMergeKeys(doc: Document): void {
  const isMerge = (p: Pair) => isScalar(p.key) && (typeof p.key.value === 'symbol' || p.key.value === '<<');
  const keyOf = (p: Pair) => (isScalar(p.key) ? p.key.value : p.key);
  visit(doc, {
    Map(_, map) {
      const pairs = map.items as Pair[];
      if (!pairs.some(isMerge)) return;
      const explicit = pairs.filter((p) => !isMerge(p));
      const seen = new Set(explicit.map(keyOf));
      const merged: Pair[] = [];
      for (const p of pairs.filter(isMerge)) {
        for (const src of isSeq(p.value) ? p.value.items : [p.value]) {
          const target = isAlias(src) ? src.resolve(doc) : src;
          if (!isMap(target)) continue;
          for (const q of target.items as Pair[]) {
            if (isMerge(q) || seen.has(keyOf(q))) continue;
            seen.add(keyOf(q));
            merged.push(q);
          }
        }
      }
      map.items = [...explicit, ...merged];
    },
  });
}

export function toSyntaxError(
  e: { message: string; code: string; pos: [number, number] },
  text: string,
  severity: SyntaxError['severity'],
): SyntaxError {
  // yaml appends " at line L, column C:" and a source excerpt; the editor shows the place itself.
  const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  let [start, end] = e.pos;
  start = Math.min(start, text.length);
  end = Math.min(Math.max(end, start), text.length);
  if (end === start) {
    // A zero-width error is hard to see: widen it to the rest of the line, or to the previous character at EOF.
    const eol = text.indexOf('\n', start);
    end = eol === -1 ? text.length : eol;
    if (end === start && start > 0) start--;
  }
  return { message, span: { start, end }, code: e.code, severity };
}

function span(node: YamlNode | null | undefined, fallback: number): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: fallback, end: fallback };
}

export function entriesOf(map: YAMLMap, lines: LineIndex): Entry[] {
  const out: Entry[] = [];
  for (const pair of map.items as Pair[]) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const keyNode = pair.key;
    const keySpan = span(keyNode, 0);
    const valueNode = (pair.value as YamlNode | null) ?? null;
    // An empty value (`dest:`) gets an empty span just after the colon.
    const afterColon = Math.min(lines.lineEnd(lines.positionAt(keySpan.end).line), keySpan.end + 1);
    const valueSpan = valueNode?.range ? span(valueNode, afterColon) : { start: afterColon, end: afterColon };
    out.push({ key: String(keyNode.value), keySpan, value: toJS(valueNode), valueNode, valueSpan });
  }
  return out;
}

function toJS(node: YamlNode | null): unknown {
  if (!node) return undefined;
  try {
    return node.toJSON();
  } catch {
    return undefined; // e.g. an alias to an anchor that failed to parse
  }
}

function nodeIndent(node: YamlNode, lines: LineIndex): number {
  return lines.positionAt(node.range?.[0] ?? 0).character;
}

function parsePlay(map: YAMLMap, lines: LineIndex): Play {
  const entries = entriesOf(map, lines);
  const get = (k: string) => entries.find((e) => e.key === k);
  const play: Play = {
    span: span(map, 0),
    indent: nodeIndent(map, lines),
    entries,
    name: asString(get('name')?.value),
    hosts: asHosts(get('hosts')?.value),
    importPlaybook: asString(
      (get('import_playbook') ?? get('ansible.builtin.import_playbook') ?? get('ansible.legacy.import_playbook'))
        ?.value,
    ),
    pre_tasks: [],
    tasks: [],
    post_tasks: [],
    handlers: [],
  };
  for (const section of taskSections) {
    const node = get(section)?.valueNode;
    if (isSeq(node)) play[section] = parseTaskList(node, section, lines);
  }
  return play;
}

function parseTaskList(seq: YamlNode, section: TaskSection, lines: LineIndex): Task[] {
  if (!isSeq(seq)) return [];
  const out: Task[] = [];
  for (const item of seq.items) if (isMap(item)) out.push(parseTask(item as YAMLMap, section, lines));
  return out;
}

function parseTask(map: YAMLMap, section: TaskSection, lines: LineIndex): Task {
  const entries = entriesOf(map, lines);
  const isBlock = entries.some((e) => e.key === 'block');
  const handler = section === 'handlers';
  const keywords = new Map<string, Entry>();
  const unknownKeys: Entry[] = [];
  const candidates: Entry[] = [];
  for (const e of entries) {
    if (isBlock ? blockKeywords.has(e.key) : isTaskKeyword(e.key, handler)) keywords.set(e.key, e);
    else candidates.push(e);
  }
  const task: Task = {
    kind: 'task',
    section,
    span: span(map, 0),
    indent: nodeIndent(map, lines),
    entries,
    name: asString(keywords.get('name')?.value),
    keywords,
    unknownKeys,
  };
  if (isBlock) {
    task.kind = 'block';
    for (const s of blockSections) {
      const node = keywords.get(s)?.valueNode;
      task[s] = isSeq(node) ? parseTaskList(node, s, lines) : [];
    }
    unknownKeys.push(...candidates);
    return task;
  }
  const actionEntry = keywords.get('action') ?? keywords.get('local_action');
  // Ansible takes the module from a non-keyword key, else from action/local_action. Without the
  // catalog we cannot tell a module from a misspelt keyword, so the first candidate that looks like
  // a module name wins (an FQCN first) and the validator, which knows the modules, reports the rest.
  const moduleEntry =
    candidates.find((e) => /^\w+\.\w+\.\w+$/.test(e.key)) ?? candidates.find((e) => /^[A-Za-z_][\w.]*$/.test(e.key));
  if (moduleEntry) task.module = moduleFromEntry(moduleEntry, keywords.get('args'), lines);
  else if (actionEntry) task.module = moduleFromAction(actionEntry, keywords.get('args'), lines);
  unknownKeys.push(...candidates.filter((e) => e !== moduleEntry));
  const m = task.module?.name.replace(/^ansible\.(builtin|legacy)\./, '');
  if (m === 'include_role' || m === 'import_role') task.kind = 'include_role';
  else if (m === 'include_tasks' || m === 'import_tasks' || m === 'include') task.kind = 'import_tasks';
  return task;
}

/** A task entry `module: args` (plus the task's `args:` keyword) as a module call. */
export function moduleFromEntry(e: Entry, argsKeyword: Entry | undefined, lines: LineIndex): ModuleCall {
  const call: ModuleCall = {
    name: e.key,
    nameSpan: e.keySpan,
    form: 'key',
    args: [],
    span: { start: e.keySpan.start, end: Math.max(e.keySpan.end, e.valueSpan.end) },
  };
  addArgs(call, e.valueNode, lines);
  if (argsKeyword) addArgs(call, argsKeyword.valueNode, lines);
  return call;
}

/** `action: copy src=a dest=b`, or `action: {module: copy, src: a}`. */
function moduleFromAction(e: Entry, argsKeyword: Entry | undefined, lines: LineIndex): ModuleCall | undefined {
  const form = e.key === 'local_action' ? 'local_action' : 'action';
  const node = e.valueNode;
  let call: ModuleCall | undefined;
  if (isScalar(node) && typeof node.value === 'string') {
    const src = scalarSource(node);
    const m = /^\s*([A-Za-z_][\w.]*)/.exec(src.text);
    if (!m) return undefined;
    const nameStart = src.offset + m.index + m[0].length - m[1].length;
    call = {
      name: m[1],
      nameSpan: { start: nameStart, end: nameStart + m[1].length },
      form,
      args: [],
      span: e.valueSpan,
    };
    addFreeForm(call, src.text.slice(m.index + m[0].length), src.offset + m.index + m[0].length);
  } else if (isMap(node)) {
    const entries = entriesOf(node as YAMLMap, lines);
    const mod = entries.find((x) => x.key === 'module');
    if (!mod || typeof mod.value !== 'string') return undefined;
    call = { name: mod.value, nameSpan: mod.valueSpan, form, args: [], span: e.valueSpan };
    for (const a of entries) if (a !== mod) call.args.push(entryArg(a));
  }
  if (call && argsKeyword) addArgs(call, argsKeyword.valueNode, lines);
  return call;
}

function entryArg(e: Entry): ModuleArg {
  return {
    name: e.key,
    nameSpan: e.keySpan,
    value: e.value,
    valueNode: e.valueNode,
    valueSpan: e.valueSpan,
    inline: false,
  };
}

function addArgs(call: ModuleCall, node: YamlNode | null, lines: LineIndex): void {
  if (isMap(node)) {
    for (const e of entriesOf(node as YAMLMap, lines)) call.args.push(entryArg(e));
  } else if (isScalar(node) && typeof node.value === 'string') {
    const src = scalarSource(node);
    addFreeForm(call, src.text, src.offset);
  }
}

/** The scalar's text and where it starts in the document (quotes excluded). */
function scalarSource(node: YamlNode): { text: string; offset: number } {
  const value = isScalar(node) ? String(node.value) : '';
  const start = node.range?.[0] ?? 0;
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return { text: value, offset: start + (quoted ? 1 : 0) };
}

/**
 * Splits `k=v` words out of a free-form argument string (`shell: echo hi creates=/tmp/x`), as
 * Ansible's parse_kv does: keys may hold dashes (`systemd: daemon-reload=true`, an alias), quoted
 * values may hold spaces, and `{{ … }}` is kept whole. A word that starts with a dash is a flag.
 * Offsets are exact for single-line plain and simply-quoted scalars, approximate otherwise.
 */
function addFreeForm(call: ModuleCall, text: string, offset: number): void {
  const kv = /(^|\s)([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\{\{.*?\}\}\S*|\S*)/g;
  const free: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = kv.exec(text))) {
    free.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const nameStart = offset + m.index + m[1].length;
    const raw = m[3];
    const value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    const valueStart = nameStart + m[2].length + 1;
    call.args.push({
      name: m[2],
      nameSpan: { start: nameStart, end: nameStart + m[2].length },
      value,
      valueNode: null,
      valueSpan: { start: valueStart, end: valueStart + raw.length },
      inline: true,
    });
  }
  free.push(text.slice(last));
  const rest = free.join(' ').trim();
  if (rest) {
    const at = text.indexOf(rest.split(/\s+/)[0]);
    call.freeForm = { text: rest, span: { start: offset + Math.max(0, at), end: offset + text.trimEnd().length } };
  }
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v);
}

function asHosts(v: unknown): string | undefined {
  return Array.isArray(v) ? v.map(String).join(',') : asString(v);
}
