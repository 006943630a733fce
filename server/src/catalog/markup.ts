// Ansible documentation markup → plain, markdown-ish text.
// Classic markup: C() I() B() M() U() L(text,url) R(text,ref) HORIZONTALLINE; semantic markup
// (ansible-core 2.15+, already used by collections on 2.14): O() V() E() RV() P(). Inside a
// semantic macro `\)` and `\\` are escapes (see antsibull-docs-parser, the reference parser).
// The result is stored and shown in plain text (completion details) as well as in Markdown, so it is
// not escaped here: Markdown builders put it through document/markdown.ts `sanitizeMarkdown`. What
// this file decides is that only an http(s) address becomes a link (`L(text,url)`); any other
// target (`command:`, `file:`, `javascript:` …) leaves the text alone.

const MACRO = /\b(C|I|B|M|U|L|R|V|O|E|RV|P)\(|HORIZONTALLINE/g;

/** Reads a macro argument from `start` (just after the opening parenthesis) up to the closing one. */
function readArgument(text: string, start: number, escapes: boolean): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (escapes && ch === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i++;
      continue;
    }
    if (ch === ')') return { value, end: i + 1 };
    value += ch;
  }
  return undefined;
}

/** `ns.coll.plugin#type:name=value` or `ignore:name` (semantic O/RV) → the part a reader needs. */
function optionName(value: string): string {
  let v = value;
  if (v.startsWith('ignore:')) v = v.slice('ignore:'.length);
  const hash = v.indexOf('#');
  if (hash >= 0) {
    const colon = v.indexOf(':', hash);
    if (colon >= 0) v = v.slice(colon + 1);
  }
  return v;
}

function render(macro: string, arg: string): string {
  switch (macro) {
    case 'C':
    case 'V':
    case 'E':
    case 'M':
      return '`' + arg + '`';
    case 'P':
      // P(ns.coll.name#type)
      return '`' + arg.split('#')[0] + '`';
    case 'O':
    case 'RV':
      return '`' + optionName(arg) + '`';
    case 'I':
      return '*' + arg + '*';
    case 'B':
      return '**' + arg + '**';
    case 'U':
      return arg;
    case 'L': {
      const comma = arg.lastIndexOf(',');
      if (comma < 0) return arg;
      const label = arg.slice(0, comma).trim();
      const url = arg.slice(comma + 1).trim();
      return /^https?:\/\/[^\s()]+$/i.test(url) ? `[${label}](${url})` : label;
    }
    case 'R': {
      const comma = arg.lastIndexOf(',');
      return comma < 0 ? arg : arg.slice(0, comma).trim();
    }
    default:
      return arg;
  }
}

const SEMANTIC = new Set(['O', 'V', 'E', 'RV', 'P']);

/** Turns one string of Ansible markup into plain text. Unknown or unbalanced macros are left as written. */
export function stripMarkup(text: string): string {
  let out = '';
  let last = 0;
  MACRO.lastIndex = 0;
  for (let m = MACRO.exec(text); m; m = MACRO.exec(text)) {
    out += text.slice(last, m.index);
    if (m[0] === 'HORIZONTALLINE') {
      out += '---';
      last = m.index + m[0].length;
      continue;
    }
    const macro = m[1];
    const arg = readArgument(text, m.index + m[0].length, SEMANTIC.has(macro));
    if (!arg) {
      out += m[0];
      last = m.index + m[0].length;
      continue;
    }
    out += render(macro, arg.value);
    last = arg.end;
    MACRO.lastIndex = arg.end;
  }
  return out + text.slice(last);
}

/**
 * ansible-doc descriptions are a string, a list of strings, or (rarely, in broken docs) nested
 * lists or other scalars. Returns the paragraphs with markup stripped, empty ones dropped.
 */
export function paragraphs(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => paragraphs(v));
  if (typeof value === 'object') return [];
  const text = stripMarkup(String(value)).trim();
  return text ? [text] : [];
}
