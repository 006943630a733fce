// Redaction table: each kind of secret is gone from the text sent out, the text around it stays,
// and the YAML still parses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { hashUri, isSensitiveKey, redact, REDACTED } from '../../server/src/remote/redact';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const PEM_BODY = 'MIIEowIBAAKCAQEA7bq98Hf2xJ0QxSecretPemBody';

const table: { kind: string; text: string; secrets: string[]; kept?: string[] }[] = [
  { kind: 'YAML password', text: 'db_password: hunter2\nuser: app\n', secrets: ['hunter2'], kept: ['user: app'] },
  { kind: 'quoted key and value', text: '"api_key": "k-12345-secret"\n', secrets: ['k-12345-secret'] },
  {
    kind: 'nested under a list item',
    text: '- name: x\n  mysql_user:\n    login_password: S3cr3t!\n',
    secrets: ['S3cr3t!'],
  },
  {
    kind: 'secret key',
    text: 'aws_secret_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  },
  { kind: 'client secret (camelCase)', text: 'clientSecret: abcdef987654\n', secrets: ['abcdef987654'] },
  { kind: 'token', text: 'github_token: plain-token-value\n', secrets: ['plain-token-value'] },
  {
    kind: 'key=value free form',
    text: 'cmd: mysql -u root login_password=pa55 other=ok\n',
    secrets: ['pa55'],
    kept: ['other=ok'],
  },
  {
    kind: '--password flag',
    text: 'shell: mysqladmin --password s3kr1t status\n',
    secrets: ['s3kr1t'],
    kept: ['status'],
  },
  {
    kind: 'JSON-ish in a line',
    text: 'body: {"user": "bob", "password": "pw-in-json"}\n',
    secrets: ['pw-in-json'],
    kept: ['"user": "bob"'],
  },
  { kind: 'flow mapping', text: 'auth: {username: bob, passwd: flowpass}\n', secrets: ['flowpass'] },
  {
    kind: 'block scalar under a sensitive key',
    text: 'ssh_private_key: |\n  line-one-of-key\n  line-two-of-key\nnext: 1\n',
    secrets: ['line-one-of-key', 'line-two-of-key'],
    kept: ['next: 1'],
  },
  {
    kind: '!vault block',
    text: 'api_secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  62313365396662343061393464336163\n  3437383938\nafter: kept\n',
    secrets: ['ANSIBLE_VAULT', '62313365396662343061393464336163', '3437383938'],
    kept: ['after: kept'],
  },
  {
    kind: '!vault under an innocent key',
    text: 'motd: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539\n',
    secrets: ['6231336539', 'ANSIBLE_VAULT'],
  },
  {
    kind: '$ANSIBLE_VAULT text',
    text: '$ANSIBLE_VAULT;1.1;AES256\n3132333435\n6162636465\n',
    secrets: ['3132333435', '6162636465'],
  },
  {
    kind: 'PEM private key',
    text: `content: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ${PEM_BODY}\n  AnotherLineOfBase64==\n  -----END RSA PRIVATE KEY-----\ndest: /etc/ssl/key.pem\n`,
    secrets: [PEM_BODY, 'AnotherLineOfBase64'],
    kept: ['dest: /etc/ssl/key.pem'],
  },
  {
    kind: 'AWS access key id',
    text: `aws_access: ${AWS_KEY}\nregion: eu-west-1\n`,
    secrets: [AWS_KEY],
    kept: ['region: eu-west-1'],
  },
  { kind: 'AWS session key id', text: 'id: ASIAY34FZKBOKMUTVV7A\n', secrets: ['ASIAY34FZKBOKMUTVV7A'] },
  {
    kind: 'GitHub token',
    text: 'repo_pat: ghp_1234567890abcdefghijklmnopqrstuvwxyz\n',
    secrets: ['ghp_1234567890abcdefghijklmnopqrstuvwxyz'],
  },
  { kind: 'Slack token', text: 'hook: xoxb-123456789012-abcdefghijkl\n', secrets: ['xoxb-123456789012-abcdefghijkl'] },
  {
    kind: 'bearer token',
    text: 'headers:\n  X-Api: "Bearer eyJhbGciOi.abc123456789"\n',
    secrets: ['eyJhbGciOi.abc123456789'],
  },
  {
    kind: 'credentials in a URL',
    text: 'url: https://bob:hunter22@example.com/repo.git\n',
    secrets: ['hunter22', 'bob:'],
    kept: ['example.com/repo.git'],
  },
  {
    kind: 'nested credentials mapping',
    text: 'credentials:\n  user: admin\n  key: nested-secret\nkeep: yes\n',
    secrets: ['nested-secret'],
    kept: ['keep: yes'],
  },
];

describe('redact', () => {
  for (const row of table) {
    it(`removes ${row.kind}`, () => {
      const r = redact(row.text);
      for (const s of row.secrets) assert.ok(!r.text.includes(s), `${s} still in:\n${r.text}`);
      for (const k of row.kept ?? []) assert.ok(r.text.includes(k), `${k} lost from:\n${r.text}`);
      assert.ok(r.count >= 1);
      assert.ok(r.text.includes(REDACTED));
      if (!row.text.startsWith('$ANSIBLE')) assert.doesNotThrow(() => parse(r.text), `not YAML any more:\n${r.text}`);
    });
  }

  it('keeps what is not a secret', () => {
    const text =
      '- name: Install packages\n  ansible.builtin.apt:\n    name: nginx\n    state: present\n  vars:\n    password_file: /etc/app/pw\n    db_password: "{{ vault_db_password }}"\n    bypass_checks: true\n';
    const r = redact(text);
    assert.equal(r.text, text);
    assert.equal(r.count, 0);
  });

  it('judges key names by their words', () => {
    for (const k of [
      'password',
      'db_pass',
      'api_key',
      'apiKey',
      'access-key',
      'vault_password',
      'client_secret',
      'auth',
      'X-Auth-Token',
    ])
      assert.ok(isSensitiveKey(k), k);
    for (const k of ['name', 'compass', 'bypass', 'passthrough', 'password_file', 'keyfile', 'state', 'key'])
      assert.ok(!isSensitiveKey(k), k);
  });

  it('hashes URIs stably and irreversibly', () => {
    const uri = 'file:///home/alice/secret-project/site.yml';
    assert.equal(hashUri(uri), hashUri(uri));
    assert.notEqual(hashUri(uri), hashUri(`${uri}x`));
    assert.ok(!hashUri(uri).includes('alice'));
    assert.match(hashUri(uri), /^sha256:[0-9a-f]{16}$/);
  });
});
