// Semantic tokens (textDocument/semanticTokens/full and /range): play and task keywords, module
// names, module options, variables declared by `vars:`/`register:`, and Jinja inside `{{ }}`,
// `{% %}` and the bare expressions of `when:`-like keywords (delimiters, variables, attributes,
// filters, Jinja keywords, strings, numbers). Pure: AnsibleDocument → LSP's relative encoding.
// One pass over the model and one over the text: linear in the document's size.

import { isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { BARE_EXPRESSION_KEYS, JINJA_KEYWORDS } from '../../document/jinja';
import { allTasks, type AnsibleDocument, type Entry, type Task } from '../../document/model';

/** The legend the server declares; token types and modifiers are indexes into these (standard LSP names). */
export const SEMANTIC_TOKEN_TYPES = [
  'keyword',
  'function',
  'property',
  'variable',
  'macro',
  'operator',
  'string',
  'number',
] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface RawToken {
  /** Offset in the text. */
  start: number;
  length: number;
  type: SemanticTokenType;
  modifiers?: readonly SemanticTokenModifier[];
}

/** Keys whose value Ansible evaluates as a bare Jinja expression (and assert's `that`). */
const BARE_JINJA: ReadonlySet<string> = new Set([...BARE_EXPRESSION_KEYS, 'that']);

/** The document's tokens in text order, without overlaps; each on one line. */
export function semanticTokenList(doc: AnsibleDocument): RawToken[] {
  const out: RawToken[] = [];
  const text = doc.text;
  const keyword = (e: Entry) => out.push({ start: e.keySpan.start, length: e.key.length, type: 'keyword' });

  const declared = (e: Entry | undefined) => {
    if (!e) return;
    if (e.key === 'register' && isScalar(e.valueNode) && typeof e.value === 'string')
      out.push({ ...spanOf(e.valueNode), type: 'variable', modifiers: ['declaration'] });
    if (e.key === 'vars' && e.valueNode && 'items' in e.valueNode) {
      for (const pair of (e.valueNode as { items: { key?: unknown }[] }).items) {
        const k = pair.key as YamlNode | undefined;
        if (isScalar(k) && typeof k.value === 'string')
          out.push({ ...spanOf(k), type: 'variable', modifiers: ['declaration'] });
      }
    }
  };
  const bare = (node: YamlNode | null | undefined) => {
    if (!node) return;
    const nodes = isSeq(node) ? node.items : [node];
    for (const n of nodes) {
      if (!isScalar(n) || typeof n.value !== 'string' || n.value.includes('{{') || !n.range) continue;
      let [s, end] = n.range;
      const q = text[s];
      if (q === '"' || q === "'") {
        s++;
        end--;
      }
      jinjaExpression(text, s, end, out);
    }
  };

  for (const play of doc.plays) {
    for (const e of play.entries) keyword(e);
    declared(play.entries.find((e) => e.key === 'vars'));
  }
  for (const task of allTasks(doc)) taskTokens(task, keyword, declared, bare, out);
  jinjaTemplates(text, out);

  out.sort((a, b) => a.start - b.start || b.length - a.length);
  const kept: RawToken[] = [];
  let end = -1;
  for (const t of out) {
    if (t.length <= 0 || t.start < end) continue;
    const s = text.slice(t.start, t.start + t.length);
    if (s.includes('\n') || s.includes('\r')) continue;
    kept.push(t);
    end = t.start + t.length;
  }
  return kept;
}

function spanOf(n: YamlNode): { start: number; length: number } {
  const [s, e] = n.range ?? [0, 0];
  return { start: s, length: e - s };
}

function taskTokens(
  task: Task,
  keyword: (e: Entry) => void,
  declared: (e: Entry | undefined) => void,
  bare: (node: YamlNode | null | undefined) => void,
  out: RawToken[],
): void {
  const moduleStart = task.module?.span.start;
  for (const e of task.entries) if (e.keySpan.start !== moduleStart || task.module?.form !== 'key') keyword(e);
  const m = task.module;
  if (m) {
    // ansible.builtin's modules are the standard library.
    const builtin = m.name.startsWith('ansible.builtin.') || m.name.startsWith('ansible.legacy.');
    out.push({
      start: m.nameSpan.start,
      length: m.nameSpan.end - m.nameSpan.start,
      type: 'function',
      ...(builtin ? { modifiers: ['defaultLibrary'] as const } : {}),
    });
    for (const a of m.args) {
      out.push({ start: a.nameSpan.start, length: a.nameSpan.end - a.nameSpan.start, type: 'property' });
      if (a.name === 'that') bare(a.valueNode);
    }
  }
  declared(task.keywords.get('register'));
  declared(task.keywords.get('vars'));
  for (const k of BARE_JINJA) bare(task.keywords.get(k)?.valueNode);
}

/** `{{ … }}` and `{% … %}` anywhere in the text outside comment lines: delimiters and their expressions. */
function jinjaTemplates(text: string, out: RawToken[]): void {
  const open = /\{\{|\{%/g;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    const at = m.index;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (/^\s*#/.test(text.slice(lineStart, at))) continue;
    const closer = m[0] === '{{' ? '}}' : '%}';
    const close = text.indexOf(closer, at + 2);
    if (close < 0) break;
    out.push({ start: at, length: 2, type: 'macro' });
    let s = at + 2;
    if (text[s] === '-' || text[s] === '+') s++;
    let e = close;
    if (text[e - 1] === '-' || text[e - 1] === '+') e--;
    jinjaExpression(text, s, e, out);
    out.push({ start: close, length: 2, type: 'macro' });
    open.lastIndex = close + 2;
  }
}

const JINJA_TOKEN = /([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?)|('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|(\s+)|(.)/gy;

/** The tokens of one Jinja expression in text[start, end). */
function jinjaExpression(text: string, start: number, end: number, out: RawToken[]): void {
  const src = text.slice(start, end);
  JINJA_TOKEN.lastIndex = 0;
  let prev = '';
  let m: RegExpExecArray | null;
  while (JINJA_TOKEN.lastIndex < src.length && (m = JINJA_TOKEN.exec(src))) {
    const at = start + m.index;
    const len = m[0].length;
    if (m[1]) {
      const word = m[1];
      if (prev === '.') out.push({ start: at, length: len, type: 'property' });
      else if (prev === '|' || (prev === 'is' && !JINJA_KEYWORDS.has(word)))
        out.push({ start: at, length: len, type: 'function' });
      else if (JINJA_KEYWORDS.has(word)) out.push({ start: at, length: len, type: 'keyword' });
      else out.push({ start: at, length: len, type: 'variable' });
      prev = word === 'is' || word === 'not' ? (prev === 'is' ? 'is' : word) : word;
      continue;
    }
    if (m[2]) out.push({ start: at, length: len, type: 'number' });
    else if (m[3]) out.push({ start: at, length: len, type: 'string' });
    else if (m[5] && '|=<>!+-*/%~'.includes(m[5])) out.push({ start: at, length: len, type: 'operator' });
    if (!m[4]) prev = m[0];
  }
}

/**
 * LSP's encoding (5 integers per token: line delta, start delta, length, type, modifier bits),
 * optionally only the tokens on lines [fromLine, toLine].
 */
export function semanticTokens(doc: AnsibleDocument, lines?: { fromLine: number; toLine: number }): number[] {
  const data: number[] = [];
  let lastLine = 0;
  let lastChar = 0;
  for (const t of semanticTokenList(doc)) {
    const p = doc.lines.positionAt(t.start);
    if (lines && (p.line < lines.fromLine || p.line > lines.toLine)) continue;
    let bits = 0;
    for (const mod of t.modifiers ?? []) bits |= 1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(mod);
    data.push(
      p.line - lastLine,
      p.line === lastLine ? p.character - lastChar : p.character,
      t.length,
      SEMANTIC_TOKEN_TYPES.indexOf(t.type),
      bits,
    );
    lastLine = p.line;
    lastChar = p.character;
  }
  return data;
}
