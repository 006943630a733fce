// What the user wrote instead of a suggestion left aside: learned on save as kept, once, only for
// tasks named as a left-aside description, with a known module, and not AI-written.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { WrittenTasks } from '../../server/src/feedback/writtenTasks';

const uri = 'file:///p/site.yml';
const text = `- hosts: all
  tasks:
    - name: Install  HAProxy
      apt:
        name: haproxy
        state: latest
    - name: Start haproxy
      ansible.builtin.service:
        name: haproxy
    - name: Frobnicate it
      acme.frob.thing: {}
    - name: Open the port
`;
const resolve = (m: string) => (m === 'apt' ? 'ansible.builtin.apt' : m.startsWith('ansible.') ? m : undefined);

describe('WrittenTasks', () => {
  it('learns the tasks written under left-aside descriptions, by name, with the module as an FQCN', () => {
    const w = new WrittenTasks();
    w.leftAside(uri, ['install haproxy', 'Frobnicate it', 'Open the port', 'Configure nothing']);
    const doc = parseAnsibleDocument(uri, text);
    assert.deepEqual(
      w.written(doc, () => false, resolve),
      [
        {
          kind: 'accept',
          description: 'Install  HAProxy',
          fqcn: 'ansible.builtin.apt',
          args: { name: 'haproxy', state: 'latest' },
        },
      ],
    );
    // Learned once: a second save teaches nothing new.
    assert.deepEqual(
      w.written(doc, () => false, resolve),
      [],
    );
  });

  it('skips AI-written tasks, other documents and descriptions nobody left aside', () => {
    const w = new WrittenTasks();
    w.leftAside(uri, ['Install haproxy']);
    const doc = parseAnsibleDocument(uri, text);
    assert.deepEqual(
      w.written(doc, (t) => t.name === 'Install  HAProxy', resolve),
      [],
    );
    assert.deepEqual(
      w.written(parseAnsibleDocument('file:///p/other.yml', text), () => false, resolve),
      [],
    );
    w.forget(uri);
    assert.deepEqual(
      w.written(doc, () => false, resolve),
      [],
    );
  });
});
