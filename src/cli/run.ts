/**
 * The CLI's entry: parses the command line, runs the command, and turns every failure into a
 * message and an exit code. Loads only node: modules and the store reader (no OpenTelemetry), so
 * it starts fast; the viewer's server (`src/ui/`) loads only for `agentsight ui`.
 */
import { envSetting } from '../settings/setting';
import { VARIABLES } from '../settings/table';
import { VERSION } from '../version';
import { isCommand, parseArgs } from './args';
import { resolveStoreDir, type CliIo, type CommandContext } from './context';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from './errors';
import { commandHelp, mainHelp, USAGE } from './help';
import { sessionsCommand } from './sessions-command';
import { showCommand } from './show-command';
import { makeStyle, wantsColor } from './style';

/**
 * Runs the CLI with `argv` (the arguments after the script) and returns the exit code; `ui`, which
 * serves until it is stopped, returns a promise of it.
 */
export function run(argv: readonly string[], io: CliIo): number | Promise<number> {
  try {
    const parsed = parseArgs(argv);
    switch (parsed.command) {
      case 'help':
        io.out(parsed.topic ? commandHelp(parsed.topic) : mainHelp());
        return EXIT_OK;
      case 'version':
        io.out(`${VERSION}\n`);
        return EXIT_OK;
      case 'sessions':
        return sessionsCommand(context(io, parsed.dir), parsed);
      case 'show':
        return showCommand(context(io, parsed.dir), parsed);
      case 'ui': {
        // Loaded here, so that no other command pays for the viewer's server.
        const { uiCommand } = require('../ui/command') as typeof import('../ui/command');
        return uiCommand(context(io, parsed.dir), parsed).catch((err: unknown) => failure(err, io));
      }
    }
  } catch (err) {
    return failure(err, io);
  }
}

/** The message and exit code of a failed command. */
function failure(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    const usage = err.command !== undefined && isCommand(err.command) ? USAGE[err.command] : USAGE.main;
    const more = err.command ? `agentsight ${err.command} --help` : 'agentsight --help';
    io.err(`agentsight: ${err.message}\n${usage}\nSee \`${more}\`.\n`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    io.err(`agentsight: ${err.message}\n`);
    return err.exitCode;
  }
  // A bug of ours: say so in one line, with the stack only on request.
  const detail = err instanceof Error ? err.message : String(err);
  io.err(`agentsight: unexpected error: ${detail}\n`);
  if (envSetting(VARIABLES.AGENTSIGHT_DEBUG, io.env) && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
  return EXIT_FAILURE;
}

function context(io: CliIo, dirOption: string | undefined): CommandContext {
  return {
    dir: resolveStoreDir(dirOption, io.env, io.cwd),
    style: makeStyle(wantsColor(io.stdoutIsTTY, io.env)),
    nowMs: io.now(),
    out: (text) => io.out(text),
    warn: (message) => io.err(`agentsight: warning: ${message}\n`),
  };
}

/** The real process: stdout, stderr, environment, clock. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    now: () => Date.now(),
  };
}
