// `scribe serve [--port P] [--corpus DIR] [--token-env VAR] [--db-env VAR] [POLICY]`: the embedded
// model as an OpenAI-compatible HTTP server on 127.0.0.1 (/v1/models, /v1/completions,
// /v1/chat/completions), until SIGINT or SIGTERM, every answer attributed (serve/handlers.ts) by the
// local index or, with --db-env, the organisation's shared index. Like `scribe suggest`, it does not
// build a missing corpus. The bearer token and the database URL are read from the named
// environment variables, never from the command line (where `ps` shows it to every user).

import { resolve } from 'node:path';
import type { AttributionSource } from '../sharedIndex/attributionSource';
import type { TaskSimilarityIndex } from '../suggest/types';
import { openEmbeddedBackend, type EmbeddedBackend } from '../serve/backend';
import { DEFAULT_LIMITS, DEFAULT_MODEL_ID, startServe } from '../serve/openaiServer';
import { defaultCorpusDir } from '../engine/environment';
import { corpusOption, parseCommand } from './args';
import { databaseOptions, sharedIndexOption } from './databaseOptions';
import { policyOptions, policySettings } from './policyOptions';
import { UsageError } from './usage';

export const serveUsage = `serve [--port P] [--corpus DIR] [--token-env VAR] [--db-env VAR] [POLICY] [--verbose]
      The embedded model as an OpenAI-compatible HTTP server on 127.0.0.1 (model '${DEFAULT_MODEL_ID}';
      /v1/models, /v1/completions, /v1/chat/completions, streaming too) until SIGINT or SIGTERM.
      Each answer carries 'attribution' (model, training matches with licences, licence policy);
      a suggestion the policy withholds is empty with finish_reason 'content_filter'.
      Only loopback Host names, no browser (Origin) requests, JSON bodies (Content-Type:
      application/json) up to 1 MiB, 30 s each to send the headers and the body, ${DEFAULT_LIMITS.maxInFlight} requests at once.
      --token-env VAR: require 'Authorization: Bearer <token>', the token read from $VAR.
      --db-env VAR: attribution from the shared index (scribe index push) at the PostgreSQL URL in
      $VAR, the local index while the database cannot answer (a line on stderr when that changes).`;

export interface ServeControl {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
  /** Called once the server listens, with its base URL. */
  onListening?: (url: string) => void;
  /** Where --token-env looks (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export async function runServe(
  argv: string[],
  out: NodeJS.WritableStream,
  control: ServeControl = {},
): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'serve',
      usage: serveUsage,
      options: {
        port: { type: 'string', default: '8000' },
        verbose: { type: 'boolean', default: false },
        'token-env': { type: 'string' },
        ...corpusOption,
        ...policyOptions,
        ...databaseOptions,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, cacheDir } = args;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new UsageError(`serve: --port must be 0–65535, not '${values.port}'`);
  const env = control.env ?? process.env;
  const token = tokenFrom(values['token-env'], env);
  const policy = policySettings('serve', values);
  let backend: EmbeddedBackend | undefined;
  const shared = sharedIndexOption('serve', values, () => backend?.index, env);
  const corpusDir = values.corpus ? resolve(values.corpus) : defaultCorpusDir(cacheDir);
  if (!corpusDir) throw new UsageError('serve: no corpus: run `scribe index build`');
  const log = (line: string) => process.stderr.write(`scribe: ${line}\n`);

  try {
    backend = await openEmbeddedBackend({ corpusDir, cacheDir, ansiblePath: values['ansible-path'], log });
  } catch (e) {
    await shared?.dispose();
    throw new UsageError(
      `serve: ${e instanceof Error ? e.message : String(e)}${values.corpus ? '' : ' (run `scribe index build`)'}`,
    );
  }
  const { index } = backend;
  try {
    const running = await startServe({
      model: backend.model,
      catalog: backend.catalog,
      attributionIndex: shared ? sharedAttribution(shared.source, log) : () => index,
      lookup: backend.lookup,
      policy,
      port,
      token,
      log: values.verbose ? log : undefined,
    }).catch((e: unknown) => {
      throw new UsageError(`serve: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
    });
    out.write(
      `scribe serve: ${running.url} (model '${DEFAULT_MODEL_ID}', ${backend.tasks} corpus tasks, ready in ${backend.loadMs} ms${token ? `, bearer token from $${values['token-env']}` : ''}${shared ? `, attribution from the shared index at ${shared.database}` : ''})\n`,
    );
    control.onListening?.(running.url);
    await (control.stop ?? untilSignal());
    await running.close();
    return 0;
  } finally {
    backend.dispose();
    await shared?.dispose();
  }
}

/** Each request's view of the shared index; a line on stderr whenever the answering index changes. */
function sharedAttribution(source: AttributionSource, log: (line: string) => void) {
  let said = '';
  return (signal: AbortSignal): TaskSimilarityIndex => {
    const index = source.requestIndex(signal);
    return {
      search: async (query, k) => {
        const matches = await index.search(query, k);
        const by = index.answeredBy?.() ?? '';
        if (by !== said) log(`serve: attribution: ${(said = by)}`);
        return matches;
      },
      answeredBy: () => index.answeredBy?.(),
    };
  };
}

/** The bearer token from the variable --token-env names; a usage error when it is unset or empty. */
function tokenFrom(name: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (name === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new UsageError(`serve: --token-env takes an environment variable's name, not '${name}'`);
  const token = env[name]?.trim();
  if (!token) throw new UsageError(`serve: --token-env ${name}: the variable is not set or empty`);
  if (/\s/.test(token)) throw new UsageError(`serve: --token-env ${name}: the token must not contain spaces`);
  return token;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
