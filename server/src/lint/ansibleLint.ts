// Runs ansible-lint (6.x) on a saved file and reads its codeclimate JSON.
//
// Offline behaviour of ansible-lint 6.13 (read from /usr/lib/python3/dist-packages/ansiblelint):
// - `--offline` skips installing requirements.yml roles/collections (ansible-galaxy, network),
//   skips refreshing the JSON schemas from the network, and skips the per-project cache lock
//   (without it, concurrent runs on one project wait up to 180 s for each other).
// - The "newer version available" check is stubbed out in Debian's package; `--offline` also
//   skips it upstream. There is no ANSIBLE_LINT_NODEPS in 6.13.
// - Exit codes: 0 clean, 2 violations found (not an error), 3 invalid config, 4 lock timeout,
//   1 crash or bad arguments.

import { resolve as resolvePath } from 'node:path';
import { realpathSync } from 'node:fs';
import type { ComponentStatus } from '../protocol';
import type { ScribeSettings } from '../settings';
import { baseRuleId, type LintFinding, type ToolRun } from './finding';
import { lastLine, runProcess, type ProcessRegistry, type RunResult } from './process';

/** ansible-lint 6.x prints this base URL in `url` (constants.RULE_DOC_URL + rule id + '/'). */
export const ANSIBLE_LINT_RULE_DOCS = 'https://ansible-lint.readthedocs.io/rules/';

export interface AnsibleLintRequest {
  /** Absolute path of the file on disk. */
  filePath: string;
  /** Where ansible-lint looks for `.ansible-lint` and detects the project: the workspace root. */
  cwd: string;
  settings: ScribeSettings['lint'];
  signal?: AbortSignal;
  registry?: ProcessRegistry;
}

/** Our flags come after the user's so that the output format cannot be changed from settings. */
export function ansibleLintArgs(filePath: string, userArgs: readonly string[]): string[] {
  return [...userArgs, '--offline', '--nocolor', '-f', 'codeclimate', filePath];
}

const toolEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NO_COLOR: '1',
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  PY_COLORS: '0',
  // Python otherwise buffers and may mangle non-ASCII output on a C locale.
  PYTHONIOENCODING: 'utf-8',
});

export async function runAnsibleLint(req: AnsibleLintRequest): Promise<ToolRun> {
  const { filePath, cwd, settings } = req;
  const result = await runProcess(settings.path, ansibleLintArgs(filePath, settings.arguments), {
    cwd,
    env: toolEnv(),
    timeoutMs: settings.timeoutMs,
    signal: req.signal,
    registry: req.registry,
  });
  return interpretAnsibleLint(result, filePath, cwd, settings);
}

export function interpretAnsibleLint(
  result: RunResult,
  filePath: string,
  cwd: string,
  settings: Pick<ScribeSettings['lint'], 'path' | 'timeoutMs'>,
): ToolRun {
  const failed = (status: ComponentStatus): ToolRun => ({
    findings: [],
    status,
    aborted: result.aborted,
    millis: result.millis,
  });
  if (result.aborted) return failed({ state: 'ready' });
  if (result.startError?.notFound) {
    return failed({
      state: 'unavailable',
      message: `ansible-lint not found at '${settings.path}': install it or set scribe.lint.path`,
    });
  }
  if (result.startError) {
    return failed({
      state: 'unavailable',
      message: `ansible-lint at '${settings.path}' cannot run: ${result.startError.message}`,
    });
  }
  if (result.timedOut) {
    return failed({
      state: 'error',
      message: `ansible-lint timed out after ${settings.timeoutMs} ms (scribe.lint.timeoutMs)`,
    });
  }
  if (result.code !== 0 && result.code !== 2) {
    return failed({
      state: 'error',
      message: `ansible-lint failed (exit ${exitText(result)}): ${lastLine(result.stderr)}`,
    });
  }
  const parsed = parseCodeclimate(result.stdout);
  if (typeof parsed === 'string') {
    return failed({ state: 'error', message: `ansible-lint output not understood: ${parsed}` });
  }
  const target = canonical(filePath);
  const findings = parsed.filter((f) => canonical(resolvePath(cwd, f.path)) === target).map((f) => f.finding);
  return { findings, status: { state: 'ready' }, aborted: false, millis: result.millis };
}

interface LocatedFinding {
  path: string;
  finding: LintFinding;
}

/** Parses `-f codeclimate` output; a string is the reason it could not. Lines and columns in it are 1-based. */
export function parseCodeclimate(stdout: string): LocatedFinding[] | string {
  const text = stdout.trim();
  if (text === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `not JSON: ${JSON.stringify(text.slice(0, 80))}`;
  }
  if (!Array.isArray(data)) return 'expected a JSON list';
  const found: LocatedFinding[] = [];
  for (const item of data) {
    if (!isRecord(item) || typeof item.check_name !== 'string' || !isRecord(item.location)) continue;
    const loc = item.location;
    const begin = isRecord(loc.positions) && isRecord(loc.positions.begin) ? loc.positions.begin : undefined;
    const lineNo = begin ? begin.line : isRecord(loc.lines) ? loc.lines.begin : undefined;
    const colNo = begin ? begin.column : undefined;
    const details = isRecord(item.content) && typeof item.content.body === 'string' ? item.content.body : undefined;
    const finding: LintFinding = {
      tool: 'ansible-lint',
      ruleId: item.check_name,
      message: typeof item.description === 'string' ? item.description : item.check_name,
      severity: severityOf(item.level, item.severity),
      line: typeof lineNo === 'number' && lineNo > 0 ? lineNo - 1 : 0,
      url: typeof item.url === 'string' ? item.url : ANSIBLE_LINT_RULE_DOCS + baseRuleId(item.check_name) + '/',
    };
    if (typeof colNo === 'number' && colNo > 0) finding.column = colNo - 1;
    if (details !== undefined && details !== 'None' && details !== '') finding.details = details;
    placeLoadFailure(finding);
    found.push({ path: typeof loc.path === 'string' ? loc.path : '', finding });
  }
  return found;
}

/**
 * `load-failure` is reported on line 1; the real place is in the PyYAML message of the details:
 * `... in "<unicode string>", line 7, column 1` (1-based; the last mark is the problem's).
 */
function placeLoadFailure(f: LintFinding): void {
  if (f.ruleId !== 'load-failure' || !f.details) return;
  const marks = [...f.details.matchAll(/line (\d+), column (\d+)/g)];
  const last = marks.at(-1);
  if (!last) return;
  f.line = Number(last[1]) - 1;
  f.column = Number(last[2]) - 1;
  f.message = `${f.message}: ${f.details
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('in "'))
    .join(' ')}`;
}

/**
 * `level` is "warning" for rules in warn_list (and experimental ones); otherwise the codeclimate
 * severity (ansible-lint's rule severity remapped) decides: blocker/critical → error,
 * major/minor → warning, info → info.
 */
function severityOf(level: unknown, severity: unknown): LintFinding['severity'] {
  if (level === 'warning') return 'warning';
  if (severity === 'blocker' || severity === 'critical') return 'error';
  if (severity === 'info') return 'info';
  return 'warning';
}

function canonical(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolvePath(p);
  }
}

function exitText(r: RunResult): string {
  return r.code !== null ? String(r.code) : (r.signal ?? 'unknown');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
