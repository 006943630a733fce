// The provenance ledger: suggestions the server has offered (so acceptance and `scribe/attribution`
// can find them), and the accepted AI-written ranges of every document, whose ranges follow edits
// and which persist across restarts. Plain data in, plain data out: the server wires LSP events in.

import { randomUUID } from 'node:crypto';
import { LineIndex } from '../document/model';
import { locateBlock } from './locate';
import { comparePositions, endOfInserted, followEdit, followReplacement } from './ranges';
import { provenanceReport, type ReportFormat } from './report';
import { sourceMatch } from './sources';
import { readLedgerFile, writeLedgerFile } from './store';
import type {
  ContentChange,
  OfferedSuggestion,
  Position,
  ProvenanceRecord,
  Range,
  AttributionMatch,
  SuggestionAttribution,
} from './types';

export interface LedgerOptions {
  /** Where the ledger persists; none = in memory only. */
  file?: string;
  /** Changes are saved this long after the last one (default 1 s). */
  saveDelayMs?: number;
  /** How many offered suggestions are remembered (least recently used go first; default 256). */
  maxPending?: number;
  /** One-line problems (unreadable ledger, failed save). */
  warn?: (line: string) => void;
  now?: () => Date;
}

const distinct = (xs: string[]) => [...new Set(xs)];

const isUnder = (uri: string, folder: string) =>
  uri === folder || uri.startsWith(folder.endsWith('/') ? folder : folder + '/');

/** Whether a change is the insertion of the record's own text at its start. */
const isInsertionOf = (change: ContentChange, r: ProvenanceRecord) =>
  'range' in change &&
  comparePositions(change.range.start, r.range.start) === 0 &&
  comparePositions(change.range.end, r.range.start) === 0 &&
  change.text === r.text;

export class ProvenanceLedger {
  /** Offered suggestions by id, least recently used first. */
  private readonly offered = new Map<
    string,
    Omit<OfferedSuggestion, 'matches' | 'notes'> & { matches: AttributionMatch[]; notes: string[] }
  >();
  private readonly byUri = new Map<string, ProvenanceRecord[]>();
  private readonly warn: (line: string) => void;
  private readonly now: () => Date;
  /**
   * Records accepted without the document text: the editor's didChange for the insertion itself
   * may still be on its way (LSP does not order a command's request after the edit's notification
   * in every client), and must not shift the record it created.
   */
  private readonly awaitingInsertion = new Set<string>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<boolean> = Promise.resolve(true);

  constructor(
    private readonly options: LedgerOptions = {},
    records: readonly ProvenanceRecord[] = [],
  ) {
    this.warn = options.warn ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    for (const r of records) this.add(r);
  }

  /** The ledger stored in `file` (empty when missing or unreadable); never throws. */
  static async open(file: string, options: Omit<LedgerOptions, 'file'> = {}): Promise<ProvenanceLedger> {
    const records = await readLedgerFile(file, options.warn ?? (() => undefined));
    return new ProvenanceLedger({ ...options, file }, records);
  }

  // ---- suggestions ----

  /** Remembers a suggestion the server offered, for `accept` and `attribution`. */
  recordSuggestion(suggestionId: string, offered: OfferedSuggestion): void {
    this.offered.delete(suggestionId);
    this.offered.set(suggestionId, {
      ...offered,
      matches: offered.matches.map(sourceMatch),
      notes: (offered.notes ?? []).filter((n) => typeof n === 'string'),
    });
    const max = this.options.maxPending ?? 256;
    for (const id of this.offered.keys()) {
      if (this.offered.size <= max) break;
      this.offered.delete(id);
    }
  }

  /**
   * `scribe/attribution`: the suggestion's model, matches and policy, and what the output policy
   * removed from it (`notes`, while the suggestion is remembered); undefined when unknown.
   */
  attribution(suggestionId: string): SuggestionAttribution | undefined {
    const o = this.offered.get(suggestionId);
    const src = o ?? this.all().find((r) => r.suggestionId === suggestionId);
    if (!src) return undefined;
    const attribution: SuggestionAttribution = {
      suggestionId,
      model: src.model,
      matches: src.matches.map((m) => ({ ...m })),
      policy: { ...src.policy },
      ...(src.attributedBy && { attributedBy: src.attributedBy }),
    };
    if (o?.notes.length) attribution.notes = [...o.notes];
    return attribution;
  }

  /**
   * `scribe/accept`: the suggestion is in the document at `range` (the client reports the inserted
   * range). An empty range is read as the insertion point: the record then covers the offered
   * insertText from there. The record's text is read from `documentText` (the document after the
   * insertion) when given, which the server should pass: it is what later edits are checked
   * against; without it, the offered insertText is assumed. Undefined for an unknown id.
   */
  accept(suggestionId: string, uri: string, range: Range, documentText?: string): ProvenanceRecord | undefined {
    const o = this.offered.get(suggestionId);
    if (!o) return undefined;
    const recorded: Range =
      comparePositions(range.start, range.end) < 0
        ? range
        : { start: range.start, end: endOfInserted(range.start, o.insertText) };
    let text = o.insertText;
    if (documentText !== undefined) {
      const lines = new LineIndex(documentText);
      text = documentText.slice(lines.offsetAt(recorded.start), lines.offsetAt(recorded.end));
    }
    if (text.trim() === '') return undefined;
    const same = this.forDocument(uri).find(
      (r) =>
        r.suggestionId === suggestionId && comparePositions(r.range.start, recorded.start) === 0 && r.text === text,
    );
    if (same) return same;
    const record: ProvenanceRecord = {
      id: randomUUID(),
      suggestionId,
      uri,
      range: recorded,
      model: o.model,
      createdAt: this.now().toISOString(),
      matches: o.matches.map((m) => ({ ...m })),
      licenses: distinct(o.matches.map((m) => m.license)),
      policy: { ...o.policy },
      ...(o.attributedBy && { attributedBy: o.attributedBy }),
      state: 'ai',
      text,
    };
    this.add(record);
    if (documentText === undefined) this.awaitingInsertion.add(record.id);
    this.changed();
    return record;
  }

  /**
   * Generated content the user kept (`scribe/keepGenerated`): the offered text is recorded where
   * it stands in `documentText`, verbatim or re-indented, looking from `fromLine` on first (tasks
   * keep their order). Undefined for an unknown id, or when the text is not there as offered.
   */
  keep(suggestionId: string, uri: string, documentText: string, fromLine = 0): ProvenanceRecord | undefined {
    const o = this.offered.get(suggestionId);
    const range = o && locateBlock(documentText, o.insertText, fromLine);
    return range && this.accept(suggestionId, uri, range, documentText);
  }

  /** `scribe/reject`: forgets an offered suggestion. */
  reject(suggestionId: string): boolean {
    return this.offered.delete(suggestionId);
  }

  // ---- documents ----

  /** `textDocument/didChange`: the content changes of one event, in order. */
  applyChanges(uri: string, changes: readonly ContentChange[]): void {
    const before = this.byUri.get(uri);
    if (!before) return;
    let records: ProvenanceRecord[] = before;
    for (const change of changes) {
      records = records.flatMap((r) => {
        if (this.awaitingInsertion.delete(r.id) && isInsertionOf(change, r)) return [r];
        const next = 'range' in change ? followEdit(r, change) : followReplacement(r, change.text);
        if (next === r) return [r];
        return next ? [{ ...r, range: next.range, text: next.text, state: next.state }] : [];
      });
    }
    for (const r of before) this.awaitingInsertion.delete(r.id);
    if (records.length === before.length && records.every((r, i) => r === before[i])) return;
    this.setRecords(uri, records);
  }

  /** `textDocument/didOpen` (the file may have changed while closed): keeps what is still there. */
  reconcile(uri: string, text: string): void {
    this.applyChanges(uri, [{ text }]);
  }

  /** `workspace/didRenameFiles`: a file or a folder moved. */
  rename(oldUri: string, newUri: string): void {
    let moved = false;
    for (const uri of [...this.byUri.keys()]) {
      if (!isUnder(uri, oldUri)) continue;
      const target = newUri + uri.slice(oldUri.length);
      const records = (this.byUri.get(uri) ?? []).map((r) => ({ ...r, uri: target }));
      this.byUri.delete(uri);
      this.setRecords(target, [...(this.byUri.get(target) ?? []), ...records], false);
      moved = true;
    }
    if (moved) this.changed();
  }

  /** `workspace/didDeleteFiles`: a file or a folder is gone. */
  remove(uri: string): void {
    const gone = [...this.byUri.keys()].filter((u) => isUnder(u, uri));
    for (const u of gone) this.byUri.delete(u);
    if (gone.length) this.changed();
  }

  forDocument(uri: string): ProvenanceRecord[] {
    return [...(this.byUri.get(uri) ?? [])];
  }

  all(): ProvenanceRecord[] {
    return [...this.byUri.values()].flat();
  }

  /** The record under a position (the latest accepted one when they nest). */
  at(uri: string, pos: Position): ProvenanceRecord | undefined {
    const hits = (this.byUri.get(uri) ?? []).filter(({ range: { start, end } }) => {
      if (comparePositions(pos, start) < 0) return false;
      const c = comparePositions(pos, end);
      // The end is inclusive unless it is the start of the next line (text ending with a line break).
      return c < 0 || (c === 0 && end.character > 0);
    });
    return hits[hits.length - 1];
  }

  report(format: ReportFormat, root?: string): string {
    return provenanceReport(this.all(), format, { root, generatedAt: this.now() });
  }

  // ---- persistence ----

  /** Writes the ledger now; false (and a warning) when it could not. */
  save(): Promise<boolean> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const file = this.options.file;
    if (!file) return Promise.resolve(true);
    this.saving = this.saving.then(() =>
      writeLedgerFile(file, this.all()).then(
        () => true,
        (e: Error) => {
          this.warn(`Provenance ledger could not be saved to ${file}: ${e.message}`);
          return false;
        },
      ),
    );
    return this.saving;
  }

  /** Saves a pending change now (on shutdown). */
  async flush(): Promise<void> {
    if (this.saveTimer) await this.save();
    else await this.saving;
  }

  private changed(): void {
    if (!this.options.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => void this.save(), this.options.saveDelayMs ?? 1000);
    this.saveTimer.unref();
  }

  private add(r: ProvenanceRecord): void {
    this.setRecords(r.uri, [...(this.byUri.get(r.uri) ?? []), r], false);
  }

  private setRecords(uri: string, records: ProvenanceRecord[], notify = true): void {
    if (records.length) this.byUri.set(uri, records);
    else this.byUri.delete(uri);
    if (notify) this.changed();
  }
}
