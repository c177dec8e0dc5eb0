/**
 * The README's configuration tables, made from the configuration table (`src/settings/table.ts`)
 * and the provider registry. `test/config-doc.test.ts` checks that the README shows exactly this;
 * `UPDATE_DOCS=1 npm test -- test/config-doc` writes it.
 */
import { PROVIDERS } from '../../instrumentations/registry';
import { providerSwitchRows } from '../../src/config';
import { defaultText, type Setting } from '../../src/settings/setting';
import { OPTIONS, OTLP_VARIABLES, VARIABLES } from '../../src/settings/table';

export const START = '<!-- config-table:start (made from src/settings/table.ts; UPDATE_DOCS=1 npm test -- test/config-doc) -->';
export const END = '<!-- config-table:end -->';

const code = (text: string): string => `\`${text}\``;

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function configTableMarkdown(): string {
  const ours: Array<[string, Setting<unknown>]> = [];
  for (const [option, setting] of Object.entries(OPTIONS) as Array<[string, Setting<unknown>]>) {
    ours.push([option, setting]);
    // The provider switches sit after the store's folder, as they always have in this table.
    if (option === 'dir') ours.push(...(providerSwitchRows() as Array<[string, Setting<unknown>]>));
  }
  const lines = [
    row(['variable', 'option', 'meaning', 'default']),
    row(['---', '---', '---', '---']),
    ...ours.map(([option, s]) => row([s.env ? code(s.env) : '-', code(option), s.description, defaultText(s)])),
    '',
    "Standard variables agentsight reads, and the CLI's own:",
    '',
    row(['variable', 'meaning', 'default']),
    row(['---', '---', '---']),
    ...(Object.values(VARIABLES) as Setting<unknown>[]).map((s) => row([code(s.env ?? ''), s.description, defaultText(s)])),
    ...(Object.entries(OTLP_VARIABLES) as Array<[string, Setting<unknown>]>).map(([name, s]) =>
      row([code(`OTEL_EXPORTER_OTLP_[SIGNAL_]${name}`), s.description, defaultText(s)]),
    ),
    '',
    '`[SIGNAL_]`: the variable of one signal (`TRACES_`, `METRICS_`, `LOGS_`) wins over the general one. ' +
      `Instrumentation names in \`OTEL_NODE_*_INSTRUMENTATIONS\`: ${PROVIDERS.map((p) => code(p.name)).join(', ')}.`,
  ];
  return lines.join('\n');
}
