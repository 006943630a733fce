// The layers of server/src and the import rules that keep them pointing down, in one place.
// eslint.config.mjs spreads importLayerConfigs() in (so `npm run lint` enforces it), and
// test/architecture/importLayers.test.ts lints deliberate back-imports with the same configs.
//
// A file in server/src/<folder>/ may import its own folder, the other folders of its layer and any
// lower layer, never a higher one. Imports in this repo are relative, so the rules are regexes on
// the import string, one config per folder and per depth below server/src: from
// server/src/suggest/x.ts the engine is `../engine/...`, from server/src/service/completion/x.ts it
// is `../../engine/...`. (One `no-restricted-imports` setting per file: ESLint keeps only the last
// matching config's options for a rule, so each config carries every restriction its files need.)

/** The folders of server/src, top to bottom. */
export const LAYERS = [
  ['lsp', 'cli', 'serve'], // front ends
  ['engine', 'inline'],
  ['generate', 'explain', 'remote', 'feedback', 'eval'],
  ['suggest', 'service', 'lint'], // service/ includes service/completion/ and service/validation/
  ['model', 'attribution', 'policy', 'provenance', 'sharedIndex'], // sharedIndex: the PostgreSQL attribution index
  ['corpus', 'catalog', 'document', 'project'], // project: the workspace model (roles, vars, inventory)
];

/** Modules at the root of server/src that anything may import; they import only each other. */
export const ROOT_LEAVES = ['protocol', 'settings', 'cacheDir', 'privateFile'];

/** Entry points at the root of server/src: they may import anything, and nothing imports them. */
export const ENTRY_POINTS = ['server', 'cli'];

/** Where the LSP library may be imported (besides server.ts): folders of server/src. */
export const LSP_LIBRARY_FOLDERS = ['lsp'];

/** Deepest folder nesting below server/src the rules cover (server/src/a/b/c/x.ts is depth 3). */
export const MAX_DEPTH = 5;

const DIRECTION =
  'imports point down (' +
  LAYERS.map((group) => group.join(' ')).join(' → ') +
  '; a folder may import its own layer and any lower one); see ARCHITECTURE.md';

const EXT = String.raw`(\.[cm]?[jt]s)?`;

/** `../` repeated `depth` times, as a regex: the way from a file back up to server/src. */
function upTo(depth) {
  return depth === 0 ? String.raw`\./` : String.raw`(\.\./){${depth}}`;
}

const VSCODE = { name: 'vscode', message: 'Only client/ imports vscode; server/ never does. See ARCHITECTURE.md' };

const LSP_LIBRARY = {
  regex: '^vscode-languageserver(/.*)?$',
  message:
    "Only server/src/lsp/ and server/src/server.ts import the LSP library 'vscode-languageserver' (or '/node'); " +
    'elsewhere use the types-only vscode-languageserver-types, -textdocument or -protocol. See ARCHITECTURE.md',
};

/** A `..` after a named segment (`../suggest/../engine`, `./../x`) would walk around the rules. */
const UNNORMALIZED = {
  regex: String.raw`(^|/)(?!\.\.(/|$))[^/]+/\.\.(/|$)`,
  message: "Write relative imports without a '..' after a folder name ('../engine/x', not '../suggest/../engine/x')",
};

function leavesServerSrc(depth) {
  return {
    regex: String.raw`^(\.\./){${depth + 1}}`,
    message:
      'Code in server/src imports server/src by the short relative path, never by leaving server/src and coming back',
  };
}

function entryPointsFrom(folder, depth) {
  return {
    regex: `^${upTo(depth)}(${ENTRY_POINTS.join('|')})${EXT}$`,
    message:
      `${folder}/ must not import the entry points ${ENTRY_POINTS.map((e) => `${e}.ts`).join(' or ')}: ` +
      'they sit above every layer and only wire things together; see ARCHITECTURE.md',
  };
}

function rule(patterns) {
  return ['error', { paths: [VSCODE], patterns }];
}

/** The layer (0 = top) of a folder of server/src, or -1 when it is in no layer. */
export function layerOf(folder) {
  return LAYERS.findIndex((group) => group.includes(folder));
}

/** Glob for the .ts files exactly `depth` folders below server/src inside `folder`. */
function filesAt(folder, depth) {
  return `server/src/${folder}/${'*/'.repeat(depth - 1)}*.ts`;
}

/** The flat-config objects (files + the `no-restricted-imports` rule) enforcing the layers. */
export function importLayerConfigs() {
  const configs = [
    // Anything under server/ not covered below (a new folder, a stray root module) still never
    // imports vscode nor the LSP library.
    { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': rule([LSP_LIBRARY, UNNORMALIZED]) } },
  ];

  for (const [index, group] of LAYERS.entries()) {
    const higher = LAYERS.slice(0, index).flat();
    for (const folder of group) {
      const lsp = LSP_LIBRARY_FOLDERS.includes(folder) ? [] : [LSP_LIBRARY];
      for (let depth = 1; depth <= MAX_DEPTH; depth++) {
        const upward = higher.map((target) => ({
          // `../cli` alone is cli.ts, an entry point (refused below); `../cli/...` is the folder.
          regex: `^${upTo(depth)}${target}${ENTRY_POINTS.includes(target) ? '/' : '(/|$)'}`,
          message: `${folder}/ must not import ${target}/: ${DIRECTION}`,
        }));
        configs.push({
          files: [filesAt(folder, depth)],
          rules: {
            'no-restricted-imports': rule([
              ...upward,
              entryPointsFrom(folder, depth),
              ...lsp,
              leavesServerSrc(depth),
              UNNORMALIZED,
            ]),
          },
        });
      }
    }
  }

  const leaves = ROOT_LEAVES.join('|');
  configs.push({
    files: ROOT_LEAVES.map((leaf) => `server/src/${leaf}.ts`),
    rules: {
      'no-restricted-imports': rule([
        {
          regex: String.raw`^\./(?!(${leaves})${EXT}$)`,
          message: `The root leaf modules (${ROOT_LEAVES.map((l) => `${l}.ts`).join(', ')}) import nothing of ours but each other: everything may import them`,
        },
        LSP_LIBRARY,
        leavesServerSrc(0),
        UNNORMALIZED,
      ]),
    },
  });
  for (const entry of ENTRY_POINTS) {
    configs.push({
      files: [`server/src/${entry}.ts`],
      rules: {
        'no-restricted-imports': rule([...(entry === 'server' ? [] : [LSP_LIBRARY]), leavesServerSrc(0), UNNORMALIZED]),
      },
    });
  }

  configs.push({
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(\.\./)+server(?!/src/protocol${EXT}$)(/|$)`,
              message:
                'client/ imports from the server only server/src/protocol (the typed requests, notifications and ' +
                'command ids shared by both sides); see ARCHITECTURE.md',
            },
            UNNORMALIZED,
          ],
        },
      ],
    },
  });
  return configs;
}
