// What the TypeScript-importing benches share: they re-run themselves under tsx (with --expose-gc
// and a large heap) so they can import server/src directly, and read `--name value` options.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** In the parent process: runs the bench at `url` again under tsx and exits with its status. */
export function runUnderTsx(url) {
  if (process.env.SCRIBE_BENCH_CHILD) return;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--max-old-space-size=16384', fileURLToPath(url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, SCRIBE_BENCH_CHILD: '1' }, cwd: root },
  );
  process.exit(r.status ?? 1);
}

export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** A file of the repository as an import URL. */
export const src = (p) => pathToFileURL(join(root, p)).href;
