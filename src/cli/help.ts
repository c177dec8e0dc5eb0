/** The help texts (`agentsight --help`, `agentsight <command> --help`) and the short usages. */
import { VERSION } from '../version';
import { DEFAULT_LIMIT, DEFAULT_UI_PORT, type CommandName } from './args';

const RECORD_HINT = 'Record sessions by running your app with: node --import agentsight/register app.js';
const STORE_LINE = 'The store is DIR, else $AGENTSIGHT_DIR, else .agentsight in the current directory.';

export const USAGE: Record<CommandName | 'main', string> = {
  main: [
    'Usage: agentsight sessions [--limit N] [--json] [--dir DIR]',
    '       agentsight show <id-or-prefix> [--json] [--dir DIR]',
    '       agentsight ui [--port N] [--dir DIR] [--open] [--host ADDR --allow-remote]',
    '       agentsight --help | <command> --help | --version',
  ].join('\n'),
  sessions: 'Usage: agentsight sessions [--limit N] [--json] [--dir DIR]',
  show: 'Usage: agentsight show <id-or-prefix> [--json] [--dir DIR]',
  ui: 'Usage: agentsight ui [--port N] [--dir DIR] [--open] [--host ADDR --allow-remote]',
};

export function mainHelp(): string {
  return `agentsight ${VERSION}: the sessions your AI agents recorded, from the local store

${USAGE.main}

Commands:
  sessions        list sessions, newest first: state, LLM calls, tokens, cost, errors
  show <id>       one session: its header, its span tree and its totals by model and agent
  ui              the sessions in your browser: list, timeline, chat, cost (on 127.0.0.1)

Options:
  --dir DIR       the local store to read
  --json          machine-readable output (full ids, exact numbers)
  -h, --help      this help, or a command's help after the command
  -v, --version   the version

${STORE_LINE}
${RECORD_HINT}

Exit codes: 0 done, 1 no such session, ambiguous prefix or unreadable store, 2 usage error.
Colors only on a terminal, and never when NO_COLOR is set.
`;
}

export function commandHelp(command: CommandName): string {
  if (command === 'sessions') {
    return `${USAGE.sessions}

List the sessions of the store, newest first: id (a unique prefix), name, start (local time),
duration, state (success, fail, indeterminate; running while its process lives; unfinished when
its process ended without an end record), LLM calls, input/output tokens, cost and errors.

Options:
  -n, --limit N   show the newest N sessions (default ${DEFAULT_LIMIT}; 0 for all)
  --json          print {dir, total, shown, sessions: [...]} as JSON
  --dir DIR       the local store to read

${STORE_LINE}
`;
  }
  if (command === 'ui') {
    return `${USAGE.ui}

Serve a local web viewer of the store and print its URL: the sessions list (filters, free text
over names and captured content), and each session as a timeline of its spans and logs, with the
chat of each LLM call, tokens, cost and time to first token, and cost per agent and per model.
Running sessions update live. Read-only; stop it with Ctrl-C.

Options:
  --port N        the port (default ${DEFAULT_UI_PORT}; 0 picks a free one)
  --dir DIR       the local store to read
  --open          open the URL in the default browser
  --host ADDR     the address to listen on (default 127.0.0.1, this machine only)
  --allow-remote  needed with a --host that is not loopback: others on the network can then read
                  every recorded prompt and completion (a warning says so)

The first run indexes the store into DIR/index/ (later runs read only what changed).
${STORE_LINE}
`;
  }
  return `${USAGE.show}

Show one session: its header (id, name, tags, service, process, start, duration, state and
reason), its spans as a tree (agents, tools, LLM calls with model, tokens and cost, errors,
spans agentsight ended itself), then totals: tokens by type, cost, LLM calls and errors, in
total, per model and per agent. ID may be any unique prefix of the session id.

Options:
  --json          print the parsed session (start, end, summary, span tree) as JSON
  --dir DIR       the local store to read

${STORE_LINE}
`;
}
