import { useId, useState } from 'react';
import { useMutation, useSubscription } from 'urql';
import { LineChart } from '../charts/LineChart.js';
import { formatMs, formatNumber, formatPercent } from '../format.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import { ConfigureObservationMutation, DeploymentMetricsSubscription } from './metrics-operations.js';
import {
  kvSeries,
  latencySeries,
  loadSeries,
  queueSeries,
  sloTarget,
  type MetricsView,
} from './metrics-series.js';

const WINDOWS = [
  { seconds: 300, label: '5 min' },
  { seconds: 3600, label: '1 h' },
  { seconds: 86_400, label: '24 h' },
];

/** Scraped vLLM metrics beside the plan: p95s against SLO lines, load, queue, KV cache, drift. */
export function LiveMetrics({ deploymentId }: { deploymentId: string }) {
  const id = useId();
  const [window, setWindow] = useState(300);
  const [result] = useSubscription({
    query: DeploymentMetricsSubscription,
    variables: { deploymentId, window },
  });
  const view = result.data?.deploymentMetrics ?? null;
  return (
    <section className="card" aria-labelledby={`${id}-h`} data-testid="live-metrics">
      <div className="row spread">
        <h2 id={`${id}-h`}>
          Serving metrics{' '}
          {view ? (
            <span className={`phase drift-${view.drift.state.toLowerCase()}`} data-testid="drift-state">
              {view.drift.state.replace('_', ' ')}
            </span>
          ) : null}
        </h2>
        <label className="inline">
          Window{' '}
          <select value={window} onChange={(e) => setWindow(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.seconds} value={w.seconds}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.error ? <ErrorBox error={result.error} title="Live metrics unavailable" /> : null}
      {!view && !result.error ? <Loading label="Waiting for the first scrape…" /> : null}
      {view ? <MetricsBody view={view} deploymentId={deploymentId} /> : null}
    </section>
  );
}

function MetricsBody({ view, deploymentId }: { view: MetricsView; deploymentId: string }) {
  const latest = view.points[view.points.length - 1] ?? null;
  const line = (metric: 'TTFT' | 'ITL' | 'E2E') => {
    const target = sloTarget(view, metric);
    return target === null ? undefined : { value: target, label: `SLO ${formatMs(target)}` };
  };
  const x = 'seconds ago';
  return (
    <>
      <p data-testid="drift-reason">{view.drift.reason}</p>
      {view.scrapeErrors.length > 0 ? (
        <p className="bad" role="alert">
          Scrape: {view.scrapeErrors.join('; ')}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Load</dt>
          <dd data-testid="metrics-rps">{formatNumber(latest?.requestsPerSecond)} req/s</dd>
        </div>
        <div>
          <dt>Running / waiting</dt>
          <dd data-testid="metrics-running">
            {formatNumber(latest?.running, 0)} / {formatNumber(latest?.waiting, 0)}
          </dd>
        </div>
        <div>
          <dt>TTFT p95</dt>
          <dd>
            {formatMs(latest?.ttft?.p95Ms)}{' '}
            <span className="muted">plan {formatMs(latest?.predicted?.ttftP95Ms)}</span>
          </dd>
        </div>
        <div>
          <dt>ITL p95</dt>
          <dd>
            {formatMs(latest?.itl?.p95Ms)}{' '}
            <span className="muted">plan {formatMs(latest?.predicted?.itlP95Ms)}</span>
          </dd>
        </div>
      </dl>
      {view.compliance.length > 0 ? (
        <table className="compact">
          <caption>
            SLO compliance over the window (share of time within target; burn rate against the objective)
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Target p95
              </th>
              <th scope="col" className="num">
                Within
              </th>
              <th scope="col" className="num">
                Burn rate
              </th>
            </tr>
          </thead>
          <tbody>
            {view.compliance.map((c) => (
              <tr key={c.metric}>
                <td>{c.metric}</td>
                <td className="num">{formatMs(c.targetMs)}</td>
                <td className="num">{c.withinShare === null ? '—' : formatPercent(c.withinShare)}</td>
                <td className="num">{formatNumber(c.burnRate, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <SloForm deploymentId={deploymentId} />
      )}
      <div className="chart-pair">
        <LineChart
          title="TTFT p95: observed vs plan"
          xLabel={x}
          yLabel="ms"
          series={latencySeries(view.points, 'ttft')}
          threshold={line('TTFT')}
          height={220}
        />
        <LineChart
          title="ITL p95: observed vs plan"
          xLabel={x}
          yLabel="ms"
          series={latencySeries(view.points, 'itl')}
          threshold={line('ITL')}
          height={220}
        />
        <LineChart
          title="E2E p95: observed vs plan"
          xLabel={x}
          yLabel="ms"
          series={latencySeries(view.points, 'e2e')}
          threshold={line('E2E')}
          height={220}
        />
        <LineChart
          title="Requests per second"
          xLabel={x}
          yLabel="req/s"
          series={loadSeries(view.points)}
          height={220}
        />
        <LineChart
          title="Running and waiting requests"
          xLabel={x}
          yLabel="requests"
          series={queueSeries(view.points)}
          height={220}
        />
        <LineChart title="KV cache usage" xLabel={x} yLabel="%" series={kvSeries(view.points)} height={220} />
      </div>
      <p className="muted">
        Predictions: {view.predictionBasis}. Points every {formatNumber(view.stepSeconds, 0)} s over a{' '}
        {formatNumber(view.rateWindowSeconds, 0)} s rate window (PromQL&apos;s rate and histogram_quantile).
        Feedback to the knowledge base: {view.feedback ? 'on' : 'off'}.
      </p>
    </>
  );
}

function SloForm({ deploymentId }: { deploymentId: string }) {
  const id = useId();
  const [ttft, setTtft] = useState('');
  const [itl, setItl] = useState('');
  const [feedback, setFeedback] = useState(false);
  const [state, save] = useMutation(ConfigureObservationMutation);
  const ms = (text: string) => (text.trim() === '' ? null : Number(text));
  return (
    <form
      className="row"
      aria-label="SLO targets"
      onSubmit={(event) => {
        event.preventDefault();
        void save({ deploymentId, input: { ttftP95Ms: ms(ttft), itlP95Ms: ms(itl), feedback } });
      }}
    >
      <div className="field inline">
        <label htmlFor={`${id}-ttft`}>TTFT p95 target (ms)</label>
        <input id={`${id}-ttft`} inputMode="decimal" value={ttft} onChange={(e) => setTtft(e.target.value)} />
      </div>
      <div className="field inline">
        <label htmlFor={`${id}-itl`}>ITL p95 target (ms)</label>
        <input id={`${id}-itl`} inputMode="decimal" value={itl} onChange={(e) => setItl(e.target.value)} />
      </div>
      <label className="inline">
        <input type="checkbox" checked={feedback} onChange={(e) => setFeedback(e.target.checked)} /> Feed
        observations back
      </label>
      <button type="submit" disabled={state.fetching}>
        Set targets
      </button>
      {state.error ? <ErrorBox error={state.error} title="Could not save" /> : null}
    </form>
  );
}
