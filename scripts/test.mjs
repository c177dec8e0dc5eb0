// The test command: build dist/ (tests run the built package in child processes), then Jest.
// Extra arguments go to Jest, e.g. `npm test -- test/config`.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

let status = run([path.join(root, 'scripts', 'build.mjs')]);
if (status === 0) status = run([path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)]);
process.exit(status);
