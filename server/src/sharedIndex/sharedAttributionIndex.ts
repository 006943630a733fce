// The shared attribution index: the local index's answer (attribution/attributionIndex.ts, top k
// by the weighted Jaccard of features.ts) computed in PostgreSQL over what `scribe index push`
// loaded.
//
// Candidates are the local index's: tasks sharing an LSH bucket with the query (the GIN index over
// `task_features.band_keys`), plus every task of the query's module when it has at most
// MODULE_SCAN_LIMIT tasks (the `(module_feature, slot)` index, counted with a LIMIT so a big
// module costs little). Each
// candidate is scored by `scribe_score` (migrations.ts), ties go to the lower slot (the earlier
// corpus task). Same corpus, same order, same resolver → the same top k, scores bit for bit.
//
// Cancellation: an aborted signal cancels the running statement on the server
// (pg_cancel_backend); the pool's statement_timeout bounds every query.

import type pg from 'pg';
import {
  corpusMatch,
  MODULE_SCAN_LIMIT,
  type AttributionQuery,
  type CorpusMatch,
} from '../attribution/attributionIndex';
import {
  canonicalFromStructured,
  canonicalFromYaml,
  type ModuleResolver,
  type StructuredTask,
} from '../attribution/normalise';
import type { CorpusTask } from '../corpus/types';
import { LearnedModules } from './learnedModules';
import { LATEST_VERSION, schemaVersion } from './migrations';
import { loadLearnedModules } from './push';
import { exactScore, intersections } from './scoreSql';
import { arrayLiteral, featuresOfCanonical, TASK_COLUMNS, taskOfRecord, type TaskRecord } from './taskRow';

// The two branches are disjoint (the module branch leaves out tasks the buckets found), so no
// de-duplication is needed; each candidate's features are read once and scored where they are
// read, its intersections computed once (scoreSql.ts). Measured at 1M tasks, on queries whose
// buckets hold up to 34,000 tasks: p95 81 ms with UNION and the scribe_score function, 55 ms so
// in the same probe run (README.md has the bench's figures).
// The top k are then read whole from \`tasks\`.
const SEARCH = `
WITH ranked AS (
  SELECT slot, score FROM (
    SELECT f.slot, ${exactScore('f', 'x')} AS score
    FROM task_features f ${intersections('f', 'x')}
    WHERE f.band_keys && $5::int8[]
    UNION ALL
    SELECT f.slot, ${exactScore('f', 'x')} AS score
    FROM task_features f ${intersections('f', 'x')}
    WHERE $1::int4 IS NOT NULL AND f.module_feature = $1::int4 AND NOT (f.band_keys && $5::int8[])
      AND (SELECT count(*) FROM (SELECT 1 FROM task_features WHERE module_feature = $1::int4 LIMIT $6::int + 1) AS c)
          <= $6::int
  ) AS candidates
  ORDER BY score DESC, slot ASC
  LIMIT $7::int
)
SELECT r.score, ${TASK_COLUMNS.split(', ')
  .map((c) => `t.${c}`)
  .join(', ')}
FROM ranked r JOIN tasks t USING (slot)
ORDER BY r.score DESC, t.slot ASC`;

export interface SharedSearchOptions {
  /** Cancels the query (on the server too); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface NameHit {
  task: CorpusTask;
  /** pg_trgm similarity of the names in [0,1]. */
  score: number;
}

export class SharedAttributionIndex {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly learned: LearnedModules,
  ) {}

  /**
   * Opens the index in a migrated database. `resolve` (a module catalog) goes before the module
   * names the corpus taught, as in the local index. Throws when the schema is not the latest.
   */
  static async open(pool: pg.Pool, resolve?: ModuleResolver): Promise<SharedAttributionIndex> {
    const version = await schemaVersion(pool);
    if (version !== LATEST_VERSION)
      throw new Error(
        version === 0
          ? 'the database holds no shared index (run scribe index push --db …)'
          : `the shared index has schema version ${version}, this scribe expects ${LATEST_VERSION} (run scribe index push to migrate)`,
      );
    return new SharedAttributionIndex(pool, await loadLearnedModules(pool, resolve));
  }

  /** Tasks in the index. */
  async size(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM tasks');
    return Number(r.rows[0].n);
  }

  /**
   * The k tasks most similar to `query`, best first (see the header). Throws when `query.yaml` is
   * not the YAML of one task.
   */
  async search(query: AttributionQuery, k = 3, options: SharedSearchOptions = {}): Promise<CorpusMatch[]> {
    if (k <= 0) return [];
    const resolve = this.learned.resolve;
    const f = featuresOfCanonical(
      'yaml' in query
        ? canonicalFromYaml(query.yaml, resolve)
        : canonicalFromStructured(query as StructuredTask, resolve),
    );
    const r = await this.query<TaskRecord & { score: number }>(
      SEARCH,
      [
        f.module,
        arrayLiteral(f.keys),
        arrayLiteral(f.values),
        arrayLiteral(f.names),
        arrayLiteral(f.bands),
        MODULE_SCAN_LIMIT,
        k,
      ],
      options.signal,
    );
    return r.rows.map((row) => corpusMatch(taskOfRecord(row), row.score));
  }

  /** The k tasks whose names are closest to `text` by trigram similarity (pg_trgm). */
  async searchByName(text: string, k = 3, options: SharedSearchOptions = {}): Promise<NameHit[]> {
    const r = await this.query<TaskRecord & { score: number }>(
      `SELECT similarity(name, $1) AS score, ${TASK_COLUMNS} FROM tasks
       WHERE name % $1 ORDER BY score DESC, slot ASC LIMIT $2`,
      [text, k],
      options.signal,
    );
    return r.rows.map((row) => ({ task: taskOfRecord(row), score: row.score }));
  }

  /** One query on a pooled connection, cancelled on the server when `signal` aborts. */
  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
    signal?: AbortSignal,
  ): Promise<pg.QueryResult<R>> {
    signal?.throwIfAborted();
    const client = await this.pool.connect();
    const pid = (client as unknown as { processID: number | null }).processID;
    const cancel = () => {
      // A second connection asks the server to stop the first one's statement.
      if (pid !== null) this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    // A connection that dies while checked out (server restart) emits 'error' besides failing the
    // query; unheard, that event would crash the process. The query's own rejection reports it.
    let broken: Error | undefined;
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    try {
      const result = await client.query<R>(text, values);
      signal?.throwIfAborted();
      return result;
    } catch (e) {
      signal?.throwIfAborted();
      throw e;
    } finally {
      signal?.removeEventListener('abort', cancel);
      client.off('error', onError);
      // A broken connection is closed, not returned to the pool.
      client.release(broken);
    }
  }
}
