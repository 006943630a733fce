// A small installed-collections tree on disk for corpus tests: ansible_collections/acme/demo
// (MANIFEST.json with a licence list, a LICENSE, modules with EXAMPLES under several licences, a
// role, a playbook) and acme/plain (no licence in MANIFEST, a license_file), plus an ansible-core
// style modules folder.

import { TempWorkspace } from '../helpers/workspace';

const gplHeader = '# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)';

export function moduleSource(header: string, examples: string, quote = "r'''"): string {
  const close = quote.replace(/^[rRuU]+/, '');
  return `#!/usr/bin/python
# -*- coding: utf-8 -*-
${header}

from __future__ import absolute_import, division, print_function

DOCUMENTATION = r'''
module: x
short_description: Demo
'''

EXAMPLES = ${quote}${examples}${close}

RETURN = r''' # '''
`;
}

export const restartExample = `
- name: Restart the demo service
  acme.demo.service:
    name: demo
    state: restarted
`;

export function writeCollectionTree(ws: TempWorkspace): { collections: string; core: string } {
  const c = 'ansible_collections/acme/demo';
  ws.write(
    `${c}/MANIFEST.json`,
    JSON.stringify({
      collection_info: {
        namespace: 'acme',
        name: 'demo',
        version: '1.2.3',
        license: ['GPL-3.0-or-later', 'Apache-2.0'],
        license_file: null,
        repository: 'https://github.com/acme/demo.git',
      },
    }),
  );
  ws.write(`${c}/LICENSE`, 'Apache License\n                           Version 2.0, January 2004\n');
  ws.write(
    `${c}/plugins/modules/service.py`,
    moduleSource(
      gplHeader,
      `
- name: Start the demo service
  acme.demo.service:
    name: demo
    state: started
  register: started_result
${restartExample}
- name: Show a secret
  ansible.builtin.debug:
    msg: !unsafe '{{ not templated }}'
  vars:
    password: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      6134
`,
    ),
  );
  ws.write(
    `${c}/plugins/modules/apache_thing.py`,
    moduleSource(
      '# Licensed under the Apache License, Version 2.0 (the "License");',
      `
# Restart twice: the same task as in service.py, so both sources are kept.
${restartExample}
- hosts: web
  vars:
    thing_port: 8080
  tasks:
    - name: Make a thing
      nolicence:
        port: "{{ thing_port }}"
    - shell: echo free form > /tmp/out creates=/tmp/out
`,
      '"""',
    ),
  );
  ws.write(
    `${c}/plugins/modules/nolicence.py`,
    moduleSource('# Copyright (c) Acme', '\n- name: Plain task\n  acme.demo.thing:\n    size: 3\n'),
  );
  ws.write(
    `${c}/plugins/modules/broken.py`,
    moduleSource('# SPDX-License-Identifier: MIT', '\n- name: Broken\n  acme.demo.thing: [unclosed\n', "u'''"),
  );
  ws.write(
    `${c}/plugins/modules/concatenated.py`,
    "# SPDX-License-Identifier: MIT\nEXAMPLES = '''\n- name: A\n  debug:\n''' + COMMON_EXAMPLES\n",
  );
  ws.write(`${c}/roles/web/defaults/main.yml`, 'web_port: 80\nweb_packages: [nginx]\n');
  ws.write(`${c}/roles/web/vars/main.yml`, 'web_user: www-data\n');
  ws.write(
    `${c}/roles/web/tasks/main.yml`,
    `---
- name: Install web packages
  ansible.builtin.package:
    name: "{{ web_packages }}"
  register: installed

- name: Configure
  block:
    - name: Write the config
      ansible.builtin.template:
        src: web.conf.j2
        dest: /etc/web.conf
      notify: Restart web
`,
  );
  ws.write(
    `${c}/roles/web/handlers/main.yml`,
    '- name: Restart web\n  ansible.builtin.service:\n    name: web\n    state: restarted\n',
  );
  ws.write(
    `${c}/playbooks/site.yml`,
    `# SPDX-License-Identifier: MIT
- name: Site
  hosts: all
  vars:
    greeting: hello
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "{{ greeting }}"
`,
  );

  const p = 'ansible_collections/acme/plain';
  ws.write(
    `${p}/MANIFEST.json`,
    JSON.stringify({
      collection_info: {
        namespace: 'acme',
        name: 'plain',
        version: '0.1.0',
        license: [],
        license_file: 'COPYING',
        repository: '',
      },
    }),
  );
  ws.write(
    `${p}/COPYING`,
    'Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n',
  );
  ws.write(
    `${p}/plugins/modules/noheader.py`,
    moduleSource('', '\n- name: Plain collection task\n  acme.plain.noheader:\n'),
  );

  ws.write('core/ansible/release.py', "__version__ = '2.99.0'\n");
  ws.write(
    'core/ansible/modules/copy.py',
    moduleSource(
      '# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)',
      '\n- name: Copy a file\n  copy:\n    src: a\n    dest: b\n',
    ),
  );
  ws.write(
    'core/ansible/modules/service.py',
    moduleSource(gplHeader, '\n- name: Stop\n  service: name=x state=stopped\n'),
  );
  return { collections: `${ws.root}/ansible_collections`, core: `${ws.root}/core/ansible` };
}
