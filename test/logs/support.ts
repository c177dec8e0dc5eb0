/**
 * A console of its own for in-process LogCapture tests: `globalThis.console` is replaced by a
 * Node console writing to memory (Jest's console decorates and buffers), before `init()` patches
 * it, and put back afterwards.
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';

export interface MemoryConsole {
  /** What the console printed to its stdout and stderr. */
  readonly stdout: string[];
  readonly stderr: string[];
  /** Puts the previous console back. */
  restore(): void;
}

function memory(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
}

export function useMemoryConsole(): MemoryConsole {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const previous = globalThis.console;
  globalThis.console = new Console({ stdout: memory(stdout), stderr: memory(stderr), colorMode: false });
  return {
    stdout,
    stderr,
    restore() {
      globalThis.console = previous;
    },
  };
}
