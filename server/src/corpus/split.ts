// Train/test split by source unit (a module file, a role, a playbook), seeded and deterministic,
// so that nothing of a held-out file is ever trained on.

import { createHash } from 'node:crypto';

export const defaultSplitSeed = 'scribe-split-v1';
/** Share of source units held out for evaluation. */
export const testShare = 0.1;

export function splitOf(unit: string, seed = defaultSplitSeed): 'train' | 'test' {
  const h = createHash('sha1').update(`${seed}\0${unit}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < testShare ? 'test' : 'train';
}

/** The unit a file belongs to: its role folder for role files, else the file itself. */
export function splitUnit(container: string, path: string): string {
  const role = /^(.*?(?:^|\/)roles\/[^/]+)\//.exec(path);
  return `${container}/${role ? role[1] : path}`;
}
