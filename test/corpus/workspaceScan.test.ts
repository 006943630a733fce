// Which folder a command given only a file reads as that file's project (corpus/workspaceScan.ts).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { projectRootOf } from '../../server/src/corpus/workspaceScan';
import { TempWorkspace } from '../helpers/workspace';

describe('projectRootOf', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  it('is the nearest folder above the file with ansible.cfg, .git or galaxy.yml', () => {
    ws.write('a/ansible.cfg', '[defaults]\n');
    const deep = ws.write('a/roles/web/tasks/main.yml', '---\n');
    assert.equal(projectRootOf(deep.path), join(ws.root, 'a'));
    ws.write('b/galaxy.yml', 'namespace: x\n');
    ws.write('b/roles/db/.git/HEAD', 'ref: refs/heads/main\n');
    assert.equal(projectRootOf(ws.write('b/roles/db/tasks/main.yml', '---\n').path), join(ws.root, 'b/roles/db'));
  });

  it("without a marker: the folder holding roles/ for a role's file, else the file's own folder", () => {
    // TempWorkspace folders live under the system's temporary folder, which has no marker above it.
    assert.equal(projectRootOf(ws.write('c/roles/web/tasks/main.yml', '---\n').path), join(ws.root, 'c'));
    assert.equal(projectRootOf(ws.write('d/playbooks/site.yml', '---\n').path), join(ws.root, 'd/playbooks'));
  });
});
