/**
 * The scenario table as it appears in docs/openai.md (between `<!-- scenario-table -->` markers):
 * made from `SCENARIO_TABLE`, so the page says what the suite runs; `docs.test.ts` checks it.
 */
import { CALL_PATHS, END_CASES, MAJORS, SCENARIO_TABLE, type Major } from './scenario-table';

export function scenarioTableMarkdown(): string {
  /** Each distinct note, with the majors it applies to. */
  const notes = new Map<string, Set<Major>>();
  const noteRef = (text: string, major: Major): string => {
    if (!notes.has(text)) notes.set(text, new Set());
    notes.get(text)!.add(major);
    return `[${[...notes.keys()].indexOf(text) + 1}]`;
  };
  const cell = (name: string): string => {
    const row = SCENARIO_TABLE.find((r) => r.name === name);
    if (!row) return 'n/a';
    const refs = MAJORS.flatMap((m) =>
      (row.notes?.[m] ?? '')
        .split('\n')
        .filter(Boolean)
        .map((text) => noteRef(text, m)),
    );
    return ['4-7', ...new Set(refs)].join(' ');
  };
  const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

  const sections: string[] = [];
  const families = [
    ['json', 'Calls answered with JSON'],
    ['stream', 'Streams (`stream: true`)'],
    ['helper', 'Stream helpers'],
  ] as const;
  for (const [family, title] of families) {
    const paths = Object.entries(CALL_PATHS)
      .filter(([, p]) => p.family === family)
      .map(([name]) => name);
    const cases = Object.keys(END_CASES[family]);
    sections.push(
      [
        `**${title}** (rows: call paths; columns: end cases; cells: the openai majors it runs on)`,
        '',
        `| call path | ${cases.join(' | ')} |`,
        `|---|${cases.map(() => '---').join('|')}|`,
        ...paths.map((p) => `| \`${p}\` | ${cases.map((c) => cell(`${p} | ${c}`)).join(' | ')} |`),
      ].join('\n'),
    );
  }
  const matrix = new Set(Object.keys(CALL_PATHS).flatMap((p) => Object.keys(END_CASES[CALL_PATHS[p]!.family]).map((c) => `${p} | ${c}`)));
  const extra = SCENARIO_TABLE.filter((r) => !matrix.has(r.name));
  sections.push(
    [
      '**Beyond the matrix** (content shapes, helpers that make several calls, other hosts)',
      '',
      '| scenario | call path | end case | openai |',
      '|---|---|---|---|',
      ...extra.map((r) => `| ${escapeCell(r.name)} | \`${r.path}\` | ${r.endCase} | ${cell(r.name)} |`),
    ].join('\n'),
  );
  sections.push([...notes].map(([text, majors], i) => `[${i + 1}] openai ${[...majors].join(', ')}: ${text}`).join('  \n'));
  return sections.join('\n\n');
}
