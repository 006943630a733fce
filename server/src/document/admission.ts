// Which texts are analysed at all. A document too large to analyse within the editor's budgets, or
// one that is not text (binary, or bytes that are not UTF-8), gets one clear finding instead of the
// hundreds of syntax errors a YAML parser would report, and costs no parse. The CLI refuses such
// files with the same words.

/** Documents above this size are not analysed: 5 MB, far beyond any real playbook. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * Lines longer than this are not analysed either: 1 MB on one line is generated content (minified
 * JSON), and the YAML parser's nodes for it took ~450 MiB and 3.5 s at 5 MB (bench: "one line 5.0 MB").
 */
export const MAX_LINE_CHARS = 1024 * 1024;

export interface Refusal {
  /** 'too-large' and 'long-line' are warnings (the file may be fine); the others are errors (Ansible cannot read it). */
  code: 'too-large' | 'long-line' | 'binary' | 'not-utf8';
  message: string;
  /** Offset of the first offending character (0 for a size refusal). */
  offset: number;
}

const REFUSALS: ReadonlySet<string> = new Set<Refusal['code']>(['too-large', 'long-line', 'binary', 'not-utf8']);

/** Whether a syntax finding's code is a refusal (the document's only finding then). */
export function isRefusal(code: string): boolean {
  return REFUSALS.has(code);
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function tooLarge(size: number): Refusal | undefined {
  if (size <= MAX_DOCUMENT_BYTES) return undefined;
  const message = `not analysed: the file is ${megabytes(size)}, more than the ${megabytes(MAX_DOCUMENT_BYTES)} Ansible Scribe analyses`;
  return { code: 'too-large', message, offset: 0 };
}

/** The first line longer than MAX_LINE_CHARS, as a refusal (`find` is indexOf of a line feed). */
function longLine(size: number, find: (from: number) => number): Refusal | undefined {
  for (let start = 0; start < size;) {
    const nl = find(start);
    const end = nl < 0 ? size : nl;
    if (end - start > MAX_LINE_CHARS) {
      const message = `not analysed: line ${countLines(find, start)} is ${megabytes(end - start)} long, more than the ${megabytes(MAX_LINE_CHARS)} per line Ansible Scribe analyses`;
      return { code: 'long-line', message, offset: start };
    }
    start = end + 1;
  }
  return undefined;
}

/** The 1-based number of the line that starts at `offset`. */
function countLines(find: (from: number) => number, offset: number): number {
  let n = 1;
  for (let at = find(0); at >= 0 && at < offset; at = find(at + 1)) n++;
  return n;
}

const binary = (offset: number): Refusal => ({
  code: 'binary',
  message: 'not analysed: a binary file, not YAML text',
  offset,
});
const notUtf8 = (offset: number): Refusal => ({
  code: 'not-utf8',
  message: 'not analysed: the file holds bytes that are not UTF-8 text',
  offset,
});

/**
 * Why `text` is not analysed, or undefined. NUL characters mean binary content; U+FFFD is what an
 * editor or decoder puts where bytes were not UTF-8. The size counts UTF-16 code units, at most the
 * UTF-8 byte count of the same text.
 */
export function refusalOf(text: string, options: AdmissionOptions = {}): Refusal | undefined {
  const large = tooLarge(text.length);
  if (large) return large;
  const nul = text.indexOf('\0');
  if (nul >= 0) return binary(nul);
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return notUtf8(bad);
  return options.longLines ? undefined : longLine(text.length, (from) => text.indexOf('\n', from));
}

export interface AdmissionOptions {
  /** Lines of any length are analysed: a window of a long line, the rest blanked (window.ts). */
  longLines?: boolean;
}

/** The same judgement on a file's bytes (the CLI reads files). */
export function refusalOfBytes(bytes: Buffer): Refusal | undefined {
  const large = tooLarge(bytes.length);
  if (large) return large;
  const nul = bytes.indexOf(0);
  if (nul >= 0) return binary(nul);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return notUtf8(0);
  }
  return longLine(bytes.length, (from) => bytes.indexOf(10, from));
}
