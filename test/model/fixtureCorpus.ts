// The model's small training corpus (test/fixtures/model/corpus.yml) as CorpusTask records.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { CorpusTask, TaskOrigin } from '../../server/src/corpus/types';

interface FixtureFile {
  file: string;
  origin: TaskOrigin;
  split?: 'train' | 'test';
  section?: CorpusTask['context']['section'];
  variables?: string[];
  tasks: { name: string; module: string; args: Record<string, unknown> }[];
}

export const fixturePath = join(__dirname, '..', 'fixtures', 'model', 'corpus.yml');

export function fixtureCorpus(): CorpusTask[] {
  const files = parse(readFileSync(fixturePath, 'utf8')) as FixtureFile[];
  const out: CorpusTask[] = [];
  for (const f of files) {
    const previous: string[] = [];
    f.tasks.forEach((t, i) => {
      const text = stringify({ name: t.name, [t.module]: t.args });
      out.push({
        id: createHash('sha256').update(`${text}\n${f.file}\n${i}`).digest('hex').slice(0, 16),
        name: t.name,
        module: t.module,
        fqcn: t.module,
        text,
        args: t.args,
        keywords: {},
        origin: f.origin,
        context: { previousModules: [...previous], section: f.section ?? 'tasks', variables: f.variables ?? [] },
        sources: [
          {
            source: 'collection',
            collection: 'example.fixture',
            version: '1.0.0',
            path: f.file,
            line: i + 1,
            repoUrl: '',
            license: 'MIT',
          },
        ],
        split: f.split ?? 'train',
      });
      previous.push(t.module);
    });
  }
  return out;
}
