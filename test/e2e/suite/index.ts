// The e2e suite's entry point: VS Code loads this module in the extension host
// (--extensionTestsPath) and awaits run(); its result becomes the shim's exit code.
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // Cold start on a fresh machine: ansible-doc lists ~7,700 modules, ansible-lint takes 2-6 s.
    timeout: 120_000,
    grep: process.env.SCRIBE_E2E_GREP,
  });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  mocha.addFile(path.join(__dirname, 'inline.test.js'));
  mocha.addFile(path.join(__dirname, 'project.test.js'));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
