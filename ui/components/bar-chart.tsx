/** A horizontal bar chart in plain SVG: per row a label line, then a bar scaled to the largest value and its value. */

export interface Bar {
  label: string;
  value: number;
  /** The value as text, after the bar. */
  valueText: string;
  /** Facts after the label (tokens, calls). */
  detail?: string;
}

const ROW = 40;
const WIDTH = 400;
const VALUE_WIDTH = 72;

export function BarChart({ title, bars, color }: { title: string; bars: Bar[]; color: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const track = WIDTH - VALUE_WIDTH;
  const height = Math.max(1, bars.length) * ROW;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="muted">Nothing to chart.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
          {bars.map((bar, i) => {
            const y = i * ROW;
            const w = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * track) : 0;
            return (
              <g key={bar.label} class="chart-row">
                <title>{`${bar.label}: ${bar.valueText}${bar.detail ? ` (${bar.detail})` : ''}`}</title>
                <text x={0} y={y + 13} class="chart-label">
                  {bar.label}
                  {bar.detail ? <tspan class="chart-detail">{`  ${bar.detail}`}</tspan> : null}
                </text>
                <rect x={0} y={y + 19} width={track - 8} height={12} class="chart-track" rx={3} />
                <rect x={0} y={y + 19} width={Math.min(w, track - 8)} height={12} fill={color} rx={3} />
                <text x={WIDTH} y={y + 29} class="chart-value" text-anchor="end">
                  {bar.valueText}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
