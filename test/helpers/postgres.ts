// A real PostgreSQL for the tests: Debian's `postgresql` package (CI installs it), a throwaway
// cluster in a temporary folder (initdb), started on a free loopback port with its socket in that
// folder, one database created, then stopped and removed. No system cluster is touched.
//
// PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (the
// package creates it), else to `nobody`, and every server command runs through `runuser`; as a
// normal user it runs as that user.

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://scribe@127.0.0.1:PORT/DATABASE` (trust authentication: any password is accepted). */
  url: string;
  port: number;
  database: string;
  /** Another database on the same server (created empty). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate shutdown), keeping the data folder: `start()` brings it back. */
  stopServer(): void;
  /** Starts it again on the same port. */
  start(): void;
  /** Stops the server and removes its folder. */
  dispose(): void;
}

/** The newest installed PostgreSQL's bin folder. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error('PostgreSQL is not installed (apt-get install postgresql): the shared-index tests need it');
  return join(root, versions[0], 'bin');
}

function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid: Number(r.stdout.trim()), gid };
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PostgresOptions {
  /** Server settings (`-c name=value`) beyond the test defaults, e.g. shared_buffers for a bench. */
  settings?: Record<string, string>;
}

export async function startPostgres(database = 'scribe_test', options: PostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'scribe-pg-'));
  if (user) chownSync(root, user.uid, user.gid);
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = user ? ['runuser', ['-u', user.name, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: root, timeout: 120_000 });
    if (r.status !== 0) {
      const logText = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} failed (${r.status}): ${r.stderr || r.stdout}\n${logText}`);
    }
  };
  run('initdb', ['-D', data, '-U', 'scribe', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  const settings = { shared_buffers: '32MB', ...options.settings };
  const extra = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const start = () => {
    run('pg_ctl', [
      'start',
      '-w',
      '-D',
      data,
      '-l',
      log,
      '-o',
      // Durability is not what a test measures: no fsync, small memory.
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${extra}`,
    ]);
  };
  // Another process may take the free port between the check and the start: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (e) {
      if (attempt >= 3) {
        rmSync(root, { recursive: true, force: true });
        throw e;
      }
    }
  }
  let running = true;
  const stopServer = () => {
    if (!running) return;
    running = false;
    try {
      run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } catch {
      // already stopped
    }
  };
  const dispose = () => {
    stopServer();
    rmSync(root, { recursive: true, force: true });
    process.off('exit', dispose);
  };
  // A test run that dies early still stops its server.
  process.on('exit', dispose);
  const url = (db: string) => `postgres://scribe@127.0.0.1:${port}/${db}`;
  const createDatabase = async (name: string) => {
    const admin = new pg.Client({ connectionString: url('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return url(name);
  };
  await createDatabase(database);
  return {
    url: url(database),
    port,
    database,
    createDatabase,
    stopServer,
    start: () => {
      if (running) return;
      start();
      running = true;
    },
    dispose,
  };
}
