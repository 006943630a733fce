// Runs a `scribe` command as the CLI does (runSuggest, runGenerate …) and captures its output; a
// UsageError becomes what the dispatcher (cli.ts) makes of it: exit code 2 and a one-line reason.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { UsageError } from '../../server/src/cli/usage';

export type CliCommand = (argv: string[], out: NodeJS.WritableStream) => Promise<number>;

export async function runCli(
  command: CliCommand,
  args: string[],
): Promise<{ code: number; stdout: string; error?: string }> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  try {
    return { code: await command(args, out), stdout };
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return { code: 2, stdout, error: e.message };
  }
}
