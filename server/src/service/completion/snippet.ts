// Snippet text for `key: value` insertions, shaped by the kind of value the key takes. Snippets
// carry absolute indentation and are sent with InsertTextMode.asIs: the client must not re-indent
// them (its "adjust indentation" would indent from the `- ` of a list item line, one step too far
// left for the keys of the task).

import type { ModuleOption } from '../../catalog/types';
import { yamlValue } from '../markdown';

export type ValueShape =
  { kind: 'scalar' } | { kind: 'bool' } | { kind: 'choices'; choices: string[] } | { kind: 'list' } | { kind: 'dict' };

export const escapeSnippet = (s: string): string => s.replace(/[\\$}]/g, '\\$&');
const escapeChoice = (s: string): string => s.replace(/[\\$}|,]/g, '\\$&');

export const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

/**
 * `key: $1`, `key: ${1|true,false|}`, `key:\n<deeper>- $1`, … for a key at column `col`.
 * Lines after the first start at column 0 of the document (absolute indentation).
 */
export function keyValueSnippet(key: string, shape: ValueShape, col: number, unit: number, stop = 1): string {
  const k = escapeSnippet(key);
  switch (shape.kind) {
    case 'bool':
      return `${k}: \${${stop}|true,false|}`;
    case 'choices':
      return `${k}: \${${stop}|${shape.choices.map(escapeChoice).join(',')}|}`;
    case 'list':
      return `${k}:\n${spaces(col + unit)}- $${stop}`;
    case 'dict':
      return `${k}:\n${spaces(col + unit)}$${stop}`;
    default:
      return `${k}: $${stop}`;
  }
}

export function optionShape(opt: ModuleOption): ValueShape {
  if (opt.type === 'bool') return { kind: 'bool' };
  if (opt.choices?.length && opt.type !== 'list') return { kind: 'choices', choices: opt.choices.map(yamlValue) };
  if (opt.type === 'list') return { kind: 'list' };
  if (opt.type === 'dict') return { kind: 'dict' };
  return { kind: 'scalar' };
}
