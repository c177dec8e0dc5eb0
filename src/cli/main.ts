#!/usr/bin/env node
/** The `agentsight` command (see docs/cli.md). */
import { processIo, run } from './run';

// `agentsight sessions | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// The exit code is set, not forced, so what was written to a pipe is flushed first.
const code = run(process.argv.slice(2), processIo());
if (typeof code === 'number') process.exitCode = code;
else void code.then((c) => (process.exitCode = c));
