// `scribe serve` on a small corpus built for the test (the model's fixture tasks, stored with
// saveCorpus as `scribe index build` stores a real one), the installed module catalog, port 0:
// in this process (startFixtureServe, with any limits or token) or as its own process
// (spawnFixtureServe: `scribe serve`'s command line, for attacks that would stall this one).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusSchema, saveCorpus } from '../../server/src/corpus/index';
import { openEmbeddedBackend, type EmbeddedBackend } from '../../server/src/serve/backend';
import { startServe, type RunningServer, type ServeOptions } from '../../server/src/serve/openaiServer';
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

export async function startFixtureServe(
  options: Pick<ServeOptions, 'limits' | 'token' | 'log' | 'policy'> = {},
): Promise<FixtureServe> {
  const corpusDir = writeFixtureCorpus();
  const backend = await openEmbeddedBackend({ corpusDir, cacheDir: sharedCatalogCache });
  const running = await startServe({
    ...options,
    model: backend.model,
    catalog: backend.catalog,
    attributionIndex: () => backend.index,
    lookup: backend.lookup,
    port: 0,
  });
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

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  /** What it printed (stdout and stderr). */
  output(): string;
  dispose(): Promise<void>;
}

/** `scribe serve --port 0 --corpus <fixture> [args]` in a child process, once it listens. */
export async function spawnFixtureServe(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const corpusDir = writeFixtureCorpus();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, 'serveChild.ts'),
      '--port',
      '0',
      '--corpus',
      corpusDir,
      '--cache-dir',
      sharedCatalogCache,
      ...args,
    ],
    { env: { ...process.env, ...env } },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(corpusDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scribe serve did not listen within 60 s: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        const m = /scribe serve: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`scribe serve exited ${code} before listening: ${out}`));
      });
    });
    return { url, port: Number(new URL(url).port), child, output: () => out, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}
