// Lint results as text (file:line:col), JSON, or SARIF 2.1.0 for code-scanning tools.

import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';

export type ReportFormat = 'text' | 'json' | 'sarif';

export interface FileReport {
  path: string;
  diagnostics: Diagnostic[];
}

const severityName = ['', 'error', 'warning', 'info', 'hint'] as const;
const sarifLevel = ['', 'error', 'warning', 'note', 'note'] as const;

export function formatReport(reports: FileReport[], format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(reports.map(jsonFile), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(reports), null, 2) + '\n';
    default:
      return text(reports);
  }
}

function sorted(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

function text(reports: FileReport[]): string {
  const lines: string[] = [];
  const counts = [0, 0, 0, 0, 0];
  for (const r of reports) {
    const file = relative(process.cwd(), r.path) || r.path;
    for (const d of sorted(r.diagnostics)) {
      const sev = d.severity ?? 1;
      counts[sev]++;
      lines.push(
        `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName[sev]} [${d.source}/${d.code}] ${d.message}`,
      );
    }
  }
  lines.push(
    `${counts[1]} error(s), ${counts[2]} warning(s), ${counts[3] + counts[4]} note(s) in ${reports.length} file(s)`,
  );
  return lines.join('\n') + '\n';
}

function jsonFile(r: FileReport) {
  return {
    file: r.path,
    diagnostics: sorted(r.diagnostics).map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityName[d.severity ?? 1],
      source: d.source,
      code: d.code,
      message: d.message,
      url: d.codeDescription?.href,
    })),
  };
}

function sarif(reports: FileReport[]) {
  const rules = new Map<string, { id: string; helpUri?: string }>();
  const results = reports.flatMap((r) =>
    sorted(r.diagnostics).map((d) => {
      const ruleId = `${d.source}/${d.code}`;
      if (!rules.has(ruleId)) rules.set(ruleId, { id: ruleId, helpUri: d.codeDescription?.href });
      return {
        ruleId,
        level: sarifLevel[d.severity ?? 1],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: pathToFileURL(r.path).href },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ansible-scribe',
            informationUri: 'https://github.com/ansible-scribe',
            rules: [...rules.values()],
          },
        },
        results,
      },
    ],
  };
}
