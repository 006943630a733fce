// Where a block of generated text stands in a document the user kept: verbatim, or re-indented as
// a whole (a generated task pasted one level deeper, or a role's task file at column 0). A block
// that was edited inside is not found: it is no longer the text the model wrote.

import type { Range } from './types';

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The block's lines without its final line break (and without trailing blank lines). */
function blockLines(block: string): string[] {
  const lines = block.replace(/\r\n/g, '\n').split('\n');
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

/** Whether `line` is `expected` shifted right by `shift` columns (left when negative). */
function shifted(line: string, expected: string, shift: number): boolean {
  if (!expected.trim()) return !line.trim();
  if (shift >= 0) return line === ' '.repeat(shift) + expected;
  return indentOf(expected) >= -shift && line === expected.slice(-shift);
}

/**
 * The range of `block` in `text` (whole lines, ending at the start of the line after it), searched
 * from `fromLine` on, then from the top; undefined when it is not there.
 */
export function locateBlock(text: string, block: string, fromLine = 0): Range | undefined {
  const want = blockLines(block);
  if (!want.length) return undefined;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const first = want[0].trimStart();
  const matchAt = (i: number): boolean => {
    if (lines[i].trimStart() !== first || i + want.length > lines.length) return false;
    const shift = indentOf(lines[i]) - indentOf(want[0]);
    return want.every((w, j) => shifted(lines[i + j], w, shift));
  };
  const order = [...Array(lines.length).keys()];
  const start = [...order.slice(fromLine), ...order.slice(0, fromLine)].find(matchAt);
  if (start === undefined) return undefined;
  const end = start + want.length;
  return end < lines.length
    ? { start: { line: start, character: 0 }, end: { line: end, character: 0 } }
    : { start: { line: start, character: 0 }, end: { line: end - 1, character: lines[end - 1].length } };
}
