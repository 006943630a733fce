// `--db-env VAR`: attribution from the organisation's shared index (PostgreSQL, loaded with
// `scribe index push`), as the editor's `scribe.attribution.databaseEnv` does: the URL read from the
// named environment variable (never typed on a command line, where `ps` shows it), the shared
// index's matches merged with the local index's workspace tasks, and the local index when the
// database cannot answer, with the reason. Nothing printed carries the password.

import type { AttributionIndex } from '../attribution/attributionIndex';
import { AttributionSource, type AttributionAnswer } from '../sharedIndex/attributionSource';
import { SharedIndexConfigError } from '../sharedIndex/connection';
import { SharedIndexClient } from '../sharedIndex/sharedIndexClient';
import { UsageError } from './usage';

export const databaseOptions = {
  'db-env': { type: 'string' },
} as const;

export interface CliSharedIndex {
  /** Asks the shared index (merged with the local index's workspace tasks) or, when it cannot answer, the local index. */
  source: AttributionSource;
  /** Where attribution comes from before any answer: "shared index at postgres://user@host/db". */
  database: string;
  dispose(): Promise<void>;
}

/**
 * The shared index named by `--db-env`, over `local` (the loaded local index, asked at search
 * time: the flag is checked before the corpus is loaded); undefined without the flag. A usage error
 * (naming the variable, never its value) when it is not a variable name, unset, or not a
 * PostgreSQL URL.
 */
export function sharedIndexOption(
  command: string,
  flags: { 'db-env'?: string },
  local: () => AttributionIndex | undefined,
  env: NodeJS.ProcessEnv = process.env,
): CliSharedIndex | undefined {
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
  const source = new AttributionSource(local, client);
  return { source, database: source.database, dispose: () => client.dispose() };
}

/** Where one answer came from, for JSON output (`--json`, `scribe serve`'s `attribution`). */
export function attributionJson(database: string, answer: AttributionAnswer | undefined) {
  return { source: answer?.source ?? 'local', database, ...(answer?.fallback && { fallback: answer.fallback }) };
}
