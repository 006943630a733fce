// `scribe suggest FILE --line N [--json] [--corpus DIR]`: the editor's suggestion pipeline on the
// description at line N (a `- name:` line or a `# a & b` comment): the suggested YAML and where
// it came from (the examples the model drew on, and the closest corpus tasks), with licences, and
// what the output policy removed from the model's task (`output policy:` lines; `notes` in JSON).
// As in the editor, the file's project is read first (engine/workspaceIndex.ts): its other files'
// tasks steer the model and are attributed as "this workspace".
//
// Without a stored corpus it stops with "no corpus: run `scribe index build`" rather than building
// one: a build reads every installed collection, which is a job to start on purpose, not a side
// effect of asking for one suggestion.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { AttributionIndex } from '../attribution/attributionIndex';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { projectRootOf } from '../corpus/workspaceScan';
import { parseAnsibleDocument } from '../document/parse';
import { WorkspaceIndex } from '../engine/workspaceIndex';
import { suggestionJson } from '../suggest/json';
import { suggestFor, type Suggestion } from '../suggest/pipeline';
import { buildTaskRequests, type TaskRequests } from '../suggest/request';
import type { CorpusMatch } from '../suggest/types';
import { corpusOption, parseCommand, synopsis } from './args';
import { attributionJson, databaseOptions, sharedIndexOption } from './databaseOptions';
import type { SuggestEnvironment } from '../engine/environment';
import type { EmbeddedModel } from '../model/index';
import { modelFor, openCliEnvironment } from './environment';
import { endpointSettings, modelOptions } from './modelOptions';
import { policyLine, policyOptions, policySettings } from './policyOptions';
import { readYamlInput, UsageError } from './usage';

export const suggestUsage = `suggest FILE --line N [--json] [--corpus DIR] [--workspace DIR | --no-workspace] [--db-env VAR]
     [ENDPOINT] [POLICY]
      Suggests the task(s) described at line N (1-based): a '- name:' line or a '# a & b' comment,
      with the training examples they came from (collection@version, path, repository, licence, score).
      --workspace DIR: the project whose playbooks and roles steer the suggestion and are attributed
      as "this workspace", as the editor's workspace folder (default: the nearest folder above FILE
      with ansible.cfg, .git or galaxy.yml; else the folder holding roles/ for a role's file; else
      FILE's folder). --no-workspace: the file alone.
      --db-env VAR: similar tasks from the shared index (scribe index push) at the PostgreSQL URL in
      $VAR, the local index when the database cannot answer (an 'attribution:' line says which).`;

export async function runSuggest(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'suggest',
      usage: suggestUsage,
      positionals: true,
      options: {
        line: { type: 'string' },
        json: { type: 'boolean', default: false },
        workspace: { type: 'string' },
        'no-workspace': { type: 'boolean', default: false },
        ...corpusOption,
        ...modelOptions,
        ...policyOptions,
        ...databaseOptions,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, positionals, cacheDir } = args;
  const endpoint = endpointSettings('suggest', values);
  const policy = policySettings('suggest', values);
  let localIndex: AttributionIndex | undefined;
  const shared = sharedIndexOption('suggest', values, () => localIndex);
  if (positionals.length !== 1) throw new UsageError(synopsis(suggestUsage));
  if (values.line === undefined) throw new UsageError('suggest: --line N is required (1-based)');
  if (values.workspace !== undefined && values['no-workspace'])
    throw new UsageError('suggest: --workspace and --no-workspace exclude each other');
  const lineNo = Number(values.line);
  if (!/^\d+$/.test(values.line) || lineNo < 1)
    throw new UsageError(`suggest: --line must be a line number from 1, not '${values.line}'`);

  const file = positionals[0];
  const input = await readYamlInput('suggest', file);
  const doc = parseAnsibleDocument(pathToFileURL(input.path).href, input.text);

  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: values['ansible-path'], prefetch: false });
  try {
    await catalog.ready();
    // Bad input is reported before the corpus and model are loaded.
    const check = buildTaskRequests(doc, lineNo - 1, catalog);
    if ('reason' in check) throw new UsageError(`suggest: ${file}: ${check.reason}`);
    const root = values['no-workspace'] ? undefined : resolve(values.workspace ?? projectRootOf(input.path));
    if (root && !statSync(root, { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError(`suggest: --workspace ${root}: not a folder`);
    const loadStarted = performance.now();
    const env = openCliEnvironment('suggest', catalog, {
      corpus: values.corpus,
      cacheDir,
      log: (l) => process.stderr.write(`scribe: ${l}\n`),
    });
    const requests = root ? await withWorkspace(root, check, env, catalog) : check;
    const loadMs = performance.now() - loadStarted;
    const model = modelFor(env, endpoint);
    localIndex = env.index;
    const sharedIndex = shared?.source.requestIndex();
    const result = await suggestFor(requests, {
      model,
      catalog,
      index: sharedIndex ?? env.index,
      lookup: env.lookup,
      policy,
    });
    const attributedBy = sharedIndex?.answeredBy?.();
    if (attributedBy) process.stderr.write(`scribe: suggest: attribution: ${attributedBy}\n`);
    if ('reason' in result) {
      process.stderr.write(`scribe: suggest: ${file}: ${result.reason}\n`);
      return 1;
    }
    if (result.policy.action === 'block') {
      process.stderr.write(`scribe: suggest: ${file}:${lineNo}: ${policyLine(result.policy)}\n`);
      return 1;
    }
    const load = { millis: Math.round(loadMs), corpus: env.corpusDir, cached: env.cached };
    out.write(
      values.json
        ? `${JSON.stringify({ file, line: lineNo, ...suggestionJson(result), load, ...(shared && { attribution: attributionJson(shared.database, sharedIndex?.last()) }) }, null, 2)}\n`
        : formatText(file, lineNo, result),
    );
    return 0;
  } finally {
    catalog.dispose();
    await shared?.dispose();
  }
}

/** The project's tasks join the attribution index and reach the model as the editor's workspace does. */
async function withWorkspace(
  root: string,
  requests: TaskRequests,
  env: SuggestEnvironment<EmbeddedModel>,
  catalog: AnsibleCatalog,
): Promise<TaskRequests> {
  const workspace = new WorkspaceIndex({ loaded: async () => env, catalog }, (line) =>
    process.stderr.write(`scribe: suggest: ${line}\n`),
  );
  await workspace.indexFolder(root);
  return workspace.attach(requests);
}

function formatMatch(m: CorpusMatch): string {
  const line = m.sources[0]?.line ? `:${m.sources[0].line}` : '';
  const more = m.sources.length > 1 ? ` (+${m.sources.length - 1} more sources)` : '';
  const where = m.version ? `${m.collection}@${m.version}` : m.collection;
  return `    ${m.score.toFixed(2)}  ${where}  ${m.path}${line}  ${m.repoUrl || '(no repository)'}  ${m.license}  "${m.task.name}"${more}`;
}

function formatText(file: string, line: number, r: Suggestion): string {
  const out: string[] = [r.insertText.replace(/\n$/, ''), ''];
  for (const t of r.tasks) {
    out.push(
      `${file}:${line} "${t.request.description}" → ${t.fqcn} (confidence ${t.confidence.toFixed(2)}; model ${t.millis.model.toFixed(1)} ms, attribution ${t.millis.attribution.toFixed(1)} ms)`,
    );
    out.push('  drew on:', ...(t.drewOn.length ? t.drewOn.map(formatMatch) : ['    (none)']));
    out.push('  similar:', ...(t.similar.length ? t.similar.map(formatMatch) : ['    (none)']));
    if (t.notes.length) out.push('  output policy:', ...t.notes.map((n) => `    ${n}`));
  }
  for (const d of r.unanswered) out.push(`no suggestion for "${d}"`);
  const verdict = policyLine(r.policy);
  if (verdict) out.push(verdict);
  return out.join('\n') + '\n';
}
