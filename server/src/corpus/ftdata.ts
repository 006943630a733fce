// Corpus source: ftdata JSONL as written by ansible-content-parser, one task per line:
// {data_source_description, input, license, output, path, repo_name, repo_url}. `input` is the
// prompt (the file so far, ending with the task's `- name:` line), `output` the task body.

import { parseAnsibleDocument } from '../document/parse';
import { extractTasks, type ExtractedTask, type ModuleResolver } from './extract';
import { normaliseRepoUrl } from './collections';
import type { SourcedTask } from './merge';
import { toSpdx } from './spdx';
import { splitUnit } from './split';

export interface FtdataRecord {
  data_source_description?: string;
  input: string;
  output: string;
  license?: string;
  path?: string;
  repo_name?: string;
  repo_url?: string;
}

export interface FtdataCounts {
  lines: number;
  malformed: number;
  /** Well-formed JSON whose input/output did not make a task with a module. */
  noTask: number;
  /** 1-based numbers of the first malformed lines, for the report. */
  malformedLines: number[];
}

export function emptyFtdataCounts(): FtdataCounts {
  return { lines: 0, malformed: 0, noTask: 0, malformedLines: [] };
}

export function* ftdataTasks(text: string, resolve: ModuleResolver, counts: FtdataCounts): Generator<SourcedTask> {
  let n = 0;
  for (const line of text.split('\n')) {
    n++;
    if (!line.trim()) continue;
    counts.lines++;
    let rec: FtdataRecord;
    try {
      rec = JSON.parse(line) as FtdataRecord;
      if (typeof rec !== 'object' || rec === null || typeof rec.input !== 'string' || typeof rec.output !== 'string')
        throw new Error('not an ftdata record');
    } catch {
      counts.malformed++;
      if (counts.malformedLines.length < 5) counts.malformedLines.push(n);
      continue;
    }
    const task = ftdataTask(rec, resolve);
    if (!task) {
      counts.noTask++;
      continue;
    }
    const repo = rec.repo_name ?? '';
    const path = (rec.path ?? '').replace(/\\/g, '/');
    yield {
      task,
      origin: 'ftdata',
      provenance: {
        source: 'ftdata',
        collection: repo,
        version: '',
        path,
        line: 0, // the record does not say where in the file the task was
        repoUrl: normaliseRepoUrl(rec.repo_url ?? ''),
        license: toSpdx(rec.license),
      },
      unit: splitUnit(repo, path || `line-${n}`),
    };
  }
}

/** The last task of input + output, with the tasks before it as its context. */
export function ftdataTask(rec: FtdataRecord, resolve: ModuleResolver): ExtractedTask | undefined {
  const input = rec.input.endsWith('\n') ? rec.input : `${rec.input}\n`;
  const full = input + rec.output;
  const nameLine = input.trimEnd().split('\n').length; // 1-based line of the `- name:` line
  const uri = `file:///ftdata/${/\/(tasks|handlers)\//.test(rec.path ?? '') ? rec.path : 'tasks/main.yml'}`;
  const tasks = extractTasks(parseAnsibleDocument(uri, full), resolve);
  const found = tasks.find((t) => t.line === nameLine) ?? tasks[tasks.length - 1];
  if (found && found.line >= nameLine) return { ...found, line: 0 };
  // The context alone may not parse as YAML (a prompt cut mid-file): take the task on its own.
  const last = input.trimEnd().split('\n').pop() ?? '';
  const alone = extractTasks(parseAnsibleDocument('file:///ftdata/tasks/main.yml', `${last}\n${rec.output}`), resolve);
  return alone.length ? { ...alone[0], line: 0 } : undefined;
}
