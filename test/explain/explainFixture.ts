// Shared fixture data for the explanation tests: the playbook and one provenance record over
// its "Write the site config" task (lines 23–29).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvenanceRecord } from '../../server/src/provenance/types';

export const sitePlaybook = readFileSync(join(__dirname, 'fixtures', 'site.yml'), 'utf8');

export function siteConfigRecord(uri: string): ProvenanceRecord {
  return {
    id: 'rec-1',
    suggestionId: 'sug-1',
    uri,
    // 0-based, end at the start of the line after the task.
    range: { start: { line: 22, character: 4 }, end: { line: 29, character: 0 } },
    model: 'scribe-embedded-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    matches: [
      {
        collection: 'community.example',
        version: '1.2.0',
        path: 'roles/web/tasks/main.yml',
        line: 12,
        repoUrl: 'https://example.com/community.example',
        license: 'GPL-3.0-or-later',
        score: 0.91,
        snippet: '- name: Template the site',
      },
    ],
    licenses: ['GPL-3.0-or-later'],
    policy: { action: 'warn', reason: 'copyleft' },
    state: 'ai',
    text: '- name: Write the site config\n',
  };
}
