// `scribe` command line. Each subcommand lives in cli/<name>.ts; this file only dispatches.
// Exit codes: 0 success, 1 problems found (lint errors), 2 bad input or usage.

import { sharedUsage } from './cli/args';
import { evalUsage, runEval } from './cli/eval';
import { explainUsage, runExplain } from './cli/explain';
import { exportUsage, runExport } from './cli/export';
import { generateUsage, runGenerate } from './cli/generate';
import { indexUsage, runIndex } from './cli/index';
import { lintUsage, runLint } from './cli/lint';
import { endpointUsage } from './cli/modelOptions';
import { policyUsage } from './cli/policyOptions';
import { runServe, serveUsage } from './cli/serve';
import { runSuggest, suggestUsage } from './cli/suggest';
import { UsageError } from './cli/usage';

type Run = (argv: string[], out: NodeJS.WritableStream) => Promise<number>;

/** Each command with its usage text, which lives beside it (`scribe <command> --help` prints it too). */
const commands: Record<string, { usage: string; run: Run }> = {
  lint: { usage: lintUsage, run: runLint },
  index: { usage: indexUsage, run: runIndex },
  suggest: { usage: suggestUsage, run: runSuggest },
  eval: { usage: evalUsage, run: runEval },
  serve: { usage: serveUsage, run: runServe },
  explain: { usage: explainUsage, run: runExplain },
  generate: { usage: generateUsage, run: runGenerate },
  export: { usage: exportUsage, run: runExport },
};

const usage = `usage: scribe <command> [options]   (scribe <command> --help for one)

commands:
${Object.values(commands)
  .map((c) => `  ${c.usage}`)
  .join('\n')}

ENDPOINT: ${endpointUsage}

POLICY: ${policyUsage}

${sharedUsage}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(usage + '\n');
    return command ? 0 : 2;
  }
  if (!Object.hasOwn(commands, command)) throw new UsageError(`unknown command '${command}' (try: scribe --help)`);
  return commands[command].run(rest, process.stdout);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`scribe: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
