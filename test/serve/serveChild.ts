// `scribe serve` as its own process, for the signal test (cli.ts's dispatch line is the lead's).
import { runServe } from '../../server/src/cli/serve';

runServe(process.argv.slice(2), process.stdout).then(
  (code) => {
    process.stdout.write(`exit ${code}\n`);
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`scribe: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
