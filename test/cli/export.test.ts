// `scribe export training-data` over a corpus mixing licences: an MIT tree (with a secret, a
// dual-licensed file and a repeated task), a GPL tree, a tree of unknown licence, and an ftdata
// file (MIT, Apache-2.0, unknown). Only the allowed licences reach the data, the manifest and the
// NOTICE; unknown-licence content only on request; bad input is one line, exit 2.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runExport } from '../../server/src/cli/export';
import type { TrainingManifest, TrainingRecord } from '../../server/src/sharedIndex/trainingData';
import { runCli } from '../helpers/cli';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const ftdata = join(__dirname, '..', 'fixtures', 'corpus', 'ftdata.jsonl');

const MIT = `MIT License

Copyright (c) 2026 Acme

Permission is hereby granted, free of charge, to any person obtaining a copy
`;
const GPL = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
`;

describe('scribe export training-data', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  ws.write('mit-team/LICENSE', MIT);
  ws.write(
    'mit-team/site.yml',
    [
      '- hosts: web',
      '  tasks:',
      '    - name: Install nginx',
      '      ansible.builtin.apt:',
      '        name: nginx',
      '    - name: Create the app user',
      '      ansible.builtin.user:',
      '        name: app',
      '        password: "Zq8#vLp2!mWx9rTt"',
      '    - name: install NGINX',
      '      ansible.builtin.apt:',
      '        name: nginx',
      '',
    ].join('\n'),
  );
  ws.write(
    'mit-team/dual.yml',
    [
      '# SPDX-License-Identifier: GPL-3.0-or-later OR MIT',
      '- hosts: db',
      '  tasks:',
      '    - name: Start postgres',
      '      ansible.builtin.service:',
      '        name: postgresql',
      '        state: started',
      '',
    ].join('\n'),
  );
  ws.write('gpl-team/COPYING', GPL);
  ws.write(
    'gpl-team/site.yml',
    '- hosts: all\n  tasks:\n    - name: Copy the GPL motd\n      ansible.builtin.copy:\n        src: motd\n        dest: /etc/motd\n',
  );
  ws.write(
    'unknown-team/site.yml',
    '- hosts: all\n  tasks:\n    - name: Touch the unknown marker\n      ansible.builtin.file:\n        path: /tmp/marker\n        state: touch\n',
  );
  const sources = [
    '--dir',
    join(ws.root, 'mit-team'),
    '--dir',
    join(ws.root, 'gpl-team'),
    '--dir',
    join(ws.root, 'unknown-team'),
    '--ftdata',
    ftdata,
    '--cache-dir',
    sharedCatalogCache,
    '--quiet',
  ];

  const read = (dir: string) => ({
    manifest: JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as TrainingManifest,
    records: readFileSync(join(dir, 'train.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TrainingRecord),
    notice: readFileSync(join(dir, 'NOTICE'), 'utf8'),
  });

  it('exports only MIT and Apache-2.0 content, with a manifest and NOTICE listing exactly those', async () => {
    const out = join(ws.root, 'export-mit-apache');
    const r = await runCli(runExport, [
      'training-data',
      '--allow-licences',
      'MIT,apache-2.0',
      '--out',
      out,
      ...sources,
    ]);
    assert.equal(r.code, 0, r.error);
    const { manifest, records, notice } = read(out);

    assert.deepEqual(Object.keys(manifest.licences).sort(), ['Apache-2.0', 'MIT']);
    assert.deepEqual([...new Set(manifest.sources.map((s) => s.usedUnder))].sort(), ['Apache-2.0', 'MIT']);
    assert.deepEqual(manifest.allowedLicences, ['MIT', 'Apache-2.0']);
    // MIT: Install nginx, the app user, Start postgres (dual-licensed, elected MIT), Start nginx
    // (ftdata); Apache-2.0: the ftdata app user.
    assert.deepEqual(manifest.licences, { MIT: 4, 'Apache-2.0': 1 });
    assert.equal(manifest.records, records.length);
    assert.equal(records.length, 5);
    assert.deepEqual(manifest.excluded.byLicence, { 'GPL-3.0-only': 1, NOASSERTION: 2 });
    // "install NGINX" repeats "Install nginx" word for word but for case.
    assert.equal(manifest.excluded.duplicates, 1);
    const dual = manifest.sources.find((s) => s.license === 'GPL-3.0-or-later OR MIT');
    assert.equal(dual?.usedUnder, 'MIT');
    const acme = manifest.sources.find((s) => s.name === 'acme-playbooks');
    assert.deepEqual(acme && [acme.kind, acme.repoUrl, acme.license, acme.records], [
      'ftdata',
      'https://github.com/acme/acme-playbooks',
      'MIT',
      1,
    ]);

    const all = JSON.stringify(records);
    assert.ok(!all.includes('GPL motd'), 'no GPL task');
    assert.ok(!all.includes('unknown marker') && !all.includes('Touch a file'), 'no NOASSERTION task');
    // The password is redacted, the task kept.
    assert.ok(!all.includes('Zq8#vLp2!mWx9rTt'), 'secret redacted');
    assert.ok(manifest.secretsRedacted >= 1);
    const user = records.find(
      (x) => x.prompt.endsWith('- name: Create the app user\n') && x.completion.includes('password'),
    );
    assert.ok(user, 'the redacted user task is there');
    assert.match(user.completion, /^ {2}ansible\.builtin\.user:\n {4}name: app\n {4}password: .*<redacted>/);
    const nginx = records.find((x) => x.completion.includes('state: started') && x.prompt.includes('Start nginx'));
    assert.equal(
      nginx?.prompt,
      '# earlier tasks use: ansible.builtin.apt\n# variables in scope: nginx_install\n- name: Start nginx\n',
    );

    assert.match(notice, /^== MIT ==$/m);
    assert.match(notice, /^== Apache-2\.0 ==$/m);
    // The ftdata record wrote `user:`; the completion names the module by its FQCN.
    const acmeUser = records.find((x) => x.completion.includes('shell: /bin/bash'));
    assert.equal(acmeUser?.completion, '  ansible.builtin.user:\n    name: app\n    shell: /bin/bash\n');
    assert.match(notice, /acme-playbooks \(https:\/\/github\.com\/acme\/acme-playbooks\): 1 task$/m);
    assert.match(notice, /offered under GPL-3\.0-or-later OR MIT/);
    assert.doesNotMatch(notice, /== GPL|== NOASSERTION/);
    assert.match(r.stdout, /^exported 5 records to .*train\.jsonl/m);
  });

  it('includes content of unknown licence only with --include-noassertion', async () => {
    const out = join(ws.root, 'export-with-unknown');
    const r = await runCli(runExport, [
      'training-data',
      '--allow-licences',
      'MIT',
      '--include-noassertion',
      '--out',
      out,
      ...sources,
    ]);
    assert.equal(r.code, 0, r.error);
    const { manifest, records } = read(out);
    assert.deepEqual(Object.keys(manifest.licences).sort(), ['MIT', 'NOASSERTION']);
    assert.equal(manifest.licences.NOASSERTION, 2);
    assert.ok(JSON.stringify(records).includes('Touch the unknown marker'));
    assert.deepEqual(Object.keys(manifest.excluded.byLicence).sort(), ['Apache-2.0', 'GPL-3.0-only']);
  });

  const bad: [string, string[], RegExp][] = [
    [
      'a licence that is not an SPDX id',
      ['--allow-licences', 'MIT License', '--out', 'x'],
      /'MIT License' is not an SPDX licence id/,
    ],
    [
      'NOASSERTION in the allow list',
      ['--allow-licences', 'MIT,NOASSERTION', '--out', 'x'],
      /use --include-noassertion/,
    ],
    ['no allow list', ['--out', 'x'], /--allow-licences LIST is required/],
    ['no --out', ['--allow-licences', 'MIT'], /--out DIR is required/],
    [
      'a missing corpus folder',
      ['--allow-licences', 'MIT', '--out', 'x', '--corpus', '/nonexistent/corpus'],
      /no corpus/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line on ${what}`, async () => {
      const r = await runCli(runExport, ['training-data', ...args]);
      assert.equal(r.code, 2);
      assert.match(r.error ?? '', message);
      assert.equal((r.error ?? '').split('\n').length, 1);
      assert.ok(!existsSync(join(ws.root, 'x')));
    });
  }

  it('exits 2 on an unknown export', async () => {
    const r = await runCli(runExport, ['weights']);
    assert.equal(r.code, 2);
    assert.match(r.error ?? '', /^export: unknown export 'weights'/);
  });
});
