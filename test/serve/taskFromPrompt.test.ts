// What `scribe serve` reads out of a prompt, in linear time: the fence scan finds what the old
// regex found, only the tail of a long prompt is parsed as the file, comments and whitespace in
// the name line are dropped, and an over-long description or indentation is one clear 400.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../server/src/serve/http';
import {
  fencedBlocks,
  MAX_DESCRIPTION_CHARS,
  PROMPT_TAIL_CHARS,
  taskFromChat,
  taskFromPrompt,
} from '../../server/src/serve/taskFromPrompt';

const catalog = { resolve: () => undefined };

describe('taskFromPrompt', () => {
  it('finds fenced blocks as /```[\\w+-]*[ \\t]*\\n([\\s\\S]*?)\\n?```/g does', () => {
    const old = (m: string) => [...m.matchAll(/```[\w+-]*[ \t]*\n([\s\S]*?)\n?```/g)].map((f) => f[1]);
    for (const message of [
      'a\n```yaml\n- name: x\n```\nb',
      '```\n```',
      '```\n\n```',
      '````\nx\n```',
      '```yaml \t\nx```y```\nz\n```',
      '```ya ml\nx\n```\n```yaml\ny\n```',
      '```c++\nint\n``` ```\n```',
      'no fences',
      '```yaml\nunclosed',
      '``` ``` ```\n```',
    ])
      assert.deepEqual(fencedBlocks(message), old(message), JSON.stringify(message));
  });

  it('reads the name line without its comment or extra whitespace', () => {
    const t = taskFromPrompt('- hosts: all\n  tasks:\n    - name:   Install \t  nginx   # the web server\n\n', catalog);
    assert.equal(t?.request.description, 'Install nginx');
    assert.equal(t?.indent, 6);
    assert.equal(taskFromPrompt('- name: # nothing\n', catalog), undefined);
    assert.equal(taskFromPrompt('- name: "quoted # not a comment"', catalog)?.request.description, 'quoted');
    assert.equal(taskFromPrompt("- name: 'Copy motd'\r\n", catalog)?.request.description, 'Copy motd');
    assert.equal(taskFromPrompt('- hosts: all\n', catalog), undefined);
  });

  it('parses only the tail of a long prompt as the file', () => {
    const head = '# ' + 'x'.repeat(PROMPT_TAIL_CHARS * 2) + '\n';
    const file =
      '- hosts: all\n  tasks:\n    - name: Create web root\n      ansible.builtin.file:\n        path: /srv\n';
    const t = taskFromPrompt(`${head}${file}    - name: Install nginx\n`, catalog);
    assert.equal(t?.request.description, 'Install nginx');
    assert.equal(t?.indent, 6);
    assert.equal(t?.request.context.fileText, file);
  });

  it('answers from the description alone when a line of the file is too long to parse', () => {
    const t = taskFromPrompt(
      `- hosts: all\n  tasks:\n    - debug: msg=${'a'.repeat(5000)}\n    - name: Install nginx`,
      catalog,
    );
    assert.equal(t?.request.description, 'Install nginx');
    assert.equal(t?.indent, 6);
  });

  it('refuses an over-long description or indentation with a 400', () => {
    const tooLong = (f: () => unknown, pattern: RegExp) =>
      assert.throws(f, (e: unknown) => e instanceof HttpError && e.status === 400 && pattern.test(e.message));
    tooLong(() => taskFromPrompt(`- name: ${'word '.repeat(MAX_DESCRIPTION_CHARS)}`, catalog), /description is longer/);
    tooLong(() => taskFromPrompt(`${' '.repeat(2000)}- name: x`, catalog), /indented more than/);
    assert.equal(taskFromPrompt(`- name: a${' '.repeat(100_000)}b`, catalog)?.request.description, 'a b');
  });

  it('takes a chat message’s last fenced file, else the message as the description', () => {
    const fenced = taskFromChat('File:\n```yaml\n- name: one\n```\nand\n```yaml\n- name: two\n```\n', catalog);
    assert.equal(fenced?.request.description, 'two');
    assert.equal(fenced?.indent, 0);
    assert.equal(taskFromChat('  Start   the nginx service ', catalog)?.request.description, 'Start the nginx service');
    assert.equal(taskFromChat('x'.repeat(301), catalog), undefined);
  });
});
