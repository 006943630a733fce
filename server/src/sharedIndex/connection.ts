// Where the shared index lives: a PostgreSQL connection string, given on the command line or named
// by an environment variable (so a password never has to be written in settings or a shell
// history), checked before any connection is tried, and shown only with its password masked.
// Connection failures become one readable line (`SharedIndexUnreachable`): callers fall back to
// the local index or exit with that line.

import type pg from 'pg';

export class SharedIndexConfigError extends Error {}

/** The database could not be reached (refused, timed out, bad credentials, no such database). */
export class SharedIndexUnreachable extends Error {}

const PROTOCOLS = new Set(['postgres:', 'postgresql:']);

/** A connection string checked for shape: `postgres://[user[:password]@]host[:port]/database`. */
export function checkDatabaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text is not echoed: it may hold a password.
    throw new SharedIndexConfigError('not a PostgreSQL URL (expected postgres://user@host:port/database)');
  }
  if (!PROTOCOLS.has(url.protocol))
    throw new SharedIndexConfigError(
      `not a PostgreSQL URL: scheme '${url.protocol.replace(/:$/, '')}' (expected postgres:// or postgresql://)`,
    );
  const host = url.hostname || url.searchParams.get('host');
  if (!host) throw new SharedIndexConfigError('not a PostgreSQL URL: no host');
  return url;
}

/** The URL as it may be printed: the password (and any `password=` parameter) replaced by `***`. */
export function maskDatabaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(unparsable URL)';
  }
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()])
    if (/pass|secret|token|key/i.test(key)) url.searchParams.set(key, '***');
  return url.toString();
}

/**
 * The connection string from `--db URL` or `--db-env VAR` (exactly one). Throws a
 * SharedIndexConfigError naming what is wrong, never the value.
 */
export function databaseUrlFrom(
  options: { url?: string; env?: string },
  environment: NodeJS.ProcessEnv = process.env,
): string {
  if (options.url !== undefined && options.env !== undefined)
    throw new SharedIndexConfigError('give --db or --db-env, not both');
  if (options.env !== undefined) {
    const value = environment[options.env];
    if (!value) throw new SharedIndexConfigError(`environment variable ${options.env} is not set`);
    checkDatabaseUrl(value);
    return value;
  }
  if (options.url === undefined) throw new SharedIndexConfigError('--db URL or --db-env VAR is required');
  checkDatabaseUrl(options.url);
  return options.url;
}

export interface PoolOptions {
  /** Connections at most (default 4). */
  max?: number;
  /** Giving up on a connection attempt (default 5 s). */
  connectTimeoutMs?: number;
  /** Server-side limit on one statement (default none: a push's batches may be long). */
  statementTimeoutMs?: number;
  applicationName?: string;
}

/**
 * pg, loaded on first use: its modules (and Node's fetch, which its runtime check pulls in) cost
 * the suggestion worker ~30 ms of startup, which a workspace without a shared index never needs.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPg = (): typeof pg => require('pg') as typeof pg;

/** A connection pool; nothing connects until first use. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'ansible-scribe',
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle connection that dies (server restart) must not crash the process; the next query
  // reconnects or reports SharedIndexUnreachable.
  pool.on('error', () => undefined);
  return pool;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '3D000', // invalid_catalog_name: no such database
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
  '08001',
  '08006',
]);

/** Whether an error means "the database is not there for us" rather than a bug in a query. */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof SharedIndexUnreachable) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code;
  if (code && UNREACHABLE_CODES.has(code)) return true;
  if (e instanceof AggregateError) return e.errors.some(isUnreachable);
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(e.message);
}

/** One line for an unreachable database: the masked URL and the reason. */
export function unreachable(url: string, e: unknown): SharedIndexUnreachable {
  const err = e as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = err.code ?? err.errors?.find((x) => x.code)?.code;
  const message = (err.message ?? String(e)).split('\n')[0] || code || 'unknown error';
  return new SharedIndexUnreachable(`cannot reach the database ${maskDatabaseUrl(url)}: ${message}`);
}

/** Opens one connection to check the database answers; throws SharedIndexUnreachable when not. */
export async function ping(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    throw isUnreachable(e) ? unreachable(url, e) : e;
  }
}
