// `--db-env VAR`: attribution from the organisation's shared index (PostgreSQL, loaded with
// `scribe index push`), as the editor's `scribe.attribution.databaseEnv` does: the URL read from the
// named environment variable (never typed on a command line, where `ps` shows it), the shared
// index's matches merged with the local index's workspace tasks, and the local index when the
// database cannot answer, with the reason. Nothing printed carries the password.

import type { AttributionIndex } from '../attribution/attributionIndex';
import { AttributionSource } from '../sharedIndex/attributionSource';
import { SharedIndexConfigError } from '../sharedIndex/connection';
import { SharedIndexClient } from '../sharedIndex/sharedIndexClient';
import type { TaskSimilarityIndex } from '../suggest/types';
import { UsageError } from './usage';

export const databaseOptions = {
  'db-env': { type: 'string' },
} as const;

/** What `[DATABASE]` stands for in the usage of the commands that take it. */
export const databaseUsage = `--db-env VAR
      Attribution from the shared index (scribe index push) at the PostgreSQL URL in $VAR, merged
      with the local index's workspace tasks; the local index when the database cannot answer.`;

export interface SharedAttributionIndex {
  index: TaskSimilarityIndex;
  /** Where the last answer came from, one line ("attribution: shared index …" / "attribution: local — …"). */
  line(): string;
  /** Where the last answer came from, for JSON. */
  source(): { source: 'shared' | 'local'; database: string; fallback?: string };
  dispose(): Promise<void>;
}

/**
 * The shared index named by `--db-env`, over `local` (the loaded local index, asked at search
 * time: the flag is checked before the corpus is loaded); undefined without the flag. A usage error
 * (naming the variable, never its value) when it is not a variable name, unset, or not a
 * PostgreSQL URL.
 */
export function sharedAttributionIndex(
  command: string,
  flags: { 'db-env'?: string },
  local: () => AttributionIndex | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SharedAttributionIndex | undefined {
  const variable = flags['db-env'];
  if (variable === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
    // Not echoed: a URL given here by mistake may carry a password.
    throw new UsageError(
      `${command}: --db-env takes the name of an environment variable holding the URL (e.g. SCRIBE_DATABASE_URL), not the URL itself`,
    );
  let client: SharedIndexClient;
  try {
    client = SharedIndexClient.fromEnvironment(variable, env);
  } catch (e) {
    if (e instanceof SharedIndexConfigError) throw new UsageError(`${command}: --db-env ${e.message}`);
    throw e;
  }
  const attribution = new AttributionSource(local, client);
  const database = client.status().database;
  let last: { source: 'shared' | 'local'; fallback?: string } | undefined;
  return {
    index: {
      search: async (query, k) => {
        const answer = await attribution.search(query, k);
        last = { source: answer.source, fallback: answer.fallback };
        return answer.matches;
      },
    },
    line: () =>
      !last
        ? ''
        : last.fallback
          ? `attribution: local — shared index unreachable: ${last.fallback}`
          : `attribution: shared index at ${database}`,
    source: () => ({ source: last?.source ?? 'local', database, ...(last?.fallback && { fallback: last.fallback }) }),
    dispose: () => client.dispose(),
  };
}
