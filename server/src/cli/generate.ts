// `scribe generate playbook "GOAL" [--outline FILE] [--out FILE] [--json]` and
// `scribe generate role NAME "GOAL" --out DIR [--json]`: goal → outline (from the most similar
// corpus role/playbook, or the user's edited outline file) → tasks through the suggestion pipeline,
// with every task's training matches and licences and the outline's sources printed.
//
// Bad input (empty goal, missing --out, unreadable outline, existing role) is reported before the
// corpus and model are loaded.

import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CorpusMatch } from '../attribution/attributionIndex';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { outlineFor, type Outline } from '../generate/outline';
import { remoteOutline } from '../generate/remoteOutline';
import { generatePlaybook, type GenerationProblem } from '../generate/playbook';
import { checkRoleName, generateRole, RoleError, writeRole } from '../generate/role';
import type { GeneratedTask } from '../generate/tasks';
import { endpointModel } from '../engine/environment';
import { corpusOption, parseCommand } from './args';
import { openCliEnvironment } from './environment';
import { endpointSettings, modelOptions } from './modelOptions';
import { policyLine, policyOptions, policySettings } from './policyOptions';
import { UsageError } from './usage';

export const generateUsage = `generate playbook "GOAL" [--outline FILE] [--out FILE] [--json] [--corpus DIR] [ENDPOINT] [POLICY]
  generate role NAME "GOAL" --out DIR [--outline FILE] [--json] [--corpus DIR] [ENDPOINT] [POLICY]
      A playbook or role for a goal: an outline from the most similar real roles and playbooks
      (or the endpoint's, or your --outline, one step per line), every task attributed like an
      inline suggestion.`;

export async function runGenerate(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'generate',
      usage: generateUsage,
      positionals: true,
      options: {
        outline: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...corpusOption,
        ...modelOptions,
        ...policyOptions,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, positionals, cacheDir } = args;
  const endpoint = endpointSettings('generate', values);
  const policy = policySettings('generate', values);
  const [what, ...rest] = positionals;
  if (what !== 'playbook' && what !== 'role')
    throw new UsageError(`generate: say what to generate: 'playbook "GOAL"' or 'role NAME "GOAL" --out DIR'`);
  const wantArgs = what === 'playbook' ? 1 : 2;
  if (rest.length !== wantArgs)
    throw new UsageError(
      what === 'playbook'
        ? 'generate playbook: one quoted GOAL expected (scribe generate playbook "Install and start nginx")'
        : 'generate role: NAME and a quoted GOAL expected (scribe generate role web "Install nginx" --out roles)',
    );
  const name = what === 'role' ? rest[0] : '';
  const goal = rest[wantArgs - 1].trim();
  if (!goal) throw new UsageError(`generate ${what}: the goal is empty: describe what it should do`);
  let roleDir = '';
  if (what === 'role') {
    if (!values.out) throw new UsageError('generate role: --out DIR is required (the roles folder to write into)');
    try {
      checkRoleName(name);
    } catch (e) {
      throw new UsageError(`generate role: ${(e as Error).message}`);
    }
    roleDir = resolve(values.out);
    if (existsSync(join(roleDir, name)))
      throw new UsageError(`generate role: ${join(roleDir, name)} already exists: not overwriting an existing role`);
  }
  const userOutline = values.outline ? await readOutline(values.outline, what) : undefined;

  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: values['ansible-path'], prefetch: false });
  try {
    await catalog.ready();
    const env = openCliEnvironment('generate', catalog, {
      corpus: values.corpus,
      cacheDir,
      log: (l) => process.stderr.write(`scribe: ${l}\n`),
    });
    const remote = endpoint && endpointModel(env, endpoint);
    const deps = { model: remote ?? env.model, catalog, index: env.index, lookup: env.lookup, policy };
    const started = performance.now();
    const outline: ReportedOutline & { note?: string } = userOutline
      ? { steps: userOutline, sources: [], fromFile: true }
      : remote
        ? await remoteOutline(goal, { model: remote, index: env.index })
        : outlineFor(goal, env);
    if (outline.note) process.stderr.write(`scribe: generate: ${outline.note}\n`);
    if (what === 'playbook') {
      const p = await generatePlaybook(goal, outline.steps, deps);
      const millis = Math.round(performance.now() - started);
      if (values.out) await writeFile(resolve(values.out), p.yaml);
      if (values.json)
        out.write(
          `${JSON.stringify({ goal, outline, yaml: p.yaml, tasks: p.tasks.map(taskJson), problems: p.problems, millis }, null, 2)}\n`,
        );
      else
        out.write(`${values.out ? `wrote ${values.out}\n` : p.yaml}\n${report(outline, p.tasks, p.problems, millis)}`);
      return p.tasks.length ? 0 : 1;
    }
    const r = await generateRole(name, goal, outline.steps, deps);
    const millis = Math.round(performance.now() - started);
    let written: string[];
    try {
      written = await writeRole(roleDir, name, r.files);
    } catch (e) {
      if (e instanceof RoleError) throw new UsageError(`generate role: ${e.message}`);
      throw e;
    }
    if (values.json)
      out.write(
        `${JSON.stringify({ name, goal, outline, files: r.files, written, defaults: r.defaults, tasks: r.tasks.map(taskJson), problems: r.problems, millis }, null, 2)}\n`,
      );
    else out.write(`${written.map((w) => `wrote ${w}`).join('\n')}\n\n${report(outline, r.tasks, r.problems, millis)}`);
    return r.tasks.length ? 0 : 1;
  } finally {
    catalog.dispose();
  }
}

async function readOutline(file: string, what: string): Promise<string[]> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`generate ${what}: outline ${file}: no such file`);
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.includes(0)) throw new Error('binary file');
    text = buf.toString('utf8');
  } catch (e) {
    throw new UsageError(`generate ${what}: outline ${file}: unreadable (${(e as Error).message})`);
  }
  const steps = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*]|\d+[.)])\s+/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
  if (!steps.length) throw new UsageError(`generate ${what}: outline ${file}: no steps (one step per line)`);
  return steps;
}

function matchJson(m: CorpusMatch) {
  return {
    collection: m.collection,
    version: m.version,
    path: m.path,
    line: m.sources[0]?.line ?? 0,
    repoUrl: m.repoUrl,
    license: m.license,
    score: Math.round(m.score * 1000) / 1000,
    name: m.task.name,
  };
}

function taskJson(t: GeneratedTask) {
  return {
    step: t.step,
    fqcn: t.fqcn,
    confidence: t.confidence,
    drewOn: t.drewOn.map(matchJson),
    similar: t.similar.map(matchJson),
    policy: t.policy,
  };
}

function matchLine(m: CorpusMatch): string {
  const where = m.version ? `${m.collection}@${m.version}` : m.collection;
  const line = m.sources[0]?.line ? `:${m.sources[0].line}` : '';
  return `    ${m.score.toFixed(2)}  ${where}  ${m.path}${line}  ${m.license}  "${m.task.name}"`;
}

type ReportedOutline = Outline & { model?: string; fromFile?: boolean };

function report(
  outline: ReportedOutline,
  tasks: GeneratedTask[],
  problems: GenerationProblem[],
  millis: number,
): string {
  const out: string[] = [outline.model ? `outline by ${outline.model}, closest real content:` : 'outline from:'];
  if (!outline.sources.length)
    out.push(outline.fromFile ? '    (your --outline file)' : '    (the goal itself, split into steps)');
  for (const s of outline.sources)
    out.push(
      `    ${s.score.toFixed(2)}  ${s.version ? `${s.collection}@${s.version}` : s.collection}  ${s.path}  ${s.license}`,
    );
  for (const t of tasks) {
    out.push(`"${t.step}" → ${t.fqcn} (confidence ${t.confidence.toFixed(2)})`);
    out.push('  drew on:', ...(t.drewOn.length ? t.drewOn.map(matchLine) : ['    (none)']));
    out.push('  similar:', ...(t.similar.length ? t.similar.map(matchLine) : ['    (none)']));
    const verdict = policyLine(t.policy);
    if (verdict) out.push(`  ${verdict}`);
  }
  for (const p of problems) out.push(`${p.severity}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`);
  out.push(`generated ${tasks.length} task(s) in ${millis} ms`);
  return out.join('\n') + '\n';
}
