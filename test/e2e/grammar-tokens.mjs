#!/usr/bin/env node
// Tokenizes Ansible YAML with syntaxes/ansible.tmLanguage.json exactly as VS Code does: the
// vscode-textmate + vscode-oniguruma and the YAML grammars shipped inside code-server (e2e-host/).
// Usage: node test/e2e/grammar-tokens.mjs [--check] [file.yml]
//   file.yml  print each line's tokens and scopes
//   --check   assert the scopes of a few Jinja / conditional samples (exit 1 on mismatch)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
const vscodeDir = path.join(repo, 'e2e-host/node_modules/code-server/lib/vscode');
const require = createRequire(path.join(vscodeDir, 'package.json'));
const textmate = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const yamlSyntaxes = path.join(vscodeDir, 'extensions/yaml/syntaxes');
const grammarFiles = {
  'source.ansible': path.join(repo, 'syntaxes/ansible.tmLanguage.json'),
  'source.yaml': path.join(yamlSyntaxes, 'yaml.tmLanguage.json'),
  'source.yaml.1.3': path.join(yamlSyntaxes, 'yaml-1.3.tmLanguage.json'),
  'source.yaml.1.2': path.join(yamlSyntaxes, 'yaml-1.2.tmLanguage.json'),
  'source.yaml.1.1': path.join(yamlSyntaxes, 'yaml-1.1.tmLanguage.json'),
  'source.yaml.1.0': path.join(yamlSyntaxes, 'yaml-1.0.tmLanguage.json'),
  'source.yaml.embedded': path.join(yamlSyntaxes, 'yaml-embedded.tmLanguage.json'),
};

await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) => {
    const file = grammarFiles[scopeName];
    return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
  },
});
const grammar = await registry.loadGrammar('source.ansible');

/** Returns, per line, [text, scopes-without-source.ansible][] */
function tokenize(text) {
  let stack = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.slice(1).join(' ')]);
  });
}

/** The innermost scopes of the first token equal to `text` on line `lineNo`. */
function scopesOf(lines, lineNo, text) {
  const token = lines[lineNo].find(([t]) => t.trim() === text);
  return token ? token[1] : `<no token ${JSON.stringify(text)} on line ${lineNo}: ${JSON.stringify(lines[lineNo])}>`;
}

const args = process.argv.slice(2);
if (args.includes('--check')) {
  const sample = [
    '- name: Install {{ pkg | default("nginx") }}', // 0
    '  hosts: all',
    '  tasks:',
    '    - name: Template it', // 3
    '      ansible.builtin.copy:',
    '        content: "{{ item.name }} {# note #} {% if x %}y{% endif %}"', // 5
    "        dest: '/etc/{{ app }}.conf'",
    '      when: ansible_facts.os_family == "Debian" and x is defined', // 7
    '      changed_when: false',
    '      failed_when: "result.rc != 0 and \'x\' in result.stdout"', // 9
    '      until: result is succeeded # retry',
    '      vars:',
    '        when_ok: plain text', // 12
    '      notify: Restart {{ svc }}',
    '    - name: List form', // 14
    '      when:',
    '        - a is defined',
    '      tags: [x]', // 17
  ].join('\n');
  const lines = tokenize(sample);
  const expectations = [
    [0, '{{', 'punctuation.section.embedded.begin.jinja'],
    [0, 'pkg', 'variable.other.jinja'],
    [0, 'default', 'support.function.filter.jinja'],
    [0, 'nginx', 'string.quoted.double.jinja'],
    [1, 'hosts', 'entity.name.tag.yaml'],
    [5, 'item', 'variable.other.jinja'],
    [5, 'name', 'variable.other.property.jinja'],
    [5, 'note', 'comment.block.jinja'],
    [5, 'if', 'keyword.control.jinja'],
    [5, 'endif', 'keyword.control.jinja'],
    [6, 'app', 'variable.other.jinja'],
    [7, 'when', 'keyword.control.conditional.ansible'],
    [7, 'ansible_facts', 'variable.other.jinja'],
    [7, 'and', 'keyword.operator.word.jinja'],
    [7, 'defined', 'support.function.test.jinja'],
    [8, 'false', 'constant.language.jinja'],
    [9, 'result', 'variable.other.jinja'],
    [9, "'x'", 'string.quoted.single.jinja'],
    [10, 'succeeded', 'support.function.test.jinja'],
    [10, 'retry', 'comment.line.number-sign.yaml'],
    [12, 'plain text', 'string.unquoted.plain.out.yaml'],
    [13, 'svc', 'variable.other.jinja'],
    // A list under `when:` keeps its YAML structure (only the key is marked).
    [15, 'when', 'keyword.control.conditional.ansible'],
    [16, '-', 'punctuation.definition.block.sequence.item.yaml'],
    [17, 'tags', 'entity.name.tag.yaml'],
  ];
  let failures = 0;
  for (const [line, text, scope] of expectations) {
    const got = scopesOf(lines, line, text);
    if (!got.split(' ').includes(scope) && !got.includes(scope)) {
      failures++;
      console.log(`FAIL line ${line} ${JSON.stringify(text)}: want ${scope}, got ${got}`);
    }
  }
  console.log(`${expectations.length - failures}/${expectations.length} grammar expectations hold`);
  process.exit(failures ? 1 : 0);
}

const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.log('usage: node test/e2e/grammar-tokens.mjs [--check] [file.yml]');
  process.exit(2);
}
tokenize(readFileSync(file, 'utf8')).forEach((tokens, i) => {
  // The innermost scope is the one a theme colours by; the full stack is too long to read.
  const shown = tokens.filter(([t]) => t.trim()).map(([t, s]) => `${JSON.stringify(t)}=${s.split(' ').at(-1)}`);
  console.log(`${i + 1}: ${shown.join('  ')}`);
});
