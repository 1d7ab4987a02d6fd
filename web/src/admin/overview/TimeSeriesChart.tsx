/**
 * One daily series as a hand-written SVG chart: y axis with its ticks and grid lines, a few day labels on
 * the x axis, a line with gaps for days without a value (dots mark every value, so a lone day shows) or
 * bars. The SVG is an image named by its `<title>` and summarised by its `<desc>`; the text alternative
 * with every day's figure is the visually hidden table after it.
 */
import { bars, linePath } from './chart-path.ts';
import { formatDayShort } from './format.ts';
import { linearScale, xLabelIndices } from './scale.ts';
import { describeSeries, type ChartSeries } from './series.ts';

const W = 600;
const H = 220;
const M = { top: 12, right: 14, bottom: 28, left: 64 };

export function TimeSeriesChart({ series }: { series: ChartSeries }) {
  const n = series.points.length;
  const band = (W - M.left - M.right) / Math.max(1, n);
  const x = (i: number) => M.left + band * (i + 0.5);
  const y = linearScale([series.axis.min, series.axis.max], [H - M.bottom, M.top]);
  const values = series.points.map((p) => p.value);
  const titleId = `${series.id}-title`;
  const descId = `${series.id}-desc`;
  const latest = [...series.points].reverse().find((p) => p.value !== null);

  return (
    <figure className="card chart" aria-labelledby={`${series.id}-heading`}>
      <div className="chart-head">
        <h3 id={`${series.id}-heading`}>{series.title}</h3>
        {/* The newest value at a glance; hidden from assistive technology, which has the table. */}
        <span className="chart-latest" aria-hidden="true">
          {latest ? (
            <>
              {latest.text} <span className="muted">{formatDayShort(latest.date)}</span>
            </>
          ) : (
            <span className="muted">no data yet</span>
          )}
        </span>
      </div>
      <p className="muted chart-measures">{series.measures}</p>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} className={`chart-svg ${series.kind}`}>
        <title id={titleId}>{series.title}</title>
        <desc id={descId}>{describeSeries(series)}</desc>
        <g className="chart-grid">
          {series.axis.ticks.map((t) => (
            <g key={t}>
              <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
              <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {series.format(t)}
              </text>
            </g>
          ))}
        </g>
        <g className="chart-x">
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          {xLabelIndices(n).map((i) => (
            <text key={i} x={x(i)} y={H - M.bottom + 18} textAnchor="middle">
              {formatDayShort(series.points[i]!.date)}
            </text>
          ))}
        </g>
        {series.kind === 'bar' ? (
          <g className="chart-bars">
            {bars(values, x, y, band).map((b) => (
              <rect key={b.index} x={b.x} y={b.y} width={b.width} height={b.height} rx={1.5} />
            ))}
          </g>
        ) : (
          <g className="chart-line">
            <path d={linePath(values, x, y)} />
            {series.points.map((p, i) => (p.value === null ? null : <circle key={p.date} cx={x(i)} cy={y(p.value)} r={2.6} />))}
          </g>
        )}
      </svg>
      {/* Hidden by its wrapper: a table's height ignores `height: 1px`, so the class on the table itself
          would still stretch the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{series.title}, per day</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">{series.valueHeader}</th>
              <th scope="col">{series.basisHeader}</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.date}>
                <th scope="row">{p.date}</th>
                <td>{p.text}</td>
                <td>{p.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
