// Bundles the language server, the CLI and the VS Code client with esbuild.
// Type-checking is `tsc -b` (npm run typecheck); esbuild only strips types.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // pg's optional native binding (pg-native) is not used; leave its lazy require unresolved.
  external: ['pg-native'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/dist/server.js' }),
  // The suggestion worker thread (corpus, attribution index, embedded model), next to server.js.
  esbuild.build({ ...common, entryPoints: ['server/src/engine/worker.ts'], outfile: 'server/dist/suggestWorker.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/dist/extension.js',
    external: ['vscode', 'pg-native'],
  }),
]);
