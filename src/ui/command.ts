/**
 * `agentsight ui`: indexes the store, serves the viewer on 127.0.0.1 (another interface only with
 * `--allow-remote`, and a warning), prints the URL and serves until SIGINT or SIGTERM. Loaded by the
 * CLI only for this command.
 */
import type { CommandContext } from '../cli/context';
import { CliError, describeFsError, EXIT_OK, UsageError } from '../cli/errors';
import { formatCount, formatDuration } from '../cli/values';
import { isLoopback } from './host-check';
import { openBrowser } from './open-browser';
import { SessionIndex } from './session-index';
import { startUiServer, type UiServer } from './server';
import { defaultAssetsDir, MissingAssetsError } from './static-assets';

export interface UiOptions {
  port: number;
  host: string;
  open: boolean;
  allowRemote: boolean;
}

export async function uiCommand(ctx: CommandContext, options: UiOptions): Promise<number> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new UsageError(
      `--host ${options.host} is not a loopback address: anyone who can reach it could read every recorded prompt and completion; add --allow-remote to serve there anyway`,
      'ui',
    );
  }
  if (!isLoopback(options.host)) {
    ctx.warn(
      `serving on ${options.host}: anyone who can reach this address can read every session in ${ctx.dir}, prompts and completions included`,
    );
  }

  const index = new SessionIndex(ctx.dir);
  let stats: ReturnType<SessionIndex['refresh']>;
  try {
    stats = index.refresh();
  } catch (err) {
    throw new CliError(describeFsError(err, `the store ${ctx.dir}`));
  }
  ctx.out(
    `indexed ${formatCount(stats.sessions)} ${stats.sessions === 1 ? 'session' : 'sessions'} in ${formatDuration(stats.ms)} ` +
      `(${formatCount(stats.read)} read, ${formatCount(stats.reused)} from ${index.file})\n`,
  );

  let server: UiServer;
  try {
    server = await startUiServer({
      index,
      host: options.host,
      port: options.port,
      assetsDir: defaultAssetsDir(),
      anyHost: !isLoopback(options.host),
    });
  } catch (err) {
    if (err instanceof MissingAssetsError) throw new CliError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${options.port} is in use; choose another with --port N (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL') throw new CliError(`cannot listen on ${options.host}: no interface of this machine has that address`);
    if (code === 'EACCES') throw new CliError(`not allowed to listen on port ${options.port}; choose one above 1023 with --port N`);
    throw err;
  }
  // Listen for the signals before printing the URL: whoever reads it may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  ctx.out(`agentsight ui: ${server.url}  (store ${ctx.dir}; Ctrl-C stops it)\n`);
  if (options.open) openBrowser(server.url, (reason) => ctx.warn(`could not open a browser (${reason}); open ${server.url} yourself`));
  await stopped;
  return EXIT_OK;
}
