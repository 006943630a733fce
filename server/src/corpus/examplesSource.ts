// Pulls the EXAMPLES string out of a module's Python source without running Python: the module
// files assign it as one string literal (`EXAMPLES = r'''…'''`, `"""…"""`, optional r/u prefix).

export type ExamplesResult =
  | { kind: 'found'; text: string; /** 1-based line of the first line of `text` in the file. */ line: number }
  | { kind: 'none' }
  /** `EXAMPLES = a + b`, `EXAMPLES = '...' % x`, a function call …: not a plain literal. */
  | { kind: 'unsupported' };

const assignment = /^EXAMPLES\s*=\s*/m;

export function extractExamples(source: string): ExamplesResult {
  const m = assignment.exec(source);
  if (!m) return { kind: 'none' };
  let i = m.index + m[0].length;
  // `EXAMPLES = \` followed by the literal on the next line.
  const cont = /^\\\r?\n\s*/.exec(source.slice(i));
  if (cont) i += cont[0].length;
  // `EXAMPLES = (` … `)` around a single literal.
  let paren = false;
  const open = /^\(\s*/.exec(source.slice(i));
  if (open) {
    paren = true;
    i += open[0].length;
  }
  const lit = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(source.slice(i));
  if (!lit) return { kind: 'unsupported' };
  const raw = /r/i.test(lit[1]);
  const quote = lit[2];
  const start = i + lit[0].length;
  const end = findClose(source, start, quote);
  if (end < 0) return { kind: 'unsupported' };
  // Anything but the end of the statement after the literal (`+ other`, `% x`, `.format()`) is unsupported.
  let rest = source.slice(end + quote.length);
  if (paren) rest = rest.replace(/^\s*\)/, '');
  if (!/^[ \t]*(?:#.*)?(?:\r?\n|$)/.test(rest)) return { kind: 'unsupported' };
  const body = source.slice(start, end);
  const line = source.slice(0, start).split('\n').length;
  return { kind: 'found', text: raw ? body : unescape(body), line };
}

function findClose(source: string, from: number, quote: string): number {
  for (let j = from; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') {
      j++; // escaped character, also in raw strings (a raw string cannot end in an odd backslash)
      continue;
    }
    if (source.startsWith(quote, j)) return j;
    if (quote.length === 1 && c === '\n') return -1;
  }
  return -1;
}

/** Python escape sequences of a non-raw string literal that occur in EXAMPLES. */
function unescape(s: string): string {
  return s.replace(/\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|N\{[^}]*\})/g, (all, e: string) => {
    switch (e[0]) {
      case '\n':
      case '\r':
        return '';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
      case 'u':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'N':
        return all; // named escapes are not worth a table
      default:
        return e;
    }
  });
}
