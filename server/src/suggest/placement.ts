// Post-processing: a model's task body (YAML at indent 0, 2-space steps) placed at the user's
// indentation — under the `- name:` line for a single task, as whole `- name:` tasks for a
// multi-task comment — with the file's own indentation step. Block scalar text keeps its inner
// layout; only its base indentation moves.

import { stringify } from 'yaml';

const MODEL_STEP = 2;

/** Re-indents YAML written with 2-space steps to `unit`-space steps. */
export function reindent(yaml: string, unit: number): string {
  if (unit === MODEL_STEP) return yaml;
  const lines = yaml.split('\n');
  const out: string[] = [];
  let block: { header: number; base?: number; to: number } | undefined;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (block && (line.trim() === '' || indent > block.header)) {
      block.base ??= indent;
      out.push(line.trim() === '' ? line : ' '.repeat(block.to + indent - block.base) + line.trimStart());
      continue;
    }
    block = undefined;
    const to = Math.round((indent / MODEL_STEP) * unit);
    out.push(line.trim() === '' ? line : ' '.repeat(to) + line.trimStart());
    // `key: |`, `- key: >-` … : the lines below are text.
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(line)) {
      const keyCol = to + (/^\s*(-\s+)*/.exec(line.trimStart())?.[0].length ?? 0);
      block = { header: indent, to: keyCol + unit };
    }
  }
  return out.join('\n');
}

function indentLines(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => (l.trim() ? pad + l : ''))
    .join('\n');
}

/** The body of one task, to go on the lines below its `- name:` line (ends with a newline). */
export function placeBody(bodyYaml: string, indent: number, unit: number): string {
  return indentLines(reindent(bodyYaml.replace(/\n+$/, ''), unit), indent) + '\n';
}

/** A whole task `- name: <description>` + body, starting at `listIndent` (ends with a newline). */
export function placeTask(
  description: string,
  bodyYaml: string,
  listIndent: number,
  indent: number,
  unit: number,
): string {
  const name = stringify(description, { lineWidth: 0 }).trim();
  return `${' '.repeat(listIndent)}- name: ${name}\n${placeBody(bodyYaml, indent, unit)}`;
}
