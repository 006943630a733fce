// Runs yamllint on the document's current text through stdin (`-` as the file), so it also works
// on unsaved content, and reads its `-f parsable` output:
//   stdin:2:9: [error] trailing spaces (trailing-spaces)
// yamllint exits 0 (clean or only warnings), 1 (errors) or 2 (warnings with --strict; also
// argparse errors, which print nothing on stdout).

import type { ScribeSettings } from '../settings';
import type { LintFinding, ToolRun } from './finding';
import { lastLine, runProcess, type ProcessRegistry, type RunResult } from './process';

export const YAMLLINT_RULE_DOCS = 'https://yamllint.readthedocs.io/en/stable/rules.html';

export interface YamllintRequest {
  text: string;
  /** yamllint finds `.yamllint` in its working directory: the workspace root or the file's folder. */
  cwd: string;
  settings: ScribeSettings['yamllint'];
  timeoutMs: number;
  signal?: AbortSignal;
  registry?: ProcessRegistry;
}

export function yamllintArgs(userArgs: readonly string[]): string[] {
  return [...userArgs, '-f', 'parsable', '-'];
}

export async function runYamllint(req: YamllintRequest): Promise<ToolRun> {
  const result = await runProcess(req.settings.path, yamllintArgs(req.settings.arguments), {
    cwd: req.cwd,
    stdin: req.text,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    timeoutMs: req.timeoutMs,
    signal: req.signal,
    registry: req.registry,
  });
  return interpretYamllint(result, req.settings.path, req.timeoutMs);
}

export function interpretYamllint(result: RunResult, path: string, timeoutMs: number): ToolRun {
  const failed = (status: ToolRun['status']): ToolRun => ({
    findings: [],
    status,
    aborted: result.aborted,
    millis: result.millis,
  });
  if (result.aborted) return failed({ state: 'ready' });
  if (result.startError?.notFound) {
    return failed({
      state: 'unavailable',
      message: `yamllint not found at '${path}': install it or set scribe.yamllint.path`,
    });
  }
  if (result.startError) {
    return failed({ state: 'unavailable', message: `yamllint at '${path}' cannot run: ${result.startError.message}` });
  }
  if (result.timedOut) return failed({ state: 'error', message: `yamllint timed out after ${timeoutMs} ms` });
  const findings = parseParsable(result.stdout);
  const crashed = result.code === null || result.code > 2 || (result.code !== 0 && findings.length === 0);
  if (crashed) {
    const exit = result.code ?? result.signal ?? 'unknown';
    return failed({ state: 'error', message: `yamllint failed (exit ${exit}): ${lastLine(result.stderr)}` });
  }
  return { findings, status: { state: 'ready' }, aborted: false, millis: result.millis };
}

const PARSABLE = /^(.*):(\d+):(\d+): \[(error|warning)\] (.*?)(?: \(([\w-]+)\))?$/;

/** Lines and columns in yamllint's output are 1-based. */
export function parseParsable(stdout: string): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const raw of stdout.split('\n')) {
    const m = PARSABLE.exec(raw.trimEnd());
    if (!m) continue;
    const rule = m[6] ?? 'syntax';
    const finding: LintFinding = {
      tool: 'yamllint',
      ruleId: rule,
      message: m[5],
      severity: m[4] === 'error' ? 'error' : 'warning',
      line: Math.max(0, Number(m[2]) - 1),
      column: Math.max(0, Number(m[3]) - 1),
    };
    // Syntax errors come from the YAML parser, not from a rule with a page of its own.
    if (rule !== 'syntax') finding.url = `${YAMLLINT_RULE_DOCS}#module-yamllint.rules.${rule.replace(/-/g, '_')}`;
    findings.push(finding);
  }
  return findings;
}
