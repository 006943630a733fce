// Imported first by server.ts, so it runs before the language server's libraries load: starts the
// suggestion worker's thread (engine/workerThread.ts), bundled next to server.js.

import { join } from 'node:path';
import { prestartWorker } from './workerThread';

prestartWorker(join(__dirname, 'suggestWorker.js'));
