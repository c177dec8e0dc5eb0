/** Aligned text columns (widths ignore ANSI escape codes), two spaces apart, no trailing blanks. */
import { visibleWidth, type Style } from './style';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], style: Style, indent = ''): string[] {
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: readonly string[], header: boolean): string =>
    (
      indent +
      columns
        .map((c, i) => {
          const cell = cells[i] ?? '';
          const gap = ' '.repeat((widths[i] ?? 0) - visibleWidth(cell));
          const text = header ? style.dim(cell) : cell;
          return c.align === 'right' ? gap + text : text + gap;
        })
        .join('  ')
    ).trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    ...rows.map((r) => line(r, false)),
  ];
}
