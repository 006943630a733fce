// `scribe lint FILE…`: the editor's diagnostics engine on files, for CI.

import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../document/parse';
import { ExternalLinter } from '../lint/linter';
import { mergeDiagnostics } from '../lint/merge';
import { LanguageService } from '../service/languageService';
import { defaultSettings, type ScribeSettings } from '../settings';
import { parseCommand } from './args';
import { formatReport, type FileReport, type ReportFormat } from './report';
import { readYamlInput, UsageError } from './usage';

export const lintUsage = `lint FILE... [--format text|json|sarif] [--no-ansible-lint] [--yamllint]
      Built-in checks, ansible-lint and (optionally) yamllint on the files, merged as in the editor.
      Exits 1 when an error is found. Trusts the folder it is given (the current folder, else the
      file's): ansible-lint imports the Python of its .ansible-lint rulesdir, and Ansible the
      plugins its ansible.cfg names, as when run by hand. Do not run it on code you do not trust.`;

export async function runLint(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'lint',
      usage: lintUsage,
      positionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'no-ansible-lint': { type: 'boolean', default: false },
        yamllint: { type: 'boolean', default: false },
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, positionals, cacheDir } = args;
  const format = values.format as ReportFormat;
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`unknown format '${format}' (text, json or sarif)`);
  if (!positionals.length) throw new UsageError('lint: no files given (usage: scribe lint FILE... )');

  const files: { path: string; text: string }[] = [];
  for (const f of positionals) files.push(await readYamlInput('lint', f));

  const settings: ScribeSettings = {
    ...defaultSettings,
    ansible: { path: values['ansible-path'] },
    lint: { ...defaultSettings.lint, enabled: !values['no-ansible-lint'] },
    yamllint: { ...defaultSettings.yamllint, enabled: values.yamllint },
  };
  const catalog = new AnsibleCatalog({
    cacheDir,
    ansiblePath: settings.ansible.path,
    prefetch: false,
  });
  const linter = new ExternalLinter();
  const service = new LanguageService(() => catalog);
  const notes: string[] = [];
  try {
    await catalog.ready();
    const cs = catalog.status();
    if (cs.state !== 'ready') notes.push(`module checks skipped: ${cs.message ?? cs.state}`);
    const reports: FileReport[] = [];
    for (const f of files) {
      const uri = pathToFileURL(f.path).href;
      const doc = parseAnsibleDocument(uri, f.text);
      const builtin = await service.validate(doc, settings);
      let external: Diagnostic[] = [];
      if (settings.lint.enabled || settings.yamllint.enabled) {
        const outcome = await linter.lint(uri, f.path, f.text, settings, process.cwd(), doc);
        external = outcome.diagnostics;
        for (const s of [outcome.status.lint, outcome.status.yamllint]) {
          if (s.message && (s.state === 'unavailable' || s.state === 'error')) notes.push(s.message);
        }
      }
      reports.push({ path: f.path, diagnostics: mergeDiagnostics(builtin, external) });
    }
    out.write(formatReport(reports, format));
    for (const n of new Set(notes)) process.stderr.write(`scribe: ${n}\n`);
    return reports.some((r) => r.diagnostics.some((d) => d.severity === 1)) ? 1 : 0;
  } finally {
    linter.dispose();
    catalog.dispose();
  }
}
