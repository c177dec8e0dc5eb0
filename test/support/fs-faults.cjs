'use strict';
/**
 * A failing file system at the fs boundary, for the local store's fault tests: preloaded with
 * `--require` into an app, it makes writes under `FS_FAULT_UNDER` fail or stall, the way a full
 * disk or a stuck network mount would, without a real tmpfs (which needs root to mount).
 *
 * - `FS_FAULT=enospc`: every append (asynchronous and synchronous) fails with ENOSPC.
 * - `FS_FAULT=stall`: asynchronous appends never complete; synchronous ones work (the exit path).
 *
 * It patches the `fs` module object itself, which is what the built package reads at call time.
 */
const fs = require('node:fs');

const under = process.env.FS_FAULT_UNDER;
const mode = process.env.FS_FAULT;
const hit = (file) => typeof file === 'string' && under !== undefined && file.startsWith(under);
const enospc = (file) =>
  Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'write' });

const { appendFile, appendFileSync } = fs;
fs.appendFile = function faultyAppendFile(file, data, ...rest) {
  if (!hit(file)) return appendFile.call(this, file, data, ...rest);
  const callback = rest[rest.length - 1];
  if (mode === 'enospc') process.nextTick(callback, enospc(file));
  // stall: the callback is never called.
};
fs.appendFileSync = function faultyAppendFileSync(file, data, ...rest) {
  if (hit(file) && mode === 'enospc') throw enospc(file);
  return appendFileSync.call(this, file, data, ...rest);
};
