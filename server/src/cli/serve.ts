// `scribe serve [--port P] [--corpus DIR] [--cache-dir DIR]`: the embedded model as an
// OpenAI-compatible HTTP server on 127.0.0.1 (/v1/models, /v1/completions, /v1/chat/completions),
// until SIGINT or SIGTERM. Like `scribe suggest`, it does not build a missing corpus.

import { resolve } from 'node:path';
import { openEmbeddedBackend } from '../serve/backend';
import { DEFAULT_MODEL_ID, startServe } from '../serve/openaiServer';
import { defaultCorpusDir } from '../engine/environment';
import { corpusOption, parseCommand } from './args';
import { UsageError } from './usage';

export const serveUsage = `serve [--port P] [--corpus DIR] [--verbose]
      The embedded model as an OpenAI-compatible HTTP server on 127.0.0.1 (model '${DEFAULT_MODEL_ID}';
      /v1/models, /v1/completions, /v1/chat/completions, streaming too) until SIGINT or SIGTERM.`;

export interface ServeControl {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
  /** Called once the server listens, with its base URL. */
  onListening?: (url: string) => void;
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
        ...corpusOption,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, cacheDir } = args;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new UsageError(`serve: --port must be 0–65535, not '${values.port}'`);
  const corpusDir = values.corpus ? resolve(values.corpus) : defaultCorpusDir(cacheDir);
  if (!corpusDir) throw new UsageError('serve: no corpus: run `scribe index build`');
  const log = (line: string) => process.stderr.write(`scribe: ${line}\n`);

  let backend;
  try {
    backend = await openEmbeddedBackend({ corpusDir, cacheDir, ansiblePath: values['ansible-path'], log });
  } catch (e) {
    throw new UsageError(
      `serve: ${e instanceof Error ? e.message : String(e)}${values.corpus ? '' : ' (run `scribe index build`)'}`,
    );
  }
  try {
    const running = await startServe({
      model: backend.model,
      catalog: backend.catalog,
      port,
      log: values.verbose ? log : undefined,
    }).catch((e: unknown) => {
      throw new UsageError(`serve: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
    });
    out.write(
      `scribe serve: ${running.url} (model '${DEFAULT_MODEL_ID}', ${backend.tasks} corpus tasks, ready in ${backend.loadMs} ms)\n`,
    );
    control.onListening?.(running.url);
    await (control.stop ?? untilSignal());
    await running.close();
    return 0;
  } finally {
    backend.dispose();
  }
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
