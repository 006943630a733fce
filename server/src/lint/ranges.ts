// Places an external linter's finding (a line, sometimes a column) on a precise range of the
// parsed document. ansible-lint reports most task rules on the task's first line only; the range
// a user wants is the thing the rule is about (the module key, the `when:` key, the name value).
// Pure: (finding, document) → range.

import { allTasks, type AnsibleDocument, type Play, type Range, type Span, type Task } from '../document/model';
import { baseRuleId, subRuleId, type LintFinding } from './finding';

/** What on a task a rule is about, by ansible-lint rule id (base id, without the [sub-rule]). */
type TaskTarget = 'module' | 'name' | 'firstKey' | { keyword: string };

// Rule ids from ansible-lint 6.13's rule docs (https://ansible-lint.readthedocs.io/rules/).
const TASK_TARGETS: Record<string, TaskTarget> = {
  fqcn: 'module',
  'no-changed-when': 'module',
  'risky-file-permissions': 'module',
  'command-instead-of-module': 'module',
  'command-instead-of-shell': 'module',
  'deprecated-command-syntax': 'module',
  'deprecated-module': 'module',
  'deprecated-local-action': 'module',
  'inline-env-var': 'module',
  'risky-shell-pipe': 'module',
  'no-free-form': 'module',
  'package-latest': 'module',
  latest: 'module',
  'no-relative-paths': 'module',
  args: 'module',
  'avoid-implicit': 'module',
  'no-log-password': 'module',
  'risky-octal': 'module',
  'partial-become': 'firstKey',
  'key-order': 'firstKey',
  name: 'name',
  'ignore-errors': { keyword: 'ignore_errors' },
  'no-handler': { keyword: 'when' },
  'literal-compare': { keyword: 'when' },
  'no-jinja-when': { keyword: 'when' },
  'loop-var-prefix': { keyword: 'loop_control' },
  'run-once': { keyword: 'run_once' },
};

export function findingRange(finding: LintFinding, doc: AnsibleDocument): Range {
  const lines = doc.lines;
  const line = Math.max(0, Math.min(finding.line, lines.lineCount - 1));
  const rule = baseRuleId(finding.ruleId);
  const sub = subRuleId(finding.ruleId);

  if (finding.tool === 'yamllint' || rule === 'yaml') {
    const yamlRule = finding.tool === 'yamllint' ? finding.ruleId : sub;
    if (yamlRule === 'trailing-spaces') return trailingSpace(doc, line) ?? lineContent(doc, line);
    if (finding.column !== undefined) return tokenAt(doc, line, finding.column);
    return lineContent(doc, line);
  }

  const task = taskStartingOn(doc, line);
  if (rule === 'syntax-check' || rule === 'load-failure' || rule === 'schema' || rule === 'parser-error') {
    // "couldn't resolve module/action 'x'" points at the task: show the unknown module key.
    const unresolved = /module\/action '([^']+)'/.exec(finding.message)?.[1];
    const entry = unresolved && task?.entries.find((e) => e.key === unresolved);
    if (entry) return lines.range(entry.keySpan);
    // PyYAML puts "end of stream" problems on the blank line after the content: show the last content line.
    const at = lastContentLineUpTo(doc, line);
    if (finding.column !== undefined && at === line) return tokenAt(doc, line, finding.column);
    return lineContent(doc, at);
  }

  const target = TASK_TARGETS[rule];
  if (task && target) {
    const span = taskSpan(task, target, sub);
    if (span) return lines.range(span);
  }
  if (rule === 'name') {
    const play = playStartingOn(doc, line);
    const span = play && (play.entries.find((e) => e.key === 'name')?.valueSpan ?? play.entries[0]?.keySpan);
    if (span) return lines.range(span);
  }
  if (finding.column !== undefined) return tokenAt(doc, line, finding.column);
  return lineContent(doc, line);
}

function taskSpan(task: Task, target: TaskTarget, sub: string | undefined): Span | undefined {
  const firstKey = task.entries[0]?.keySpan;
  const moduleKey = task.module?.nameSpan;
  if (target === 'module') return moduleKey ?? firstKey;
  if (target === 'firstKey') return firstKey;
  if (target === 'name') {
    // name[missing]: there is no name to mark, so mark what the task does.
    if (sub === 'missing') return moduleKey ?? firstKey;
    const name = task.entries.find((e) => e.key === 'name');
    return name && name.valueSpan.end > name.valueSpan.start ? name.valueSpan : (name?.keySpan ?? firstKey);
  }
  return task.keywords.get(target.keyword)?.keySpan ?? moduleKey ?? firstKey;
}

/** The innermost task whose mapping starts on `line` (ansible-lint's "task line"). */
function taskStartingOn(doc: AnsibleDocument, line: number): Task | undefined {
  let found: Task | undefined;
  for (const t of allTasks(doc)) {
    if (doc.lines.positionAt(t.span.start).line === line) found = t;
  }
  return found;
}

function playStartingOn(doc: AnsibleDocument, line: number): Play | undefined {
  return doc.plays.find((p) => doc.lines.positionAt(p.span.start).line === line);
}

/** The line without its leading and trailing whitespace; an empty range at the line start for a blank line. */
export function lineContent(doc: AnsibleDocument, line: number): Range {
  const text = doc.lines.lineText(line);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (end <= start) return { start: { line, character: 0 }, end: { line, character: 0 } };
  return { start: { line, character: start }, end: { line, character: end } };
}

function lastContentLineUpTo(doc: AnsibleDocument, line: number): number {
  for (let l = line; l >= 0; l--) if (doc.lines.lineText(l).trim() !== '') return l;
  return line;
}

function trailingSpace(doc: AnsibleDocument, line: number): Range | undefined {
  const text = doc.lines.lineText(line);
  const end = text.trimEnd().length;
  if (end === text.length) return undefined;
  return { start: { line, character: end }, end: { line, character: text.length } };
}

const TOKEN_END = /[\s,[\]{}]/;

/**
 * From `column` to the end of the YAML token there: a scalar, a key (without its colon), or a
 * single indicator character. At or past the end of the content, the line's content instead.
 */
export function tokenAt(doc: AnsibleDocument, line: number, column: number): Range {
  const text = doc.lines.lineText(line);
  const content = text.trimEnd().length;
  if (column >= content || /\s/.test(text[column])) return lineContent(doc, line);
  let end = column;
  if (TOKEN_END.test(text[column])) end = column + 1;
  else {
    while (end < content && !TOKEN_END.test(text[end])) {
      // `key: value`: the key ends before its colon.
      if (text[end] === ':' && (end + 1 >= text.length || /\s/.test(text[end + 1])) && end > column) break;
      end++;
    }
  }
  return { start: { line, character: column }, end: { line, character: end } };
}
