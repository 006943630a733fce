// What an editor or `scribe serve` holds to ask the shared index: a connection string read from
// an environment variable (settings name the variable, never the password), a small pool,
// timeouts on connecting and on each search, cancellation, and an answer that is either the
// matches or "fall back to your local index" with the reason, never an exception for a database
// that is down. After a failure it stays in the fallback state (answering at once, no waiting on
// a dead host) until `retryAfterMs` has passed, then tries again, so the shared index comes back
// by itself when the database does. Status changes are reported to listeners (a status bar).

import type pg from 'pg';
import type { AttributionQuery, CorpusMatch } from '../attribution/attributionIndex';
import type { ModuleResolver } from '../attribution/normalise';
import {
  checkDatabaseUrl,
  createPool,
  isUnreachable,
  maskDatabaseUrl,
  SharedIndexConfigError,
  unreachable,
} from './connection';
import { SharedAttributionIndex } from './sharedAttributionIndex';

/** Overrides the retry interval after a failure (milliseconds; tests make it short). */
export const RETRY_ENV = 'SCRIBE_SHARED_INDEX_RETRY_MS';

export type SharedIndexStatus =
  | { state: 'idle'; database: string }
  | { state: 'ready'; database: string; tasks: number }
  | { state: 'unreachable'; database: string; reason: string; retryAt: number };

export type SharedSearchAnswer =
  | { source: 'shared'; matches: CorpusMatch[] }
  /** Use the local index; `reason` is one line for the status. */
  | { source: 'fallback'; reason: string };

export interface SharedIndexClientOptions {
  /** Per search, including waiting for a connection (default 1,500 ms): then the caller falls back. */
  queryTimeoutMs?: number;
  /** Connecting (default 3,000 ms). */
  connectTimeoutMs?: number;
  /** After a failure, how long to answer "fall back" before trying again (default 30 s). */
  retryAfterMs?: number;
  /** Pool size (default 4). */
  maxConnections?: number;
  /** A module catalog, consulted before the module names the corpus taught. */
  resolve?: ModuleResolver;
  /** For tests: the clock. */
  now?: () => number;
}

export class SharedIndexClient {
  private readonly pool: pg.Pool;
  private index: SharedAttributionIndex | undefined;
  private opening: Promise<SharedAttributionIndex> | undefined;
  private current: SharedIndexStatus;
  private readonly listeners = new Set<(s: SharedIndexStatus) => void>();
  private readonly now: () => number;
  private disposed = false;

  /**
   * The client for the URL in environment variable `variable`. Throws a SharedIndexConfigError
   * (naming the variable, never its value) when it is unset or not a PostgreSQL URL.
   */
  static fromEnvironment(
    variable: string,
    env: NodeJS.ProcessEnv = process.env,
    options: SharedIndexClientOptions = {},
  ): SharedIndexClient {
    const url = env[variable];
    if (!url) throw new SharedIndexConfigError(`environment variable ${variable} is not set`);
    try {
      checkDatabaseUrl(url);
    } catch (e) {
      throw new SharedIndexConfigError(`${variable}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const retry = Number(env[RETRY_ENV]);
    return new SharedIndexClient(url, {
      ...(Number.isFinite(retry) && retry > 0 && { retryAfterMs: retry }),
      ...options,
    });
  }

  constructor(
    private readonly url: string,
    private readonly options: SharedIndexClientOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const queryTimeout = options.queryTimeoutMs ?? 1500;
    this.pool = createPool(url, {
      max: options.maxConnections ?? 4,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      // The server stops a statement the client has given up on, even if the cancel is lost.
      statementTimeoutMs: queryTimeout + 1000,
      applicationName: 'ansible-scribe attribution',
    });
    this.current = { state: 'idle', database: maskDatabaseUrl(url) };
  }

  /** The masked URL and the state (for a status line). */
  status(): SharedIndexStatus {
    return this.current;
  }

  onStatus(listener: (s: SharedIndexStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * The top k matches from the shared index, or a fallback answer when the database is
   * unreachable, too slow, or not a shared index. Rejects only when `signal` aborts (with its
   * reason) or when the query itself is bad (the local index would reject it too).
   */
  async search(query: AttributionQuery, k = 3, signal?: AbortSignal): Promise<SharedSearchAnswer> {
    signal?.throwIfAborted();
    if (this.disposed) return { source: 'fallback', reason: 'shared index closed' };
    const s = this.current;
    if (s.state === 'unreachable' && this.now() < s.retryAt) return { source: 'fallback', reason: s.reason };
    const timeoutMs = this.options.queryTimeoutMs ?? 1500;
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => giveUp.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const index = await withAbort(this.open(), giveUp.signal);
      // withAbort too: a search waiting for a pooled connection does not see its signal.
      const matches = await withAbort(index.search(query, k, { signal: giveUp.signal }), giveUp.signal);
      if (this.current.state !== 'ready') await this.markReady(index);
      return { source: 'shared', matches };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (giveUp.signal.aborted)
        return this.fail(
          `cannot reach the database ${maskDatabaseUrl(this.url)}: ${(giveUp.signal.reason as Error).message}`,
        );
      if (isUnreachable(e)) return this.fail(unreachable(this.url, e).message);
      if (e instanceof SchemaError) return this.fail(e.message);
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    await this.pool.end().catch(() => undefined);
  }

  private open(): Promise<SharedAttributionIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.opening ??= SharedAttributionIndex.open(this.pool, this.options.resolve).then(
      (index) => {
        this.index = index;
        this.opening = undefined;
        return index;
      },
      (e: unknown) => {
        this.opening = undefined;
        throw isUnreachable(e) ? e : new SchemaError(e instanceof Error ? e.message : String(e));
      },
    );
    return this.opening;
  }

  private async markReady(index: SharedAttributionIndex): Promise<void> {
    const tasks = await index.size().catch(() => 0);
    this.set({ state: 'ready', database: maskDatabaseUrl(this.url), tasks });
  }

  private fail(reason: string): SharedSearchAnswer {
    this.set({
      state: 'unreachable',
      database: maskDatabaseUrl(this.url),
      reason,
      retryAt: this.now() + (this.options.retryAfterMs ?? 30_000),
    });
    return { source: 'fallback', reason };
  }

  private set(s: SharedIndexStatus): void {
    this.current = s;
    for (const l of this.listeners) l(s);
  }
}

/** Not a shared index of this version (never migrated, or newer): fall back, say why. */
class SchemaError extends Error {}

function withAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
