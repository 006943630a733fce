// Building the training corpus and training the embedded model, in a child process of the
// suggestion worker. Both allocate hundreds of MiB that the worker would keep long after they are
// freed (V8 keeps its grown heap, glibc its arenas): measured with the worker doing it, the server
// stayed at ~205 MiB after a first start that trained and ~225 MiB after one that also built the
// corpus, against ~135 MiB after starts that only load the caches. The child writes the corpus
// and the caches (engine/environment.ts) and exits, taking that memory with it; the worker then
// loads the caches as on any later start. The child is the worker's own bundle, forked: it is the
// same code, so it writes caches under the stamp the worker reads. It runs in a process group of its
// own under the linters' watchdog (lint/process.ts), so it and the Ansible processes it starts die
// with the worker however the worker ends, even in the middle of training, which is one
// synchronous step of some 12 s that no message or signal handler could interrupt.

import type { ChildProcess } from 'node:child_process';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { ensureCorpus, type InstalledAnsible } from '../corpus/index';
import { spawnWatched } from '../lint/process';
import { embeddedTrainer } from './embedded';
import { openEnvironment } from './environment';

/** What the child prepares: the corpus of this installation, and its caches. */
export interface TrainingJob {
  cacheDir: string;
  ansiblePath: string;
  trusted: boolean;
  installed: Pick<InstalledAnsible, 'core' | 'collectionRoots'>;
}

type FromChild =
  { type: 'log'; line: string } | { type: 'progress'; line: string; done?: number; total?: number } | { type: 'done' };

export interface TrainingReports {
  log: (line: string) => void;
  progress: (line: string, done?: number, total?: number) => void;
}

/** The script the child runs: this bundle, when running from one (not from sources, as tests do). */
function bundle(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
}

/**
 * Prepares the corpus and caches in a child process. Resolves true once they are written, false
 * when no child could do it (running from sources, the child failed: the reason is logged); the
 * caller then prepares them itself. `stop` ends the child (the worker is shutting down).
 */
export function trainInChildProcess(
  job: TrainingJob,
  reports: TrainingReports,
): { done: Promise<boolean>; stop: () => void } {
  const script = bundle();
  if (!script) return { done: Promise.resolve(false), stop: () => undefined };
  let child: ChildProcess;
  let closeWatchdog: () => void;
  try {
    ({ child, closeWatchdog } = spawnWatched(process.execPath, [script, CHILD_FLAG], {
      stdio: ['ignore', 'ignore', 'pipe'],
      after: ['ipc'],
      serialization: 'advanced',
    }));
  } catch (e) {
    reports.log(`cannot start the training process: ${String(e)}`);
    return { done: Promise.resolve(false), stop: () => undefined };
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const done = new Promise<boolean>((resolve) => {
    let finished = false;
    child.on('message', (m: FromChild) => {
      if (m.type === 'log') reports.log(m.line);
      else if (m.type === 'progress') reports.progress(m.line, m.done, m.total);
      else finished = true;
    });
    child.on('error', (e) => reports.log(`training process: ${String(e)}`));
    child.on('exit', (code, signal) => {
      closeWatchdog();
      if (!finished) {
        const why = stderr.trim().split('\n').pop() || (signal ? `killed by ${signal}` : `exit code ${code}`);
        reports.log(`the training process failed (${why}): preparing in the worker instead`);
      }
      resolve(finished);
    });
  });
  child.send(job);
  return { done, stop: closeWatchdog };
}

/** The argument the worker bundle is forked with to run as the training process. */
export const CHILD_FLAG = '--scribe-training-process';

/** The child's side: one job from the parent, then exit. */
export function runTrainingProcess(): void {
  let catalog: AnsibleCatalog | undefined;
  // The parent is gone (the worker ended, the server was killed): nobody will use the result.
  process.on('disconnect', () => {
    catalog?.dispose(); // and the Ansible processes it runs
    process.exit(1);
  });
  process.once('message', (job: TrainingJob) => {
    catalog = new AnsibleCatalog({
      cacheDir: job.cacheDir,
      ansiblePath: job.ansiblePath,
      trusted: job.trusted,
      prefetch: false,
      log,
    });
    void train(job, catalog).then(
      () => process.send?.({ type: 'done' } satisfies FromChild, () => process.exit(0)),
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  });
}

/** To the parent, over the IPC channel. */
const send = (m: FromChild) => process.send?.(m);
const log = (line: string) => send({ type: 'log', line });

async function train(job: TrainingJob, catalog: AnsibleCatalog): Promise<void> {
  await catalog.ready();
  const progress = (line: string, done?: number, total?: number) => send({ type: 'progress', line, done, total });
  const corpus = await ensureCorpus({
    build: { core: job.installed.core, collectionRoots: job.installed.collectionRoots, progress },
    cacheDir: job.cacheDir,
    catalog,
    progress,
  });
  if (!corpus.upToDate) log(`training corpus built: ${corpus.stats.tasks} tasks in ${corpus.dir}`);
  const env = openEnvironment({
    corpusDir: corpus.dir,
    trainer: embeddedTrainer(catalog.list()),
    resolve: (n) => catalog.resolve(n)?.fqcn,
    log,
  });
  log(
    `training process: index ${Math.round(env.millis.index)} ms${env.cached.index ? ' (cached)' : ''}, model ${Math.round(env.millis.model)} ms${env.cached.model ? ' (cached)' : ''}`,
  );
}
