// The task body as YAML (without the name line, at indent 0), as a user would write it.

import { stringify } from 'yaml';

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
