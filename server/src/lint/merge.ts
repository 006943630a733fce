// Merges the built-in diagnostics (source 'scribe') with ansible-lint's and yamllint's, so that one
// problem is reported once. Two diagnostics from different sources are the same problem when they
// fall in the same equivalence class (table below) and their ranges overlap — for YAML syntax
// errors, when they share a line, because each parser stops at a slightly different place.
// Precedence: built-in (as-you-type, exact range) > yamllint (has columns) > ansible-lint.

import type { Diagnostic, Range } from 'vscode-languageserver-types';

type Sameness = 'range' | 'line';

interface Equivalence {
  /** Name of the problem class. */
  problem: string;
  sameness: Sameness;
  builtin: (code: string, message: string) => boolean;
  yamllint: (code: string, message: string) => boolean;
  ansibleLint: (code: string, message: string) => boolean;
}

const never = (): boolean => false;
/** Error codes of the `yaml` package (BAD_INDENT, UNEXPECTED_TOKEN, …), which our parser reports as-is. */
const yamlPackageCode = (code: string): boolean => /^[A-Z][A-Z0-9_]+$/.test(code) && code !== 'DUPLICATE_KEY';
const ansibleLintYamlRule = (code: string): string | undefined => /^yaml\[(.+)\]$/.exec(code)?.[1];

/**
 * The equivalence table: which built-in code, yamllint rule and ansible-lint rule id say the same thing.
 * | problem           | built-in (scribe)                   | yamllint       | ansible-lint                                   |
 * |-------------------|-------------------------------------|----------------|------------------------------------------------|
 * | yaml-syntax       | `yaml-syntax` (and yaml's codes)    | syntax         | load-failure, syntax-check[…] (YAML), yaml[syntax] |
 * | duplicate-key     | `yaml-syntax` "keys must be unique" | key-duplicates | yaml[key-duplicates]                           |
 * | fqcn              | fqcn                                | –              | fqcn[…]                                        |
 * | unknown-module    | unknown-module                      | –              | syntax-check[…] "couldn't resolve module/action" |
 * | deprecated-module | deprecated-module                   | –              | deprecated-module                              |
 * | yaml:<rule>       | –                                   | <rule>         | yaml[<rule>] (ansible-lint runs yamllint's rules itself) |
 */
const EQUIVALENCES: Equivalence[] = [
  {
    problem: 'yaml-syntax',
    sameness: 'line',
    builtin: (c, m) => yamlPackageCode(c) || (c === 'yaml-syntax' && !isDuplicateKey(m)),
    yamllint: (c) => c === 'syntax',
    ansibleLint: (c, m) =>
      c === 'load-failure' || c === 'yaml[syntax]' || (c.startsWith('syntax-check') && !isUnresolvedModule(m)),
  },
  {
    problem: 'duplicate-key',
    sameness: 'line',
    builtin: (c, m) => c === 'DUPLICATE_KEY' || (c === 'yaml-syntax' && isDuplicateKey(m)),
    yamllint: (c) => c === 'key-duplicates',
    ansibleLint: (c) => c === 'yaml[key-duplicates]',
  },
  {
    problem: 'fqcn',
    sameness: 'range',
    builtin: (c) => c === 'fqcn',
    yamllint: never,
    ansibleLint: (c) => c === 'fqcn' || c.startsWith('fqcn['),
  },
  {
    problem: 'unknown-module',
    sameness: 'range',
    builtin: (c) => c === 'unknown-module',
    yamllint: never,
    ansibleLint: (c, m) => c.startsWith('syntax-check') && isUnresolvedModule(m),
  },
  {
    problem: 'deprecated-module',
    sameness: 'range',
    builtin: (c) => c === 'deprecated-module',
    yamllint: never,
    ansibleLint: (c) => c === 'deprecated-module',
  },
];

/** LSP 3.18 allows markup in a diagnostic message. */
function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** The `yaml` package's message for DUPLICATE_KEY, which our validation reports as `yaml-syntax`. */
function isDuplicateKey(message: string): boolean {
  return /keys must be unique/i.test(message);
}

function isUnresolvedModule(message: string): boolean {
  return message.includes("couldn't resolve module/action");
}

/** The problem class a diagnostic belongs to, or undefined when it has no equivalent elsewhere. */
export function problemOf(d: Diagnostic): { problem: string; sameness: Sameness } | undefined {
  const code = d.code === undefined ? '' : String(d.code);
  for (const eq of EQUIVALENCES) {
    const matches =
      d.source === 'scribe'
        ? eq.builtin(code, messageText(d))
        : d.source === 'yamllint'
          ? eq.yamllint(code, messageText(d))
          : d.source === 'ansible-lint'
            ? eq.ansibleLint(code, messageText(d))
            : false;
    if (matches) return { problem: eq.problem, sameness: eq.sameness };
  }
  if (d.source === 'yamllint' && code !== '') return { problem: `yaml:${code}`, sameness: 'line' };
  const rule = d.source === 'ansible-lint' ? ansibleLintYamlRule(code) : undefined;
  if (rule) return { problem: `yaml:${rule}`, sameness: 'line' };
  return undefined;
}

const PRECEDENCE = ['scribe', 'yamllint', 'ansible-lint'];
const rank = (d: Diagnostic): number => {
  const i = PRECEDENCE.indexOf(d.source ?? '');
  return i < 0 ? PRECEDENCE.length : i;
};

/**
 * Built-in diagnostics are all kept. An external one is dropped when a kept diagnostic from
 * another source says the same thing at the same place, or when it repeats one from its own source.
 */
export function mergeDiagnostics(builtin: readonly Diagnostic[], external: readonly Diagnostic[]): Diagnostic[] {
  const kept: Diagnostic[] = [...builtin];
  const candidates = [...external].sort((a, b) => rank(a) - rank(b));
  for (const d of candidates) {
    const p = problemOf(d);
    const duplicate = kept.some((k) => {
      if (k.source === d.source) {
        return String(k.code) === String(d.code) && sameRange(k.range, d.range) && messageText(k) === messageText(d);
      }
      if (!p) return false;
      const q = problemOf(k);
      if (!q || q.problem !== p.problem) return false;
      return p.sameness === 'line' ? shareLine(k.range, d.range) : overlaps(k.range, d.range);
    });
    if (!duplicate) kept.push(d);
  }
  return kept;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Overlapping or touching. */
export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function shareLine(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
