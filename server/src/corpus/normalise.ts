// The identity of a task for de-duplication: module (FQCN when known), arguments and name, with
// key order and whitespace ignored. Two tasks with the same key are the same suggestion.

import { createHash } from 'node:crypto';

export function normalisedTask(fqcn: string, module: string, args: Record<string, unknown>, name: string): string {
  return stableJson({ m: fqcn || module, a: args, n: squash(name) });
}

/** JSON with sorted keys and whitespace-collapsed strings. */
export function stableJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(squash(value));
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function shortHash(text: string, length = 16): string {
  return createHash('sha1').update(text).digest('hex').slice(0, length);
}
