// Task YAML as text (a generated task, accepted AI text) back to its mappings, whatever column it
// was written at.

import { parse } from 'yaml';

/** Removes the common indentation of the non-blank lines. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const pad = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return Number.isFinite(pad) ? lines.map((l) => l.slice(pad)).join('\n') : text;
}

/** The task mappings of a `- name: …` list; none when the text does not parse as one. */
export function taskMappings(text: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = parse(dedent(text));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter(
    (t): t is Record<string, unknown> => !!t && typeof t === 'object' && !Array.isArray(t),
  );
}
