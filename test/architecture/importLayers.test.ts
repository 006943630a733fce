// The import rule of scripts/importLayers.mjs (spread into eslint.config.mjs): imports in server/src
// point down the layers, only lsp/ and server.ts import the LSP library, only client/ imports vscode,
// and client/ imports only server/src/protocol of the server. Each case lints a one-line source as if
// it were at a given path, with ESLint's Node API and the same configs `npm run lint` uses.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { parser } from 'typescript-eslint';

interface LayerModule {
  LAYERS: string[][];
  ROOT_LEAVES: string[];
  ENTRY_POINTS: string[];
  MAX_DEPTH: number;
  importLayerConfigs(): Linter.Config[];
}

const root = resolve(__dirname, '../..');
const RULE = 'no-restricted-imports';

let layers: LayerModule;
let eslint: ESLint;

before(async () => {
  layers = (await import(pathToFileURL(join(root, 'scripts/importLayers.mjs')).href)) as LayerModule;
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser } }, ...layers.importLayerConfigs()],
  });
});

async function lint(filePath: string, source: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages;
}

/** `source` at `filePath` gives exactly one no-restricted-imports error, naming `specifier` and saying `why`. */
async function refused(filePath: string, source: string, specifier: string, why: string) {
  const messages = await lint(filePath, source);
  assert.equal(messages.length, 1, `${filePath}: ${source}\n${JSON.stringify(messages, null, 2)}`);
  const [m] = messages;
  assert.equal(m.ruleId, RULE);
  assert.equal(m.severity, 2);
  assert.ok(m.message.includes(`'${specifier}'`), m.message);
  assert.ok(m.message.includes(why), `expected "${why}" in: ${m.message}`);
}

/** `source` at `filePath` lints clean (a file no config matched would give an "ignored" warning). */
async function allowed(filePath: string, source: string) {
  assert.deepEqual(await lint(filePath, source), [], `${filePath}: ${source}`);
}

const DIRECTION = 'imports point down (lsp cli serve → engine inline → ';

describe('imports point down the layers of server/src', () => {
  it('refuses back-imports, with the rule in words', async () => {
    await refused(
      'server/src/suggest/x.ts',
      "import { SuggestionEngine } from '../engine/engine';",
      '../engine/engine',
      `suggest/ must not import engine/: ${DIRECTION}`,
    );
    await refused(
      'server/src/model/x.ts',
      "import { buildTaskRequests } from '../suggest/request';",
      '../suggest/request',
      'model/ must not import suggest/',
    );
    await refused(
      'server/src/engine/x.ts',
      "import { registerAiFeatures } from '../lsp/aiFeatures';",
      '../lsp/aiFeatures',
      'engine/ must not import lsp/',
    );
    await refused(
      'server/src/service/validation/x.ts',
      "import { DiagnosticScheduler } from '../../lsp/diagnosticScheduler';",
      '../../lsp/diagnosticScheduler',
      'service/ must not import lsp/',
    );
    await refused(
      'server/src/document/x.ts',
      "import type { Ledger } from '../provenance/ledger';",
      '../provenance/ledger',
      'document/ must not import provenance/',
    );
    await refused(
      'server/src/catalog/x.ts',
      "export { AttributionIndex } from '../attribution/attributionIndex';",
      '../attribution/attributionIndex',
      'catalog/ must not import attribution/',
    );
    await refused(
      'server/src/inline/x.ts',
      "import { usage } from '../cli/usage';",
      '../cli/usage',
      'inline/ must not import cli/',
    );
  });

  it('allows downward imports, at any depth, and the root leaf modules from anywhere', async () => {
    await allowed('server/src/lsp/x.ts', "import { SuggestionEngine } from '../engine/engine';");
    await allowed('server/src/engine/x.ts', "import { buildTaskRequests } from '../suggest/request';");
    await allowed('server/src/suggest/x.ts', "import { parseAnsibleDocument } from '../document/parse';");
    await allowed(
      'server/src/service/completion/x.ts',
      "import { AnsibleCatalog } from '../../catalog/ansibleCatalog';",
    );
    await allowed('server/src/document/x.ts', "import type { ScribeSettings } from '../settings';");
    await allowed('server/src/service/validation/x.ts', "import { StatusNotification } from '../../protocol';");
    await allowed('server/src/corpus/x.ts', "import { defaultCacheDir } from '../cacheDir';");
  });

  it('allows imports within a folder and between peers of one layer', async () => {
    await allowed('server/src/suggest/x.ts', "import { requestFor } from './request';");
    await allowed('server/src/suggest/x.ts', "import { LanguageService } from '../service/languageService';");
    await allowed('server/src/service/completion/x.ts', "import { validate } from '../validation/index';");
    await allowed('server/src/model/x.ts', "import { Ledger } from '../provenance/ledger';");
    await allowed('server/src/generate/x.ts', "import { metrics } from '../eval/metrics';");
    await allowed('server/src/document/x.ts', "import { AnsibleCatalog } from '../catalog/ansibleCatalog';");
    await allowed('server/src/serve/x.ts', "import { usage } from '../cli/usage';");
  });

  it('keeps the entry points server.ts and cli.ts out of every folder; they may import anything', async () => {
    await refused(
      'server/src/lsp/x.ts',
      "import { main } from '../server';",
      '../server',
      'lsp/ must not import the entry points',
    );
    await refused(
      'server/src/serve/x.ts',
      "import { main } from '../cli';",
      '../cli',
      'serve/ must not import the entry points',
    );
    await refused(
      'server/src/service/completion/x.ts',
      "import '../../server';",
      '../../server',
      'service/ must not import the entry points',
    );
    await refused('server/src/inline/x.ts', "import '../cli';", '../cli', 'inline/ must not import the entry points');
    await allowed('server/src/server.ts', "import { registerAiFeatures } from './lsp/aiFeatures';");
    await allowed('server/src/cli.ts', "import { runCli } from './cli/index';");
  });

  it('keeps the root leaf modules leaves: they import only each other', async () => {
    await refused(
      'server/src/protocol.ts',
      "import type { Ledger } from './provenance/ledger';",
      './provenance/ledger',
      'The root leaf modules',
    );
    await allowed('server/src/settings.ts', "import { defaultCacheDir } from './cacheDir';");
  });

  it('refuses paths that walk around the layers', async () => {
    await refused(
      'server/src/suggest/x.ts',
      "import { SuggestionEngine } from '../suggest/../engine/engine';",
      '../suggest/../engine/engine',
      "without a '..' after a folder name",
    );
    await refused(
      'server/src/suggest/x.ts',
      "import { SuggestionEngine } from '../../src/engine/engine';",
      '../../src/engine/engine',
      'never by leaving server/src',
    );
  });
});

describe('only lsp/ and server.ts import the LSP library', () => {
  const why = "Only server/src/lsp/ and server/src/server.ts import the LSP library 'vscode-languageserver'";

  it('refuses it elsewhere in server/src, cli.ts included', async () => {
    await refused(
      'server/src/suggest/x.ts',
      "import { Connection } from 'vscode-languageserver/node';",
      'vscode-languageserver/node',
      why,
    );
    await refused(
      'server/src/service/completion/x.ts',
      "import { CompletionItemKind } from 'vscode-languageserver';",
      'vscode-languageserver',
      why,
    );
    await refused(
      'server/src/engine/x.ts',
      "import type { Connection } from 'vscode-languageserver/node';",
      'vscode-languageserver/node',
      why,
    );
    await refused(
      'server/src/cli.ts',
      "import { createConnection } from 'vscode-languageserver/node';",
      'vscode-languageserver/node',
      why,
    );
    await refused(
      'server/src/protocol.ts',
      "import { RequestType } from 'vscode-languageserver';",
      'vscode-languageserver',
      why,
    );
  });

  it('allows it in lsp/ and server.ts', async () => {
    await allowed('server/src/lsp/x.ts', "import { Connection } from 'vscode-languageserver/node';");
    await allowed('server/src/lsp/x.ts', "import { CompletionItemKind } from 'vscode-languageserver';");
    await allowed('server/src/server.ts', "import { createConnection } from 'vscode-languageserver/node';");
  });

  it('allows the types-only packages anywhere in server/src', async () => {
    await allowed('server/src/suggest/x.ts', "import { Range } from 'vscode-languageserver-types';");
    await allowed('server/src/document/x.ts', "import { TextDocument } from 'vscode-languageserver-textdocument';");
    await allowed('server/src/protocol.ts', "import { RequestType } from 'vscode-languageserver-protocol';");
  });
});

describe('only client/ imports vscode, and client/ imports only server/src/protocol of the server', () => {
  it('refuses vscode in server/, lsp/ and server.ts included', async () => {
    const why = 'Only client/ imports vscode';
    await refused('server/src/suggest/x.ts', "import * as vscode from 'vscode';", 'vscode', why);
    await refused('server/src/lsp/x.ts', "import { window } from 'vscode';", 'vscode', why);
    await refused('server/src/server.ts', "import type { Uri } from 'vscode';", 'vscode', why);
  });

  it('allows vscode in client/', async () => {
    await allowed('client/src/x.ts', "import * as vscode from 'vscode';");
  });

  it('refuses anything of the server in client/ but server/src/protocol', async () => {
    const why = 'client/ imports from the server only server/src/protocol';
    await refused(
      'client/src/inline/x.ts',
      "import { SuggestionEngine } from '../../../server/src/engine/engine';",
      '../../../server/src/engine/engine',
      why,
    );
    await refused(
      'client/src/x.ts',
      "import { insertedRange } from '../../server/src/inline/items';",
      '../../server/src/inline/items',
      why,
    );
    await refused(
      'client/src/x.ts',
      "import { x } from '../../server/src/protocolHelpers';",
      '../../server/src/protocolHelpers',
      why,
    );
    await allowed('client/src/inline/x.ts', "import { AttributionRequest } from '../../../server/src/protocol';");
    await allowed('client/src/x.ts', "import type { StatusParams } from '../../server/src/protocol';");
  });
});

describe('the layer table', () => {
  it('is what eslint.config.mjs enforces', async () => {
    const config = (await new ESLint({ cwd: root }).calculateConfigForFile('server/src/suggest/x.ts')) as Linter.Config;
    const expected = layers.importLayerConfigs().find((c) => c.files?.includes('server/src/suggest/*.ts'));
    assert.ok(expected, 'importLayerConfigs() has a config for server/src/suggest/*.ts');
    const [severity, options] = config.rules?.[RULE] as [number, unknown];
    assert.equal(severity, 2);
    assert.deepEqual(options, (expected.rules?.[RULE] as [string, unknown])[1]);
  });

  it('covers every folder and root module of server/src, at every depth', () => {
    const src = join(root, 'server/src');
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory());
    const inLayers = layers.LAYERS.flat();
    for (const folder of folders)
      assert.ok(inLayers.includes(folder.name), `server/src/${folder.name}/ is in no layer`);
    const rootModules = readdirSync(src).filter((f) => f.endsWith('.ts'));
    const known = [...layers.ROOT_LEAVES, ...layers.ENTRY_POINTS];
    for (const file of rootModules) {
      assert.ok(
        known.includes(file.replace(/\.ts$/, '')),
        `server/src/${file} is neither a root leaf nor an entry point`,
      );
    }
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      const depth = relative(src, join(src, file)).split(/[\\/]/).length - 1;
      assert.ok(depth <= layers.MAX_DEPTH, `server/src/${file} is deeper than MAX_DEPTH (${layers.MAX_DEPTH})`);
    }
  });
});
