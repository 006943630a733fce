import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestionSources } from '../../server/src/provenance/sources';

const m = (path: string, score: number, extra: object = {}) => ({
  collection: 'c.d',
  version: '1.0.0',
  path,
  line: 1,
  repoUrl: '',
  license: 'MIT',
  score,
  snippet: `- ${path}`,
  name: 'ignored',
  taskId: 'ignored',
  otherSources: 0,
  ...extra,
});

void describe('suggestionSources', () => {
  void it('takes the closest similar tasks, else what the model drew on, three per task, closest first', () => {
    const out = suggestionSources([
      { drewOn: [m('drew', 0.99)], similar: [m('a', 0.5), m('b', 0.9), m('c', 0.7), m('d', 0.6)] },
      { drewOn: [m('e', 0.8), m('f', 0.3)], similar: [] },
    ]);
    assert.deepEqual(
      out.map((s) => [s.path, s.score]),
      [
        ['b', 0.9],
        ['e', 0.8],
        ['c', 0.7],
        ['d', 0.6],
        ['f', 0.3],
      ],
    );
    assert.deepEqual(Object.keys(out[0]).sort(), [
      'collection',
      'license',
      'line',
      'path',
      'repoUrl',
      'score',
      'snippet',
      'version',
    ]);
  });

  void it('lists a source once, at its best score, and fills a missing licence as NOASSERTION', () => {
    const out = suggestionSources([
      { drewOn: [], similar: [m('a', 0.5, { license: '' })] },
      { drewOn: [], similar: [m('a', 0.8, { license: '' })] },
    ]);
    assert.equal(out.length, 1);
    assert.equal(out[0].score, 0.8);
    assert.equal(out[0].license, 'NOASSERTION');
  });
});
