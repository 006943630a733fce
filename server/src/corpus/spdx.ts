// Licence names as other tools write them (GitHub's licence keys in ansible-content-parser's
// ftdata, `--license` on the command line) → SPDX ids. Unknown names are kept as written only
// when they look like an SPDX expression; empty or "other" is NOASSERTION.

import { NOASSERTION } from './licence';

const canonical = [
  'Apache-2.0',
  'MIT',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'ISC',
  'MPL-2.0',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'PSF-2.0',
  'Unlicense',
  'CC0-1.0',
];
const byLower = new Map(canonical.map((id) => [id.toLowerCase(), id]));
// GitHub's keys and the deprecated SPDX ids they equal: "gpl-3.0" is "GPL-3.0" (deprecated) = GPL-3.0-only.
for (const [k, v] of [
  ['gpl-2.0', 'GPL-2.0-only'],
  ['gpl-3.0', 'GPL-3.0-only'],
  ['lgpl-2.1', 'LGPL-2.1-only'],
  ['lgpl-3.0', 'LGPL-3.0-only'],
  ['agpl-3.0', 'AGPL-3.0-only'],
  ['gpl-2.0+', 'GPL-2.0-or-later'],
  ['gpl-3.0+', 'GPL-3.0-or-later'],
  ['bsd-2-clause-simplified', 'BSD-2-Clause'],
  ['bsd-3-clause-new', 'BSD-3-Clause'],
])
  byLower.set(k, v);

const unknown = new Set(['', 'other', 'noassertion', 'unknown', 'none', 'null']);

export function toSpdx(name: string | null | undefined): string {
  const n = (name ?? '').trim();
  if (unknown.has(n.toLowerCase())) return NOASSERTION;
  const id = byLower.get(n.toLowerCase());
  if (id) return id;
  // An SPDX expression (ids, AND/OR/WITH, parentheses) is kept as written; prose is not an id.
  return /^[A-Za-z0-9.+\-() ]+$/.test(n) && !/\s/.test(n.replace(/\s+(AND|OR|WITH)\s+/g, '')) ? n : NOASSERTION;
}
