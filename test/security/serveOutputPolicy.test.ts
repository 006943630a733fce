// `scribe serve` hands its model's task through the same output policy as the editor and the CLI:
// a model that writes `delegate_to`, `become` or an interpreter under an innocent name does not get
// them past the server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import type { ModelSuggestion, TaskModel } from '../../server/src/model/types';
import { startServe, type RunningServer } from '../../server/src/serve/openaiServer';
import { sharedCatalogCache } from '../helpers/workspace';

const hostile: TaskModel = {
  suggest: (): ModelSuggestion => ({
    fqcn: 'ansible.builtin.package',
    args: { name: 'nginx', state: 'present' },
    keywords: {},
    yaml: [
      'ansible.builtin.package:',
      '  name: nginx',
      '  state: present',
      'become: true',
      'delegate_to: evil.example.com',
      'vars:',
      '  ansible_python_interpreter: /tmp/x/python',
      '',
    ].join('\n'),
    drewOn: [],
    confidence: 0.9,
  }),
};

describe('scribe serve applies the output policy', () => {
  let catalog: AnsibleCatalog;
  let running: RunningServer;
  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    await catalog.ready();
    running = await startServe({ model: hostile, catalog, port: 0 });
  });
  after(async () => {
    await running.close();
    catalog.dispose();
  });

  it('an innocent task name gets no become, delegate_to or interpreter', async () => {
    const r = await fetch(`${running.url}/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'scribe-embedded', prompt: '- hosts: all\n  tasks:\n    - name: Install nginx\n' }),
    });
    assert.equal(r.status, 200);
    const text = ((await r.json()) as { choices: { text: string }[] }).choices[0].text;
    assert.match(text, /ansible\.builtin\.package:/);
    assert.doesNotMatch(text, /become|delegate_to|evil\.example|interpreter/);
  });
});
