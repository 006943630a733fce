// The cache key of a corpus: a hash of everything that was indexed, so an unchanged machine says
// "up to date" and any new collection version, ftdata file or edited tree triggers a rebuild.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectionStamps } from './collections';
import type { BuildOptions } from './build';
import { shortHash } from './normalise';
import { corpusSchema } from './store';
import { treeStamp } from './tree';

/** Bump with any change to extraction that changes the records (in addition to corpusSchema). */
export const extractorVersion = 5; // 3: YAML merge keys expanded; 4: plays and prose in EXAMPLES are not tasks; 5: dashed k=v keys

export function corpusKey(options: BuildOptions): string {
  const parts: string[] = [`schema ${corpusSchema}`, `extractor ${extractorVersion}`, `seed ${options.seed ?? ''}`];
  if (options.core) parts.push(`core ${options.core.version} ${options.core.path}`);
  if (options.collectionRoots)
    for (const stamp of collectionStamps(options.collectionRoots)) parts.push(`collection ${stamp}`);
  for (const f of options.ftdata ?? []) {
    const path = resolve(f);
    let stamp = 'missing';
    try {
      const s = statSync(path);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      // a missing file is reported by the build itself
    }
    parts.push(`ftdata ${path} ${stamp}`);
  }
  for (const d of options.dirs ?? []) parts.push(`dir ${treeStamp(d)}`);
  if (options.license) parts.push(`license ${options.license}`);
  // With the catalog's routing, more short names resolve: a build without it is a different corpus.
  parts.push(`resolver ${options.resolveModule ? 'catalog' : 'installed files'}`);
  return shortHash(parts.join('\n'), 20);
}
