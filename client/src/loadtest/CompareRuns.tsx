import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { formatNumber } from '../format.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import { CompareRunsQuery } from './operations.js';
import { ScrollTable } from '../ui/ScrollTable.js';

/** Baseline vs current → the PASS/FAIL gate and its per-metric table. */
export function CompareRuns({ runs }: { runs: { id: string; label: string }[] }) {
  const id = useId();
  const [baseline, setBaseline] = useState('');
  const [current, setCurrent] = useState('');
  const [pair, setPair] = useState<{ baselineId: string; currentId: string } | null>(null);
  const [result] = useQuery({
    query: CompareRunsQuery,
    variables: pair ?? { baselineId: '', currentId: '' },
    pause: pair === null,
  });
  const comparison = result.data?.compareRuns;

  const select = (value: string, set: (v: string) => void, label: string, key: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value} onChange={(event) => set(event.target.value)}>
        <option value="">Choose a run…</option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Compare two runs</h2>
      <form
        className="compare-form"
        onSubmit={(event) => {
          event.preventDefault();
          setPair({ baselineId: baseline, currentId: current });
        }}
      >
        {select(baseline, setBaseline, 'Baseline', 'baseline')}
        {select(current, setCurrent, 'Current', 'current')}
        <button type="submit" disabled={!baseline || !current || baseline === current}>
          Compare
        </button>
      </form>
      {runs.length < 2 ? <p className="muted">Two finished runs are needed to compare.</p> : null}
      {result.error ? <ErrorBox error={result.error} /> : null}
      {result.fetching && !comparison ? <Loading /> : null}
      {comparison ? (
        <div className="comparison">
          <p className={`gate gate-${comparison.result.toLowerCase()}`} data-testid="gate-result">
            {comparison.result}
            <span className="muted">
              {' '}
              {comparison.current.name} vs baseline {comparison.baseline.name}
            </span>
          </p>
          <ScrollTable label="Comparison table">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col" className="num">
                  Current
                </th>
                <th scope="col" className="num">
                  Δ
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col" className="num">
                  Threshold (%)
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {comparison.rows.map((row) => (
                <tr key={row.metric}>
                  <th scope="row">{row.metric}</th>
                  <td className="num">
                    {formatNumber(row.baseline)} {row.unit}
                  </td>
                  <td className="num">
                    {formatNumber(row.current)} {row.unit}
                  </td>
                  <td className="num">{formatNumber(row.delta)}</td>
                  <td className="num">{formatNumber(row.changePercent, 1)} %</td>
                  <td className="num">{formatNumber(row.threshold, 1)}</td>
                  <td>
                    <span className={`cmp cmp-${row.status.toLowerCase()}`}>{row.status}</span>
                    {row.significant || row.status === 'OK' ? null : (
                      <small className="muted" title={`p = ${formatNumber(row.pValue, 3)}`}>
                        {' '}
                        (not significant)
                      </small>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {comparison.notes.length > 0 ? (
            <ul className="notes">
              {comparison.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
