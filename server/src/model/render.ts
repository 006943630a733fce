// The task body as YAML (without the name line, at indent 0), as a user would write it.

import { stringify } from 'yaml';

/**
 * File modes parsed as YAML 1.2 integers lose their octal meaning (`mode: 0644` read as 644):
 * write them back as the quoted octal string Ansible documents.
 */
export function octalMode(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v) && /^[0-7]{3,4}$/.test(String(v))) return `0${String(v)}`.slice(-4);
  return v;
}

export function renderTask(fqcn: string, args: Record<string, unknown>, keywords: Record<string, unknown>): string {
  const { _raw_params: raw, ...rest } = args;
  const body: Record<string, unknown> = {};
  if (typeof raw === 'string') {
    body[fqcn] = raw;
    if (Object.keys(rest).length) body.args = rest;
  } else {
    body[fqcn] = Object.keys(rest).length ? rest : null;
  }
  Object.assign(body, keywords);
  return stringify(body, { lineWidth: 0, indent: 2, nullStr: '' });
}

/** A task body with no blank lines and no trailing spaces (ghost text is inserted verbatim). */
export function tidyTask(yaml: string): string {
  return (
    yaml
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l !== '')
      .join('\n') + '\n'
  );
}
