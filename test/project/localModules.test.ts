// A module in the project's library/: found from playbooks, task files and roles as Ansible finds
// it, documented from its DOCUMENTATION string (never run), hovered and opened like an installed one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { findLocalModule, localModuleDoc } from '../../server/src/project/localModules';
import { localModuleDefinition, localModuleHover } from '../../server/src/service/project/localModules';

const root = resolve(__dirname, '../fixtures/project');
const library = join(root, 'library/my_thing.py');

describe('library/ modules', () => {
  it('are found from the playbook folder, a task file below it and a role', () => {
    assert.equal(findLocalModule('my_thing', join(root, 'site.yml')), library);
    assert.equal(findLocalModule('my_thing', join(root, 'tasks/extra.yml')), library);
    assert.equal(findLocalModule('my_thing', join(root, 'roles/web/tasks/main.yml')), library);
    assert.equal(findLocalModule('not_there', join(root, 'site.yml')), undefined);
  });

  it('are documented from DOCUMENTATION, options and all', () => {
    const doc = localModuleDoc('my_thing', library)!;
    assert.equal(doc.shortDescription, 'Prepares the thing this project deploys');
    assert.deepEqual(Object.keys(doc.options).sort(), ['path', 'size']);
    assert.equal(doc.options.size.required, true);
    assert.equal(doc.options.size.type, 'int');
  });

  it('hover shows the documentation and go to definition opens the source', () => {
    const text = readFileSync(join(root, 'tasks/extra.yml'), 'utf8');
    const doc = parseAnsibleDocument(pathToFileURL(join(root, 'tasks/extra.yml')).href, text);
    const offset = text.indexOf('my_thing:') + 2;
    const hover = localModuleHover(doc, offset);
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /Prepares the thing/);
    assert.match(value, /size/);
    assert.match(value, /library\/my_thing\.py/);
    assert.deepEqual(
      localModuleDefinition(doc, offset).map((l) => l.uri),
      [pathToFileURL(library).href],
    );
    assert.equal(localModuleHover(doc, text.indexOf('ansible.builtin.copy') + 2), null, 'an installed module');
  });
});
