/**
 * The scenario table as it appears in docs/vercel-ai.md (between `<!-- scenario-table -->`
 * markers): made from `SCENARIO_TABLE`, so the page says what the suite runs and what each
 * scenario's model calls end with; `docs.test.ts` checks it.
 */
import { CALL_PATHS, END_CASES, MAJORS, SCENARIO_TABLE, type Major, type Outcome, type ScenarioRow } from './scenario-table';

const OUTCOME_TEXT: Record<Outcome['kind'], (o: Outcome) => string> = {
  completed: () => 'ok',
  error: (o) => `\`${(o as { type: string }).type}\``,
  aborted: () => 'abort',
  left: () => 'left',
};

export function scenarioTableMarkdown(): string {
  /** Each distinct note, with the majors it applies to. */
  const notes = new Map<string, Set<Major>>();
  const cell = (row: ScenarioRow | undefined): string => {
    if (!row) return 'n/a';
    // What the model calls end with, major by major (the same on every major unless a note says otherwise).
    const texts = MAJORS.map((m) => OUTCOME_TEXT[row.outcome(m).kind](row.outcome(m)));
    const outcome = new Set(texts).size === 1 ? texts[0]! : MAJORS.map((m, i) => `${m}: ${texts[i]}`).join(', ');
    const refs = MAJORS.flatMap((m) => {
      const text = row.notes?.[m];
      if (!text) return [];
      if (!notes.has(text)) notes.set(text, new Set());
      notes.get(text)!.add(m);
      return [`[${[...notes.keys()].indexOf(text) + 1}]`];
    });
    return [outcome, ...new Set(refs)].join(' ');
  };
  const byName = new Map(SCENARIO_TABLE.map((row) => [row.name, row]));
  const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

  const sections: string[] = [];
  const families = [
    ['promise', 'Calls that return a promise'],
    ['stream', 'Calls that return a stream result'],
  ] as const;
  for (const [family, title] of families) {
    const paths = Object.entries(CALL_PATHS)
      .filter(([, p]) => p.family === family)
      .map(([name]) => name);
    const cases = Object.keys(END_CASES[family]);
    sections.push(
      [
        `**${title}** (rows: call paths; columns: end cases; cells: how the model calls end, on ai 5, 6 and 7)`,
        '',
        `| call path | ${cases.join(' | ')} |`,
        `|---|${cases.map(() => '---').join('|')}|`,
        ...paths.map((p) => `| \`${p}\` | ${cases.map((c) => cell(byName.get(`${p} | ${c}`))).join(' | ')} |`),
      ].join('\n'),
    );
  }
  const matrix = new Set(Object.entries(CALL_PATHS).flatMap(([p, spec]) => Object.keys(END_CASES[spec.family]).map((c) => `${p} | ${c}`)));
  const extra = SCENARIO_TABLE.filter((r) => !matrix.has(r.name));
  sections.push(
    [
      "**Beyond the matrix** (content, usage, the SDK's own telemetry, loading)",
      '',
      '| scenario | call path | what it checks besides | model calls |',
      '|---|---|---|---|',
      ...extra.map((r) => `| ${escapeCell(r.name)} | \`${r.path}\` | ${escapeCell(r.checks ?? '')} | ${cell(r)} |`),
    ].join('\n'),
  );
  if (notes.size > 0) sections.push([...notes].map(([text, majors], i) => `[${i + 1}] ai ${[...majors].join(', ')}: ${text}`).join('  \n'));
  return sections.join('\n\n');
}
