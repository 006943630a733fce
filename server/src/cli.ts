// `scribe` command line. Each subcommand lives in cli/<name>.ts; this file only dispatches.
// Exit codes: 0 success, 1 problems found (lint errors), 2 bad input or usage.

import { runIndex } from './cli/index';
import { runEval } from './cli/eval';
import { runExplain } from './cli/explain';
import { runGenerate } from './cli/generate';
import { runLint } from './cli/lint';
import { runServe } from './cli/serve';
import { runSuggest } from './cli/suggest';
import { UsageError } from './cli/usage';

const usage = `usage: scribe <command> [options]

commands:
  lint FILE... [--format text|json|sarif] [--no-ansible-lint] [--yamllint] [--ansible-path PATH]
      Built-in checks, ansible-lint and (optionally) yamllint on the files, merged as in the editor.
      Exits 1 when an error is found.
  index build [--from-installed] [--ftdata FILE]... [--dir DIR]... [--license SPDX] [--out DIR] [--force] [--json]
      Builds the training corpus (tasks with provenance and licences) into a versioned cache.
  suggest FILE --line N [--json] [--corpus DIR] [ENDPOINT]
      Suggests the task for the description at line N (a '- name:' line or a '# a & b' comment),
      with the training examples it came from and their licences.
  eval [--data FILE] [--json] [--corpus DIR] [--limit N]
      Quality metrics (Exact Match, BLEU, Schema Correct, Ansible Aware) on the held-out split.
  serve [--port P] [--corpus DIR]
      The embedded model as an OpenAI-compatible HTTP server on 127.0.0.1 (/v1/models,
      /v1/completions, /v1/chat/completions, streaming too).
  explain FILE [--format md|json] [--ledger FILE] [--lines FIRST-LAST] [ENDPOINT]
      What a playbook or task file (or those lines of it) does, in plain words grounded in the
      module documentation, with its AI-written parts and their licences (from a provenance
      ledger); with ENDPOINT, the model's narrative summary on top.
  generate playbook "GOAL" [--outline FILE] [--out FILE] [--json] [ENDPOINT]
  generate role NAME "GOAL" --out DIR [--outline FILE] [--json] [ENDPOINT]
      A playbook or role for a goal: an outline from the most similar real roles and playbooks
      (or the endpoint's, or your --outline, one step per line), every task attributed like an
      inline suggestion.

ENDPOINT: --endpoint URL --model NAME [--api completions|chat] [--api-key-env VAR]
      An OpenAI-compatible endpoint instead of the embedded model (prompts redacted first).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return runLint(rest, process.stdout);
    case 'index':
      return runIndex(rest, process.stdout);
    case 'suggest':
      return runSuggest(rest, process.stdout);
    case 'eval':
      return runEval(rest, process.stdout);
    case 'serve':
      return runServe(rest, process.stdout);
    case 'explain':
      return runExplain(rest, process.stdout);
    case 'generate':
      return runGenerate(rest, process.stdout);
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(usage + '\n');
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command '${command}' (try: scribe --help)`);
  }
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
