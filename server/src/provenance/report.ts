// The provenance report: every AI-written range of the workspace with its sources and licences,
// as Markdown (a table per file and a licence summary) or JSON (the same, for tools).

import { fileURLToPath } from 'node:url';
import { collectionAtVersion, escapeMarkdown, inlineCode, link, shortTime, sourceUrl } from './markdown';
import { comparePositions } from './ranges';
import type { ProvenanceRecord, Range } from './types';

export type ReportFormat = 'markdown' | 'json';

export const REPORT_FORMAT = 'scribe-provenance-report';

/** 1-based first and last line of a range (a range ending at a line start ends on the line before). */
export function lineSpan(r: Range): { start: number; end: number } {
  const endLine = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return { start: r.start.line + 1, end: endLine + 1 };
}

/** A document's path for people: relative to the root when under it, else the file path or URI. */
function displayPath(uri: string, root: string | undefined): string {
  const base = root?.replace(/\/+$/, '');
  if (base && uri.startsWith(base + '/')) return decodeURIComponent(uri.slice(base.length + 1));
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

interface FileGroup {
  uri: string;
  path: string;
  records: ProvenanceRecord[];
}

function groupByFile(records: readonly ProvenanceRecord[], root: string | undefined): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const r of records) {
    const g = groups.get(r.uri) ?? { uri: r.uri, path: displayPath(r.uri, root), records: [] };
    g.records.push(r);
    groups.set(r.uri, g);
  }
  const files = [...groups.values()].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files) f.records.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return files;
}

function licenceSummary(files: FileGroup[]): { license: string; ranges: number; files: number }[] {
  const byLicence = new Map<string, { ranges: number; files: Set<string> }>();
  for (const f of files)
    for (const r of f.records)
      for (const l of r.licenses.length ? r.licenses : ['NOASSERTION']) {
        const s = byLicence.get(l) ?? { ranges: 0, files: new Set<string>() };
        s.ranges++;
        s.files.add(f.uri);
        byLicence.set(l, s);
      }
  return [...byLicence.entries()]
    .map(([license, s]) => ({ license, ranges: s.ranges, files: s.files.size }))
    .sort((a, b) => b.ranges - a.ranges || a.license.localeCompare(b.license));
}

/**
 * Ranges per attribution index when any record names one (a shared index was configured when
 * it was accepted); records that name none were matched by the local index.
 */
function indexSummary(files: FileGroup[]): [string, number][] | undefined {
  const records = files.flatMap((f) => f.records);
  if (!records.some((r) => r.attributedBy)) return undefined;
  const counts = new Map<string, number>();
  for (const r of records)
    counts.set(r.attributedBy ?? 'local index', (counts.get(r.attributedBy ?? 'local index') ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function markdownReport(files: FileGroup[], generatedAt: Date): string {
  const total = files.reduce((n, f) => n + f.records.length, 0);
  const out = ['# Provenance report', ''];
  out.push(
    total === 0
      ? `Generated ${shortTime(generatedAt.toISOString())}. No AI-written content is recorded.`
      : `Generated ${shortTime(generatedAt.toISOString())}: ${total} AI-written range${total === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}.`,
  );
  for (const f of files) {
    out.push('', `## ${escapeMarkdown(f.path)}`, '');
    out.push('| Lines | State | Model | Accepted | Sources | Licences |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of f.records) {
      const { start, end } = lineSpan(r.range);
      const sources = r.matches.length
        ? r.matches
            .map(
              (m) =>
                `${link(`${collectionAtVersion(m)} ${m.path}`.trim(), sourceUrl(m))} (${m.score.toFixed(2)}, ${escapeMarkdown(m.license)})`,
            )
            .join('<br>')
        : 'none recorded';
      const cells = [
        start === end ? `${start}` : `${start}–${end}`,
        r.state === 'modified' ? 'modified by user' : 'AI-written',
        escapeMarkdown(r.model || 'embedded'),
        shortTime(r.createdAt),
        sources,
        r.licenses.map((l) => inlineCode(l)).join(', ') || 'NOASSERTION',
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
  }
  const licences = licenceSummary(files);
  if (licences.length) {
    out.push('', '## Licences', '', '| Licence | Ranges | Files |', '| --- | --- | --- |');
    for (const l of licences) out.push(`| ${inlineCode(l.license)} | ${l.ranges} | ${l.files} |`);
  }
  const indexes = indexSummary(files);
  if (indexes) {
    out.push('', '## Where the matches came from', '', '| Attribution index | Ranges |', '| --- | --- |');
    for (const [index, ranges] of indexes) out.push(`| ${escapeMarkdown(index)} | ${ranges} |`);
  }
  return out.join('\n') + '\n';
}

function jsonReport(files: FileGroup[], generatedAt: Date, root: string | undefined): string {
  return (
    JSON.stringify(
      {
        format: REPORT_FORMAT,
        version: 1,
        generatedAt: generatedAt.toISOString(),
        root: root ?? null,
        files: files.map((f) => ({
          uri: f.uri,
          path: f.path,
          records: f.records.map((r) => ({
            id: r.id,
            suggestionId: r.suggestionId,
            range: r.range,
            lines: lineSpan(r.range),
            state: r.state,
            model: r.model,
            createdAt: r.createdAt,
            licenses: r.licenses,
            policy: r.policy,
            attributedBy: r.attributedBy ?? null,
            matches: r.matches.map((m) => ({ ...m, url: sourceUrl(m) ?? null })),
            text: r.text,
          })),
        })),
        licences: licenceSummary(files),
      },
      null,
      2,
    ) + '\n'
  );
}

export function provenanceReport(
  records: readonly ProvenanceRecord[],
  format: ReportFormat,
  options: { root?: string; generatedAt?: Date } = {},
): string {
  const files = groupByFile(records, options.root);
  const at = options.generatedAt ?? new Date();
  return format === 'json' ? jsonReport(files, at, options.root) : markdownReport(files, at);
}
