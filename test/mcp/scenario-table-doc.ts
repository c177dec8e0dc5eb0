/**
 * The scenario table as it appears in docs/mcp.md (between `<!-- scenario-table -->` markers):
 * made from `CASES`, so the page says what the suite runs and how each side of each request ends;
 * `docs.test.ts` checks it.
 */
import { CASES, type End, MAJORS, TRANSPORTS } from './scenario-table';

function endText(end: End): string {
  switch (end.kind) {
    case 'ok':
      return 'ok';
    case 'abort':
      return '`abort`';
    case 'process_exit':
      return '`process_exit`';
    case 'error': {
      const types = MAJORS.map((m) => end.type[m]);
      return new Set(types).size === 1 ? `\`${types[0]}\`` : MAJORS.map((m, i) => `v${m} \`${types[i]}\``).join(' / ');
    }
  }
}

export function scenarioTableMarkdown(): string {
  const reasons: string[] = [];
  const rows = CASES.map((c) => {
    const requests = c.exchanges.map((e) => `\`${e.name}\`${e.fromServer ? ' (server to client)' : ''}`).join(', ') || '-';
    const sender = c.exchanges.map((e) => endText(e.client)).join(', ') || '-';
    const handler = c.exchanges.map((e) => endText(e.server)).join(', ') || '-';
    const transports = TRANSPORTS.map((t) => {
      const reason = c.notOn?.[t];
      if (!reason) return 'yes';
      if (!reasons.includes(reason)) reasons.push(reason);
      return `n/a [${reasons.indexOf(reason) + 1}]`;
    });
    const name = c.inTool ? `${c.name} (\`withTool('${c.inTool}')\`)` : c.name;
    return `| ${name.replace(/\|/g, '\\|')} | ${requests} | ${sender} | ${handler} | ${c.checks.replace(/\|/g, '\\|')} | ${transports.join(' | ')} |`;
  });
  return [
    '| case | requests after `initialize` | sender span ends | handler span ends | what it shows | stdio | HTTP |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    ...(reasons.length > 0 ? ['', reasons.map((r, i) => `[${i + 1}] ${r}`).join('  \n')] : []),
  ].join('\n');
}
