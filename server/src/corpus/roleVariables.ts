// Variable names a role defines for its tasks: the keys of defaults/main and vars/main.

import { join } from 'node:path';
import { parse } from 'yaml';
import { varsKeys } from './extract';
import { readText } from './files';

const customTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

/** Keys of a vars file's top-level mapping ([] when it is missing or broken). */
export function varsFileKeys(text: string | undefined): string[] {
  if (!text) return [];
  try {
    return varsKeys(parse(text, { customTags, strict: false, prettyErrors: false, logLevel: 'silent' }));
  } catch {
    return [];
  }
}

/** `read(relPath)` reads a file of the role folder. */
export function roleVariables(read: (rel: string) => string | undefined): string[] {
  const names: string[] = [];
  for (const dir of ['defaults', 'vars'])
    for (const file of ['main.yml', 'main.yaml']) names.push(...varsFileKeys(read(`${dir}/${file}`)));
  return [...new Set(names)];
}

export function roleVariablesOnDisk(roleDir: string): string[] {
  return roleVariables((rel) => readText(join(roleDir, rel)));
}
