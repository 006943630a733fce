// SPDX licence ids from what a file or a collection says about itself. Never guessed: text that
// matches no pattern is NOASSERTION. The header table is the one place that knows how Ansible
// content writes its licence lines (measured over Debian's ansible 7.7: ~7,000 of 7,700 module
// files say "GNU General Public License v3.0+ (see COPYING …)").

export const NOASSERTION = 'NOASSERTION';

/** Header line patterns, most specific first; each is tried against the file's comment lines. */
export const headerPatterns: readonly { pattern: RegExp; spdx: string }[] = [
  // "GNU General Public License v3.0+ (see COPYING …)": the Ansible project's standard header.
  { pattern: /GNU General Public License v?3(?:\.0)?\s*\+/i, spdx: 'GPL-3.0-or-later' },
  { pattern: /GNU General Public License v?3(?:\.0)? only/i, spdx: 'GPL-3.0-only' },
  { pattern: /GNU General Public License v?3(?:\.0)?\b(?!\s*\+)/i, spdx: 'GPL-3.0-only' },
  { pattern: /GNU General Public License v?2(?:\.0)?\s*\+/i, spdx: 'GPL-2.0-or-later' },
  // The FSF's long notice: "either version 3 of the License, or (at your option) any later version".
  { pattern: /GNU (?:Lesser|Library) General Public License.*?either\s+version 2\.1/is, spdx: 'LGPL-2.1-or-later' },
  { pattern: /GNU General Public License.*?either\s+version 3/is, spdx: 'GPL-3.0-or-later' },
  { pattern: /GNU General Public License.*?either\s+version 2/is, spdx: 'GPL-2.0-or-later' },
  { pattern: /Simplified BSD License|BSD[- ]2[- ]Clause/i, spdx: 'BSD-2-Clause' },
  { pattern: /BSD[- ]3[- ]Clause|New BSD License|Modified BSD License/i, spdx: 'BSD-3-Clause' },
  { pattern: /Apache License,? (?:Version |version )?2\.0|Apache 2\.0 licen[cs]e|Apache-2\.0/i, spdx: 'Apache-2.0' },
  { pattern: /Mozilla Public License,? (?:Version |v\.? ?)?2\.0|MPL-2\.0/i, spdx: 'MPL-2.0' },
  { pattern: /PSF License|Python Software Foundation License/i, spdx: 'PSF-2.0' },
  { pattern: /\bMIT License\b|Licensed under the MIT\b/i, spdx: 'MIT' },
];

/** How many leading lines a licence header may sit in. */
const headerLines = 60;

/**
 * The licence a file declares in its leading comments (`#` comments of Python/YAML), or undefined.
 * `SPDX-License-Identifier:` wins over prose.
 */
export function licenceFromHeader(text: string): string | undefined {
  const comments: string[] = [];
  let n = 0;
  for (const line of text.split('\n')) {
    if (++n > headerLines) break;
    const m = /^\s*#+\s?(.*)$/.exec(line);
    if (m) comments.push(m[1]);
    else if (/^\s*(?:DOCUMENTATION|EXAMPLES|RETURN)\s*=/.test(line)) break;
  }
  const block = comments.join('\n');
  const spdx = /SPDX-License-Identifier:\s*([A-Za-z0-9.+\-() ]+?)\s*$/m.exec(block);
  if (spdx) return spdx[1];
  for (const { pattern, spdx: id } of headerPatterns) if (pattern.test(block)) return id;
  return undefined;
}

/** Licence file texts by their distinctive opening or sentences. */
const licenceTexts: readonly { pattern: RegExp; spdx: string }[] = [
  { pattern: /GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/i, spdx: 'GPL-3.0' },
  { pattern: /GNU GENERAL PUBLIC LICENSE\s+Version 2, June 1991/i, spdx: 'GPL-2.0' },
  { pattern: /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i, spdx: 'LGPL-3.0' },
  { pattern: /Apache License\s+Version 2\.0, January 2004/i, spdx: 'Apache-2.0' },
  { pattern: /Mozilla Public License,? Version 2\.0/i, spdx: 'MPL-2.0' },
  { pattern: /Permission is hereby granted, free of charge, to any person obtaining a copy/i, spdx: 'MIT' },
  {
    pattern: /Redistribution and use in source and binary forms[\s\S]*Neither the name/i,
    spdx: 'BSD-3-Clause',
  },
  { pattern: /Redistribution and use in source and binary forms/i, spdx: 'BSD-2-Clause' },
  { pattern: /PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2/i, spdx: 'PSF-2.0' },
];

/**
 * The licence of a LICENSE / COPYING file from its text. A bare GPL text does not say "or later"
 * (that is in each file's notice), so it yields `GPL-3.0-only`/`GPL-2.0-only` unless the text
 * itself carries an "or (at your option) any later version" notice.
 */
export function licenceFromLicenceText(text: string): string | undefined {
  const spdx = /SPDX-License-Identifier:\s*([A-Za-z0-9.+\-() ]+?)\s*$/m.exec(text.slice(0, 2000));
  if (spdx) return spdx[1];
  for (const { pattern, spdx: id } of licenceTexts) {
    if (!pattern.test(text)) continue;
    if (id === 'GPL-3.0' || id === 'GPL-2.0' || id === 'LGPL-3.0') {
      const head = text.slice(0, 3000);
      const later = /either version [23].*?or\s*\(at your option\) any later version/is.test(head);
      return `${id}-${later ? 'or-later' : 'only'}`;
    }
    return id;
  }
  return undefined;
}

/**
 * The licence of a collection from MANIFEST.json's `collection_info.license`: a list of SPDX ids
 * (ansible-galaxy validates each against the SPDX list). A list names the licences of the
 * collection's content (different files under different licences, e.g. community.general's
 * plugin utils are BSD-2-Clause), so several ids become an `AND` expression: without a file
 * header we cannot tell which one applies, only that all are in the collection.
 */
export function licenceFromManifest(license: unknown): string | undefined {
  const ids = (Array.isArray(license) ? license : typeof license === 'string' ? [license] : [])
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim());
  if (!ids.length) return undefined;
  return ids.length === 1 ? ids[0] : ids.join(' AND ');
}
