// The shared index's schema, as numbered migrations applied in order. `schema_version` records
// each applied version; `migrate` applies the missing ones, each in its own transaction, under an
// advisory lock so two pushes starting together do not both migrate. A database newer than this
// code is refused (its tables may mean something else).
//
// Version 1: tasks (one row per corpus task: provenance, licence, normalised form, the feature
//   sets split by part and the 16 LSH band keys the local index uses), the module names the corpus
//   taught (for queries naming a short module), and the SQL score (features.ts, the same
//   arithmetic in the same order, so scores are bit-identical).
// Version 2: trigram search over task names (pg_trgm), and a log of pushes.
// Version 3: the features and band keys move to a narrow table (task_features), which a search
//   reads alone.

import type pg from 'pg';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

// The score of features.ts in SQL. intarray's `&` intersects two sorted int4[] and `#` counts;
// features are 32-bit unsigned in JS and stored as int4 (the same bits), which changes no
// intersection. The weights are summed in the order JS sums them.
// A single-expression SQL function, so the planner inlines it into the search query (a function
// with a FROM clause would run through the function executor once per candidate, ~5x slower).
const SAME_MODULE = '(CASE WHEN qm IS NOT DISTINCT FROM m THEN 1::float8 ELSE 0::float8 END)';
const jaccard = (q: string, c: string) =>
  `(CASE WHEN cardinality(${q}) + cardinality(${c}) = 0 THEN ${SAME_MODULE}
     ELSE (#(${q} & ${c}))::float8 / (cardinality(${q}) + cardinality(${c}) - #(${q} & ${c}))::float8 END)`;
const SCORE_FUNCTION = `
CREATE FUNCTION scribe_score(
  qm int4, qk int4[], qv int4[], qn int4[],
  m int4, k int4[], v int4[], n int4[]
) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least(1::float8, greatest(0::float8,
    CASE WHEN cardinality(qn) = 0
      THEN (0.3::float8 * ${SAME_MODULE} + 0.2::float8 * ${jaccard('qk', 'k')} + 0.35::float8 * ${jaccard('qv', 'v')})
           / (0.3::float8 + 0.2::float8 + 0.35::float8)
      ELSE (0.3::float8 * ${SAME_MODULE} + 0.2::float8 * ${jaccard('qk', 'k')} + 0.35::float8 * ${jaccard('qv', 'v')}
            + 0.15::float8 * ((#(qn & n))::float8 / (cardinality(qn) + cardinality(n) - #(qn & n))::float8))
           / (0.3::float8 + 0.2::float8 + 0.35::float8 + 0.15::float8)
    END))
$$;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'tasks with provenance, normalised form, features and LSH band keys; module names; score',
    sql: `
CREATE EXTENSION IF NOT EXISTS intarray;
CREATE TABLE tasks (
  slot bigserial PRIMARY KEY,
  task_id text NOT NULL UNIQUE,
  content_hash text NOT NULL,
  name text NOT NULL,
  module text NOT NULL,
  fqcn text NOT NULL,
  text text NOT NULL,
  normalised text NOT NULL,
  origin text NOT NULL,
  split text NOT NULL,
  args jsonb NOT NULL,
  keywords jsonb NOT NULL,
  context jsonb NOT NULL,
  sources jsonb NOT NULL,
  license text NOT NULL,
  licenses text[] NOT NULL,
  module_feature int4,
  key_features int4[] NOT NULL,
  value_features int4[] NOT NULL,
  name_features int4[] NOT NULL,
  band_keys int8[] NOT NULL,
  pushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_band_keys ON tasks USING gin (band_keys);
CREATE INDEX tasks_module_feature ON tasks (module_feature, slot);
CREATE INDEX tasks_license ON tasks (license);
CREATE TABLE module_names (
  written text NOT NULL,
  fqcn text NOT NULL,
  last_slot bigint NOT NULL,
  PRIMARY KEY (written, fqcn)
);
${SCORE_FUNCTION}`,
  },
  {
    version: 2,
    description: 'trigram index over task names; push log',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tasks_name_trgm ON tasks USING gin (name gin_trgm_ops);
CREATE TABLE pushes (
  id bigserial PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  sources text NOT NULL,
  inserted integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0
);`,
  },
  {
    version: 3,
    description: 'features and band keys in a narrow table of their own',
    // Measured at 1M tasks: a search scores up to MODULE_SCAN_LIMIT rows of the query's module,
    // and reading their features out of the wide `tasks` rows (text, jsonb: 2.4 GB) made p95
    // 133 ms; the narrow table stays in shared buffers.
    sql: `
CREATE TABLE task_features (
  slot bigint PRIMARY KEY,
  module_feature int4,
  key_features int4[] NOT NULL,
  value_features int4[] NOT NULL,
  name_features int4[] NOT NULL,
  band_keys int8[] NOT NULL
);
INSERT INTO task_features
  SELECT slot, module_feature, key_features, value_features, name_features, band_keys FROM tasks;
CREATE INDEX task_features_band_keys ON task_features USING gin (band_keys);
CREATE INDEX task_features_module ON task_features (module_feature, slot);
ALTER TABLE tasks DROP COLUMN module_feature, DROP COLUMN key_features, DROP COLUMN value_features,
  DROP COLUMN name_features, DROP COLUMN band_keys;`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

// pg_advisory_xact_lock key: "scribe" in ASCII.
const LOCK_KEY = 0x736372696265;

/** The schema version of the database: 0 when it has never been migrated. */
export async function schemaVersion(client: pg.ClientBase | pg.Pool): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return r.rows[0]?.v ?? 0;
}

/**
 * Applies the migrations above the database's version up to `target` (default: the latest);
 * returns the versions applied. Throws when the database is newer than this code.
 */
export async function migrate(pool: pg.Pool, target = LATEST_VERSION): Promise<number[]> {
  const applied: number[] = [];
  const client = await pool.connect();
  // A connection that dies mid-migration fails the query; its 'error' event must not crash us.
  const ignore = () => undefined;
  client.on('error', ignore);
  try {
    for (const m of MIGRATIONS) {
      if (m.version > target) break;
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        const current = await schemaVersion(client);
        if (current > LATEST_VERSION)
          throw new Error(
            `the database's shared-index schema is version ${current}, newer than this scribe (${LATEST_VERSION}): update scribe`,
          );
        if (current >= m.version) {
          await client.query('COMMIT');
          continue;
        }
        await client.query(m.sql);
        await client.query('INSERT INTO schema_version (version, description) VALUES ($1, $2)', [
          m.version,
          m.description,
        ]);
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
  } finally {
    client.off('error', ignore);
    client.release();
  }
  return applied;
}
