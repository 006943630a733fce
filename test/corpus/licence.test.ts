// Licence detection: file headers → SPDX, licence file texts, MANIFEST lists, other tools' names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { licenceFromHeader, licenceFromLicenceText, licenceFromManifest } from '../../server/src/corpus/licence';
import { toSpdx } from '../../server/src/corpus/spdx';

describe('licenceFromHeader', () => {
  const cases: [string, string | undefined][] = [
    [
      '# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)',
      'GPL-3.0-or-later',
    ],
    [
      '# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)',
      'GPL-3.0-or-later',
    ],
    ['# GNU General Public License v3.0 (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)', 'GPL-3.0-only'],
    ['# Licensed under the GNU General Public License v3.0 only', 'GPL-3.0-only'],
    ['# GNU General Public License v2.0+', 'GPL-2.0-or-later'],
    [
      '# This program is free software: you can redistribute it and/or modify\n# it under the terms of the GNU General Public License as published by\n# the Free Software Foundation, either version 3 of the License, or\n# (at your option) any later version.',
      'GPL-3.0-or-later',
    ],
    [
      '# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)',
      'BSD-2-Clause',
    ],
    ['# BSD-3 Clause (see COPYING or https://opensource.org/licenses/BSD-3-Clause)', 'BSD-3-Clause'],
    [
      '# Apache License version 2.0 (see MODULE-LICENSE or http://www.apache.org/licenses/LICENSE-2.0.txt)',
      'Apache-2.0',
    ],
    ['# Licensed under the Apache License, Version 2.0 (the "License"); you may not use this', 'Apache-2.0'],
    ['# This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0.', 'MPL-2.0'],
    ['# PSF License (see PSF-license.txt or https://opensource.org/licenses/Python-2.0)', 'PSF-2.0'],
    ['# Copyright (c) Acme\n# SPDX-License-Identifier: MIT', 'MIT'],
    ['# SPDX-License-Identifier: GPL-3.0-or-later OR Apache-2.0', 'GPL-3.0-or-later OR Apache-2.0'],
    // SPDX wins over prose.
    [
      '# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt)\n# SPDX-License-Identifier: GPL-3.0-or-later',
      'GPL-3.0-or-later',
    ],
    ['# Copyright (c) 2020 Acme\n# All rights reserved.', undefined],
    ['', undefined],
  ];
  for (const [header, want] of cases) {
    it(`${header.split('\n').pop()!.slice(0, 70)} → ${want}`, () => {
      assert.equal(licenceFromHeader(`#!/usr/bin/python\n${header}\n\nimport os\n`), want);
    });
  }

  it('reads comments only, and only before the documentation strings', () => {
    const doc = `#!/usr/bin/python\nDOCUMENTATION = '''\nlicense: Apache License, Version 2.0\n'''\n# GNU General Public License v3.0+\n`;
    assert.equal(licenceFromHeader(doc), undefined);
    assert.equal(licenceFromHeader(`- name: x\n  debug:\n    msg: MIT License\n`), undefined);
  });
});

describe('licenceFromLicenceText', () => {
  it('recognises licence files by their text', () => {
    assert.equal(
      licenceFromLicenceText('                 Apache License\n           Version 2.0, January 2004\n'),
      'Apache-2.0',
    );
    assert.equal(
      licenceFromLicenceText(
        'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy',
      ),
      'MIT',
    );
    assert.equal(licenceFromLicenceText('GNU GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007\n'), 'GPL-3.0-only');
    assert.equal(licenceFromLicenceText('GNU GENERAL PUBLIC LICENSE\n   Version 2, June 1991\n'), 'GPL-2.0-only');
    assert.equal(
      licenceFromLicenceText(
        'Redistribution and use in source and binary forms, with or without modification, are permitted\n3. Neither the name of',
      ),
      'BSD-3-Clause',
    );
    assert.equal(
      licenceFromLicenceText('Redistribution and use in source and binary forms, with or without modification'),
      'BSD-2-Clause',
    );
    assert.equal(licenceFromLicenceText('All rights reserved. Ask us.'), undefined);
  });
});

describe('licenceFromManifest', () => {
  it('takes MANIFEST.json license ids; several are all in the collection', () => {
    assert.equal(licenceFromManifest(['GPL-3.0-or-later']), 'GPL-3.0-or-later');
    assert.equal(licenceFromManifest(['GPL-3.0-or-later', 'BSD-2-Clause']), 'GPL-3.0-or-later AND BSD-2-Clause');
    assert.equal(licenceFromManifest('MIT'), 'MIT');
    assert.equal(licenceFromManifest([]), undefined);
    assert.equal(licenceFromManifest(null), undefined);
  });
});

describe('toSpdx', () => {
  it('maps licence names of other tools and keeps SPDX expressions, else NOASSERTION', () => {
    assert.equal(toSpdx('mit'), 'MIT');
    assert.equal(toSpdx('apache-2.0'), 'Apache-2.0');
    assert.equal(toSpdx('gpl-3.0'), 'GPL-3.0-only');
    assert.equal(toSpdx('GPL-3.0-or-later'), 'GPL-3.0-or-later');
    assert.equal(toSpdx('MIT OR Apache-2.0'), 'MIT OR Apache-2.0');
    assert.equal(toSpdx(''), 'NOASSERTION');
    assert.equal(toSpdx('other'), 'NOASSERTION');
    assert.equal(toSpdx('Some custom terms, see file'), 'NOASSERTION');
    assert.equal(toSpdx(undefined), 'NOASSERTION');
  });
});
