import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { mergeDiagnostics } from '../../server/src/lint/merge';

function diag(source: string, code: string, line: number, from: number, to: number, message = code): Diagnostic {
  return {
    source,
    code,
    message,
    severity: DiagnosticSeverity.Warning,
    range: { start: { line, character: from }, end: { line, character: to } },
  };
}
const codes = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.source}:${d.code}@${d.range.start.line}`);

void describe('mergeDiagnostics', () => {
  void it('drops ansible-lint fqcn[action-core] on the module key our fqcn hint already marks', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'fqcn', 6, 6, 10)],
      [diag('ansible-lint', 'fqcn[action-core]', 6, 6, 10), diag('ansible-lint', 'risky-file-permissions', 6, 6, 10)],
    );
    assert.deepEqual(codes(merged), ['scribe:fqcn@6', 'ansible-lint:risky-file-permissions@6']);
  });

  void it('keeps an fqcn finding on another task', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'fqcn', 6, 6, 10)],
      [diag('ansible-lint', 'fqcn[action-core]', 9, 6, 10)],
    );
    assert.equal(merged.length, 2);
  });

  void it('drops external YAML syntax errors on the same line as ours, whatever the column', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'yaml-syntax', 6, 13, 14, 'Missing , or : between flow sequence items')],
      [
        diag('yamllint', 'syntax', 6, 0, 20, "syntax error: expected ',' or ']'"),
        diag('ansible-lint', 'load-failure', 6, 6, 20, 'Failed to load YAML file'),
        diag('ansible-lint', 'syntax-check[specific]', 2, 0, 5, 'conflicting action statements'),
      ],
    );
    assert.deepEqual(codes(merged), ['scribe:yaml-syntax@6', 'ansible-lint:syntax-check[specific]@2']);
  });

  void it('maps our duplicate-key warning onto yamllint key-duplicates, not onto syntax', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'yaml-syntax', 3, 2, 5, 'Map keys must be unique')],
      [
        diag('yamllint', 'key-duplicates', 3, 2, 5, 'duplication of key "a" in mapping'),
        diag('yamllint', 'syntax', 8, 0, 1),
      ],
    );
    assert.deepEqual(codes(merged), ['scribe:yaml-syntax@3', 'yamllint:syntax@8']);
  });

  void it('drops unknown-module from syntax-check when we already report the unknown module', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'unknown-module', 3, 6, 21)],
      [diag('ansible-lint', 'syntax-check[specific]', 3, 6, 21, "couldn't resolve module/action 'nosuch.module.x'")],
    );
    assert.deepEqual(codes(merged), ['scribe:unknown-module@3']);
  });

  void it('keeps yamllint over ansible-lint yaml[...] for the same rule and line (yamllint has the column)', () => {
    const merged = mergeDiagnostics(
      [],
      [
        diag('ansible-lint', 'yaml[trailing-spaces]', 13, 22, 25),
        diag('yamllint', 'trailing-spaces', 13, 22, 25),
        diag('ansible-lint', 'yaml[truthy]', 15, 15, 18),
      ],
    );
    assert.deepEqual(codes(merged), ['yamllint:trailing-spaces@13', 'ansible-lint:yaml[truthy]@15']);
  });

  void it('removes exact repeats from one tool and keeps everything built in', () => {
    const merged = mergeDiagnostics(
      [diag('scribe', 'unknown-option', 1, 0, 3), diag('scribe', 'unknown-option', 1, 0, 3)],
      [diag('ansible-lint', 'no-changed-when', 4, 6, 11), diag('ansible-lint', 'no-changed-when', 4, 6, 11)],
    );
    assert.deepEqual(codes(merged), [
      'scribe:unknown-option@1',
      'scribe:unknown-option@1',
      'ansible-lint:no-changed-when@4',
    ]);
  });
});
