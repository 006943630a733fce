// `scribe serve` in a child process stops cleanly (exit 0, port released) on SIGINT and SIGTERM.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedCatalogCache } from '../helpers/workspace';
import { writeFixtureCorpus } from './fixtureServe';

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('scribe serve process', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops on ${signal}`, { timeout: 60_000 }, async () => {
      const corpus = writeFixtureCorpus();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, 'serveChild.ts'),
          '--port',
          '0',
          '--corpus',
          corpus,
          '--cache-dir',
          sharedCatalogCache,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      try {
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', () => {
            const m = /scribe serve: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
            if (m) resolve(m[1]);
          });
          child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
        });
        assert.equal(await get(`${url}/models`), 200);
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill(signal);
        assert.equal(await exited, 0);
        assert.match(out, /exit 0\n$/);
        await assert.rejects(get(`${url}/models`), /ECONNREFUSED/);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(corpus, { recursive: true, force: true });
      }
    });
  }
});
