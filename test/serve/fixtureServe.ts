// `scribe serve` on a small corpus built for the test (the model's fixture tasks, stored with
// saveCorpus as `scribe index build` stores a real one), the installed module catalog, port 0.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSchema, saveCorpus } from '../../server/src/corpus/index';
import { openEmbeddedBackend, type EmbeddedBackend } from '../../server/src/serve/backend';
import { startServe, type RunningServer } from '../../server/src/serve/openaiServer';
import { sharedCatalogCache } from '../helpers/workspace';
import { fixtureCorpus } from '../model/fixtureCorpus';

export interface FixtureServe {
  url: string;
  running: RunningServer;
  backend: EmbeddedBackend;
  corpusDir: string;
  dispose(): Promise<void>;
}

export function writeFixtureCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scribe-serve-corpus-'));
  const tasks = fixtureCorpus();
  saveCorpus(dir, tasks, {
    schema: corpusSchema,
    key: 'serve-test',
    createdAt: new Date().toISOString(),
    stats: { tasks: tasks.length, modules: 0, collections: 1, licences: { MIT: tasks.length }, origins: {}, millis: 0 },
  });
  return dir;
}

export async function startFixtureServe(): Promise<FixtureServe> {
  const corpusDir = writeFixtureCorpus();
  const backend = await openEmbeddedBackend({ corpusDir, cacheDir: sharedCatalogCache });
  const running = await startServe({ model: backend.model, catalog: backend.catalog, port: 0 });
  return {
    url: running.url,
    running,
    backend,
    corpusDir,
    dispose: async () => {
      await running.close();
      backend.dispose();
      rmSync(corpusDir, { recursive: true, force: true });
    },
  };
}
