// Attack: other files of the workspace (which the attribution index holds, opened or not) reach the
// model endpoint as few-shot examples without the user asking for it. A distinctive, secret-free
// task in a never-opened role file; a task with the same name is described in the open playbook.
// With `scribe.model.workspaceExamples` off (the default) the endpoint never sees the role's task;
// turned on, it does (as a `# ` comment example of the completions prompt).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { cannedModel, promptOf, startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const DISTINCTIVE = '/opt/quux/bin/frobnicate --widget zq7-distinctive';

describe('workspace files reach the endpoint only when the user opts in', () => {
  const ws = new TempWorkspace();
  let endpoint: ModelEndpoint;
  let client: LspTestClient;
  ws.write('LICENSE', 'SPDX-License-Identifier: MIT\n');
  ws.write(
    'roles/quux/tasks/main.yml',
    `---\n- name: Frobnicate the quux widget zq7\n  ansible.builtin.command: ${DISTINCTIVE}\n`,
  );
  const playbook = (comment: string) =>
    `---\n# ${comment}\n- name: Widgets\n  hosts: all\n  tasks:\n    - name: Frobnicate the quux widget zq7\n\n`;
  const site = ws.write('site.yml', playbook('v1'));

  const model = (workspaceExamples?: boolean) => ({
    prepareOnStartup: true,
    provider: 'openai',
    endpoint: endpoint.url,
    name: 'recorder',
    api: 'completions',
    ...(workspaceExamples === undefined ? {} : { workspaceExamples }),
  });

  before(async () => {
    endpoint = await startModelEndpoint(cannedModel);
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      settings: { model: model(), lint: { enabled: false }, inline: { debounceMs: 0 } },
    });
    await client.untilModelAndWorkspaceReady();
  });
  after(async () => {
    await client?.stop();
    await endpoint?.close();
    ws.dispose();
  });

  /** The prompt the endpoint got for the description, after `settings` and a fresh document version. */
  async function promptWith(version: number, workspaceExamples?: boolean): Promise<string> {
    client.settings = { ...client.settings, model: model(workspaceExamples) };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const text = playbook(`v${version}`);
    if (version === 1) await client.open(site.uri, text);
    else await client.change(site.uri, text, version);
    const from = endpoint.requests.length;
    await client.conn.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri: site.uri },
      position: { line: 6, character: 6 },
      context: { triggerKind: 1 },
    });
    const sent = endpoint.requests.slice(from).map(promptOf);
    assert.equal(sent.length, 1, 'one request to the endpoint');
    assert.match(sent[0], /- name: Frobnicate the quux widget zq7/);
    return sent[0];
  }

  it('by default: the open file and corpus examples only, not the role’s task', async () => {
    const prompt = await promptWith(1);
    assert.ok(!prompt.includes(DISTINCTIVE), `the workspace task was sent:\n${prompt}`);
    assert.ok(!prompt.includes('zq7-distinctive'));
  });

  it('off when set off explicitly', async () => {
    const prompt = await promptWith(2, false);
    assert.ok(!prompt.includes('zq7-distinctive'), `the workspace task was sent:\n${prompt}`);
  });

  it('opted in: the role’s task is a few-shot example', async () => {
    const prompt = await promptWith(3, true);
    assert.ok(prompt.includes(`#   ansible.builtin.command: ${DISTINCTIVE}`), `no workspace example in:\n${prompt}`);
  });
});
