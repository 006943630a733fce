// Where the server and the CLI keep their caches (module catalog, corpus, model) when the editor
// gives no folder of its own.

import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ansible-scribe');
}
