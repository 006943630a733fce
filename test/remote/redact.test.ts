// Redaction table: each kind of secret is gone from the text sent out, the text around it stays,
// and the YAML still parses; every form of the leak corpus (test/security/fixtures/secrets), values
// derived from redacted input (flattened, cut short), ordinary values kept, and linear time on
// hostile input.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { hashUri, isSensitiveKey, redact, REDACTED, scrub } from '../../server/src/remote/redact';
import { SECRET_FORMS } from '../security/fixtures/secrets/forms';

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
    kind: 'a plain scalar on the lines below its key',
    text: 'password:\n  multi-line-Pw1\n  second-Pw2\nnext: 1\n',
    secrets: ['multi-line-Pw1', 'second-Pw2'],
    kept: ['next: 1'],
  },
  {
    kind: 'a quoted value over two lines',
    text: 'db_pass: "first part\n  second-part-Pw9"\nnext: 1\n',
    secrets: ['first part', 'second-part-Pw9'],
    kept: ['next: 1'],
  },
  {
    kind: 'the value of a list item named after a secret (container env, vars_prompt)',
    text: 'env:\n  - name: DB_PASSWORD\n    value: k8sEnvPw11\n  - name: DB_HOST\n    value: db.example.com\nvars_prompt:\n  - name: db_password\n    private: true\n    default: PromptPw22\n',
    secrets: ['k8sEnvPw11', 'PromptPw22'],
    kept: ['value: db.example.com', 'private: true'],
  },
  {
    kind: 'lines inside a double-quoted string with \\n escapes',
    text: 'content: "[db]\\nuser: bob\\npassword: inQuotedPw1\\n"\n',
    secrets: ['inQuotedPw1'],
    kept: ['user: bob'],
  },
  {
    kind: "a secret's name glued to other words",
    text: '- name: post user=aandpassword=GluedPw55 to the login page\n',
    secrets: ['GluedPw55'],
  },
  {
    kind: 'the literal a Jinja expression starts from, in escaped quotes',
    text: '- name: "x password: \\"{{ \'LiteralPw51\' | password_hash(\'sha512\') }}\\" y"\n',
    secrets: ['LiteralPw51'],
    kept: ["password_hash('sha512')"],
  },
  { kind: 'a quoted key with a space', text: '"DB Password": spaced-key-Pw7\n', secrets: ['spaced-key-Pw7'] },
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

  for (const form of SECRET_FORMS)
    it(`removes ${form.id}: ${form.what}`, () => {
      const r = redact(form.yaml);
      for (const s of form.planted) assert.ok(!r.text.includes(s), `${s} still in:\n${r.text}`);
      assert.ok(r.text.includes(form.id), `the task around it is lost:\n${r.text}`);
      assert.doesNotThrow(() => parse(r.text), `not YAML any more:\n${r.text}`);
      // What was removed is reported, so text built from the same input can be scrubbed too.
      for (const s of form.planted)
        assert.ok(
          r.secrets.some((x) => x.includes(s) || s.includes(x)),
          s,
        );
    });

  it('keeps ordinary values that look a little like secrets', () => {
    const text = [
      '- name: Users',
      '  ansible.builtin.user:',
      '    name: deploy',
      '    update_password: on_create',
      '    password_lock: true',
      '    generate_ssh_key: true',
      '    ssh_key_bits: 4096',
      '    password: "{{ deploy_password | password_hash(\'sha512\') }}"',
      '- name: Key',
      '  ansible.posix.authorized_key:',
      '    user: deploy',
      '    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@host',
      '- name: Download',
      '  ansible.builtin.get_url:',
      '    url: https://example.com/app-1.2.3.tar.gz',
      '    checksum: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '    dest: /opt/app.tar.gz',
      '- name: Code',
      '  ansible.builtin.git:',
      '    repo: https://github.com/ansible/ansible.git',
      '    version: 3f2a9c4e5b6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f',
      '    dest: /srv/ansible',
      '- name: Token auth',
      '  ansible.builtin.uri:',
      '    url: https://api.example.com/v1/items?page=2',
      '    headers:',
      '      Authorization: "Bearer {{ api_token }}"',
      '  when: vault_password is defined and auth_source == "ldap"',
      '# The token is read from vault below.',
      '- name: Set the password for the app user',
      '  ansible.builtin.set_fact:',
      '    pw_length: 20',
      '    secret_name: tls-cert',
      '    key_name: deploy-key',
      '    timezone: "{{ tz | default(\'Europe/Berlin\') }}"',
      '    locale: "{{ lang | default(\'en_US.UTF-8\') }}"',
      '    gpgkey: file:///etc/pki/rpm-gpg/RPM-GPG-KEY-EPEL-9',
      '    image: registry.example.com/team/app:1.4.2',
      '    uuid: 123e4567-e89b-12d3-a456-426614174000',
      '',
    ].join('\n');
    const r = redact(text);
    assert.deepEqual(r.secrets, []);
    assert.equal(r.text, text);
  });

  it('scrubs what it found from text built from the same input: flattened, cut short with …', () => {
    const pem = ['MIIEowIBAAKCAQEA7bq98Hf2xJ0QxSecretPemBodyLineOne', 'AnotherLineOfBase64PemBodyXyZ0123456789'];
    const raw = `content: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ${pem.join('\n  ')}\n  -----END RSA PRIVATE KEY-----\nsecret: sHort-Planted-77\n`;
    const { secrets } = redact(raw);
    const derived = [
      `runs copy with content=-----BEGIN RSA PRIVATE KEY----- ${pem[0]} ${pem[1]} -----END…`,
      `- \`secret\` = \`sHort-Plan…\``,
      `the key ${pem[1].slice(0, 20)}…`,
    ].join('\n');
    const out = scrub(derived, secrets).text;
    for (const p of [...pem, 'sHort-Plan', pem[1].slice(0, 20)]) assert.ok(!out.includes(p), `${p} in:\n${out}`);
    assert.match(out, /runs copy with content=/);
  });

  it('takes linear time on hostile input', () => {
    const hostile = [
      'password: x' + ' | b(x'.repeat(20_000),
      'x: ' + 'Ab-'.repeat(100_000),
      'password' + ' '.repeat(300_000) + 'x',
      '-----BEGIN X-----' + 'aaaa '.repeat(60_000),
      "x: default('" + "\\'".repeat(100_000),
      'https://' + 'a:'.repeat(100_000),
      'secret:\n' + '  - a\n'.repeat(60_000),
      '{{ '.repeat(100_000),
      '"\\npassword x" '.repeat(100_000),
      '"' + '\\\\\\"\\\\npassword: x'.repeat(30_000) + '"',
      Array.from({ length: 1500 }, (_, i) => ' '.repeat(i) + 'secret:').join('\n'),
    ];
    for (const text of hostile) {
      const start = performance.now();
      redact(text);
      const ms = performance.now() - start;
      assert.ok(ms < 1500, `${Math.round(ms)} ms on ${JSON.stringify(text.slice(0, 20))}…`);
    }
  });

  it('judges key names by their words', () => {
    for (const k of [
      'db_pw',
      'adminpassword',
      'PGPASSWORD',
      'MYSQL_PWD',
      'encryption_key',
      'AccountKey',
      '.dockerconfigjson',
      'ansible_become_pass',
      'rootpass',
      'ovirt_auth',
      'Authorization',
      'private_key_id',
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
    for (const k of [
      'name',
      'compass',
      'bypass',
      'passthrough',
      'password_file',
      'keyfile',
      'state',
      'key',
      'author',
      'authorized_key',
      'auth_source',
      'hosts_with_auth_disabled',
      'update_password',
      'secret_name',
      'public_key',
      'sort_key',
      'community.crypto.openssl_privatekey',
      'pin_priority',
    ])
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
