// A licence-clean training set from the corpus: which tasks may go in (their licence is among the
// allowed ones), one record per distinct task, and the paperwork that proves it: MANIFEST.json
// (every source with its version, licence and record count; what was left out and why) and NOTICE
// (the attributions the licences require). How a task becomes a prompt/completion pair and how
// secrets are redacted are the caller's (cli/export.ts), so this stays free of the remote model.
//
// A licence may be an SPDX expression (SPDX 2.3 Annex D), judged as the licence policy reads them:
// `A OR B` is allowed when either alternative is, `A AND B` only when both are, `A WITH exception`
// as A (or as the whole text when the allow list names it). An expression that does not parse is
// not allowed. NOASSERTION (licence unknown) is allowed only when the caller asks for it.

import { createHash } from 'node:crypto';
import { NOASSERTION } from '../corpus/licence';
import type { CorpusTask, Provenance } from '../corpus/types';
import { parseLicenceExpression } from '../policy/licencePolicy';

export interface TrainingRecord {
  prompt: string;
  completion: string;
}

export interface SelectionOptions {
  /** SPDX ids. */
  allow: readonly string[];
  includeNoassertion: boolean;
  /** Only the corpus's training split (leave the held-out files for `scribe eval`). */
  trainSplitOnly?: boolean;
  /** A task as a record, with the number of secrets redacted from it; undefined to leave it out. */
  toRecord: (task: CorpusTask) => { record: TrainingRecord; redactions: number } | undefined;
}

export interface ManifestSource {
  /** collection, dir, ftdata */
  kind: Provenance['source'];
  /** Collection name, or the repository / folder name. */
  name: string;
  /** Collection version or git commit ('' when unknown). */
  version: string;
  repoUrl: string;
  /** The source's licence (an SPDX id or expression). */
  license: string;
  /** The allowed licence the content is used under (an OR expression's elected alternative). */
  usedUnder: string;
  /** Records drawn from this source. */
  records: number;
}

export interface TrainingManifest {
  format: 'ansible-scribe-training-data';
  schema: 1;
  createdAt: string;
  data: string;
  shape: 'prompt/completion JSONL';
  allowedLicences: string[];
  includeNoassertion: boolean;
  trainSplitOnly: boolean;
  records: number;
  /** Records per licence used (a record counts once, under its first allowed source's). */
  licences: Record<string, number>;
  sources: ManifestSource[];
  excluded: {
    /** Corpus tasks left out because none of their sources' licences is allowed, by licence. */
    byLicence: Record<string, number>;
    duplicates: number;
    unnamed: number;
    heldOut: number;
    unusable: number;
  };
  secretsRedacted: number;
  /** sha256 of the data file. */
  sha256: string;
}

export interface TrainingSet {
  records: TrainingRecord[];
  manifest: Omit<TrainingManifest, 'createdAt' | 'sha256' | 'data'>;
}

type Expr = NonNullable<ReturnType<typeof parseLicenceExpression>>;

/**
 * The licence under which the content is used when `allow` permits it (see the header), else
 * undefined: an allowed id as the allow list writes it; `A OR B` → the first allowed alternative
 * (the licensee's election); `A AND B` → both; `A WITH e` → A (or the whole when listed).
 */
export function licenceUsed(
  licence: string,
  allow: readonly string[],
  includeNoassertion: boolean,
): string | undefined {
  const text = licence.trim() || NOASSERTION;
  if (text === NOASSERTION) return includeNoassertion ? NOASSERTION : undefined;
  const ids = new Map(allow.map((a) => [a.toLowerCase(), a]));
  const expr = parseLicenceExpression(text);
  if (!expr) return undefined;
  const judge = (e: Expr): string | undefined => {
    switch (e.kind) {
      case 'id': {
        const whole = e.exception !== undefined ? ids.get(`${e.id} WITH ${e.exception}`.toLowerCase()) : undefined;
        return whole ?? ids.get(e.id.toLowerCase());
      }
      case 'and': {
        const parts = e.parts.map(judge);
        return parts.every((p) => p !== undefined) ? parts.join(' AND ') : undefined;
      }
      case 'or':
        for (const p of e.parts) {
          const used = judge(p);
          if (used !== undefined) return used;
        }
        return undefined;
    }
  };
  return judge(expr);
}

/** Whether an SPDX id or expression is allowed by `allow` (see the header). */
export function licenceAllowed(licence: string, allow: readonly string[], includeNoassertion: boolean): boolean {
  return licenceUsed(licence, allow, includeNoassertion) !== undefined;
}

/** The allowed tasks as records, de-duplicated (same name and completion), with their manifest. */
export function selectTrainingData(tasks: readonly CorpusTask[], o: SelectionOptions): TrainingSet {
  const used = (s: Provenance) => licenceUsed(s.license, o.allow, o.includeNoassertion);
  const records: TrainingRecord[] = [];
  const seen = new Set<string>();
  const licences: Record<string, number> = {};
  const sources = new Map<string, ManifestSource>();
  const excluded: TrainingManifest['excluded'] = {
    byLicence: {},
    duplicates: 0,
    unnamed: 0,
    heldOut: 0,
    unusable: 0,
  };
  let secretsRedacted = 0;
  for (const task of tasks) {
    if (!task.name.trim()) {
      excluded.unnamed++;
      continue;
    }
    if (o.trainSplitOnly && task.split === 'test') {
      excluded.heldOut++;
      continue;
    }
    const from = task.sources.filter((s) => used(s) !== undefined);
    if (!from.length) {
      const licence = task.sources[0]?.license || NOASSERTION;
      excluded.byLicence[licence] = (excluded.byLicence[licence] ?? 0) + 1;
      continue;
    }
    const made = o.toRecord(task);
    if (!made) {
      excluded.unusable++;
      continue;
    }
    const key = createHash('sha256')
      .update(`${task.name.trim().toLowerCase()}\0${made.record.completion}`)
      .digest('base64url');
    if (seen.has(key)) {
      excluded.duplicates++;
      continue;
    }
    seen.add(key);
    records.push(made.record);
    secretsRedacted += made.redactions;
    const licence = used(from[0]) as string;
    licences[licence] = (licences[licence] ?? 0) + 1;
    // Every allowed source the record was found in is named (identical tasks keep all sources).
    const counted = new Set<string>();
    for (const s of from) {
      const k = [s.source, s.collection, s.version, s.repoUrl, s.license].join('\0');
      const usedUnder = used(s) as string;
      if (counted.has(k)) continue;
      counted.add(k);
      const entry = sources.get(k);
      if (entry) entry.records++;
      else
        sources.set(k, {
          kind: s.source,
          name: s.collection,
          version: s.version,
          repoUrl: s.repoUrl,
          license: s.license,
          usedUnder,
          records: 1,
        });
    }
  }
  return {
    records,
    manifest: {
      format: 'ansible-scribe-training-data',
      schema: 1,
      shape: 'prompt/completion JSONL',
      allowedLicences: [...o.allow],
      includeNoassertion: o.includeNoassertion,
      trainSplitOnly: o.trainSplitOnly ?? false,
      records: records.length,
      licences,
      sources: [...sources.values()].sort(
        (a, b) =>
          a.license.localeCompare(b.license) || a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
      ),
      excluded,
      secretsRedacted,
    },
  };
}

/** The NOTICE file: what the data is, and each source with its licence, version and location. */
export function noticeText(
  m: Pick<TrainingManifest, 'sources' | 'createdAt' | 'allowedLicences' | 'includeNoassertion'>,
): string {
  const lines = [
    'NOTICE',
    '',
    `Training data exported by Ansible Scribe (scribe export training-data) on ${m.createdAt}.`,
    `Licences allowed: ${m.allowedLicences.join(', ')}${m.includeNoassertion ? ', and content of unknown licence (NOASSERTION), included on request' : ''}.`,
    '',
    'This data set contains Ansible tasks, some of them edited (secrets redacted), taken from the',
    'sources below. Each source’s content remains under its licence. Keep this notice with the',
    'data and with anything that redistributes it, and add the licence texts (and any copyright',
    'notices of the sources) where a licence requires them (e.g. MIT: the permission notice;',
    'Apache-2.0: section 4; BSD: the copyright notice and conditions).',
  ];
  const byLicence = new Map<string, ManifestSource[]>();
  for (const s of m.sources) byLicence.set(s.usedUnder, [...(byLicence.get(s.usedUnder) ?? []), s]);
  for (const [licence, sources] of byLicence) {
    lines.push('', `== ${licence} ==`);
    for (const s of sources) {
      const where = s.repoUrl ? ` (${s.repoUrl})` : '';
      const version = s.version ? ` ${s.kind === 'collection' ? 'version' : 'commit'} ${s.version}` : '';
      const offered = s.license !== s.usedUnder ? ` (offered under ${s.license})` : '';
      lines.push(
        `- ${s.name || 'unnamed source'}${version}${where}${offered}: ${s.records} task${s.records === 1 ? '' : 's'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
