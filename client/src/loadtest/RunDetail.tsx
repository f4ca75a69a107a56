import { useEffect, useId, useRef } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { LineChart } from '../charts/LineChart.js';
import { Sparkline } from '../charts/Sparkline.js';
import { formatMs, formatNumber, formatPercent } from '../format.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import {
  BenchmarkRunProgressSubscription,
  BenchmarkRunQuery,
  CancelBenchmarkRunMutation,
  IngestBenchmarkRunMutation,
  SaturationReportQuery,
} from './operations.js';
import { foldProgress, progressFraction, type ProgressView } from './progress.js';
import { ScrollTable } from '../ui/ScrollTable.js';
import { curveLevels, formatLoad } from './sweep-view.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
// Filing a run changes benchmark rows: every cached query over them (recommend, curves) is stale.
const INGEST_CONTEXT = { additionalTypenames: ['Benchmark', 'BenchmarkConnection'] };

/** One run: live progress while it runs, then its saturation report. */
export function RunDetail({ runId, onStatusChange }: { runId: string; onStatusChange: () => void }) {
  const id = useId();
  const [live] = useSubscription(
    { query: BenchmarkRunProgressSubscription, variables: { runId } },
    (prev: ProgressView = { latest: null, rps: [] }, event) => foldProgress(prev, event.benchmarkRunProgress),
  );
  const [cancel, cancelRun] = useMutation(CancelBenchmarkRunMutation);
  const [ingest, ingestRun] = useMutation(IngestBenchmarkRunMutation);
  const [runQuery] = useQuery({ query: BenchmarkRunQuery, variables: { id: runId } });
  const run = runQuery.data?.benchmarkRun ?? null;
  const p = live.data?.latest ?? null;
  const finished = p !== null && TERMINAL.has(p.status);
  // The runs list shows statuses too: refresh it whenever this run's status changes (queued → running → done).
  const onStatusChangeRef = useRef(onStatusChange);
  useEffect(() => {
    onStatusChangeRef.current = onStatusChange;
  }, [onStatusChange]);
  const status = p?.status ?? null;
  useEffect(() => {
    if (status !== null) onStatusChangeRef.current();
  }, [status]);

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <div className="row spread">
        <h2 id={`${id}-h`}>
          {run ? run.name : 'Run'}{' '}
          {p ? (
            <span className={`phase status-${p.status.toLowerCase()}`} data-testid="run-status">
              {p.status}
            </span>
          ) : null}
        </h2>
        {p && !finished ? (
          <button
            type="button"
            className="danger small"
            disabled={cancel.fetching}
            onClick={() => void cancelRun({ id: runId })}
          >
            Cancel run
          </button>
        ) : null}
      </div>
      {run ? (
        <p className="muted run-target">
          {run.profileKind} · {run.promptTokens}→{run.outputTokens} tokens · {run.targetModel} at{' '}
          <code>{run.targetUrl}</code>
          {run.tags.length > 0 ? ` · ${run.tags.join(', ')}` : ''}
        </p>
      ) : null}
      {runQuery.error ? <ErrorBox error={runQuery.error} /> : null}
      {cancel.error ? <ErrorBox error={cancel.error} title="Could not cancel" /> : null}
      {live.error ? <ErrorBox error={live.error} title="Live progress unavailable" /> : null}
      {!p && !live.error ? <Loading label="Waiting for progress…" /> : null}
      {p ? (
        <div className="progress-panel">
          <label className="progress-label" htmlFor={`${id}-bar`}>
            {p.phase.toLowerCase()}
            {p.level !== null && p.levels > 0 ? ` · level ${p.level + 1} of ${p.levels}` : ''} ·{' '}
            {formatNumber(p.elapsedSeconds, 0)} s
          </label>
          <progress id={`${id}-bar`} max={1} value={progressFraction(p)} />
          <dl className="stats">
            <div>
              <dt>Completed</dt>
              <dd>{p.completedRequests.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Errored</dt>
              <dd className={p.erroredRequests > 0 ? 'bad' : undefined}>
                {p.erroredRequests.toLocaleString('en-US')}
              </dd>
            </div>
            <div>
              <dt>TTFT p95</dt>
              <dd>{formatMs(p.ttftP95Ms)}</dd>
            </div>
            <div>
              <dt>ITL p95</dt>
              <dd>{formatMs(p.itlP95Ms)}</dd>
            </div>
            <div>
              <dt>E2E p95</dt>
              <dd>{formatMs(p.e2eP95Ms)}</dd>
            </div>
            <div>
              <dt>req/s</dt>
              <dd className="spark-cell">
                {formatNumber(p.currentRps, 1)}
                {live.data && live.data.rps.length > 1 ? (
                  <Sparkline values={live.data.rps} label="Requests per second, recent samples" />
                ) : null}
              </dd>
            </div>
          </dl>
          {p.message ? <p className="muted">{p.message}</p> : null}
        </div>
      ) : null}
      {p?.status === 'SUCCEEDED' && run?.model && run.gpu ? (
        <div className="row ingest-run">
          <button
            type="button"
            className="secondary"
            disabled={ingest.fetching}
            onClick={() => void ingestRun({ runId }, INGEST_CONTEXT)}
          >
            Add to the knowledge base
          </button>
          <span className="muted" role="status">
            {ingest.data &&
            ingest.data.ingestBenchmarkRun.inserted + ingest.data.ingestBenchmarkRun.updated === 0
              ? 'Nothing filed: no level had enough successful requests to become a MEASURED row (docs/benchmark-runner.md); run longer levels.'
              : ingest.data
                ? `Filed as MEASURED rows of ${run.model.hfRepo} on ${run.gpuCount ?? 1} × ${run.gpu.type} at ${run.promptTokens}→${run.outputTokens}: ${ingest.data.ingestBenchmarkRun.inserted} inserted, ${ingest.data.ingestBenchmarkRun.updated} updated.`
                : 'Files its levels as MEASURED rows, which outrank imported and synthetic ones in recommendations.'}
          </span>
        </div>
      ) : null}
      {ingest.error ? <ErrorBox error={ingest.error} title="The run was not filed" /> : null}
      {p?.status === 'SUCCEEDED' ? <Saturation runId={runId} /> : null}
    </section>
  );
}

function Saturation({ runId }: { runId: string }) {
  const id = useId();
  const [report] = useQuery({ query: SaturationReportQuery, variables: { runId } });
  if (report.error) return <ErrorBox error={report.error} title="No saturation report" />;
  if (!report.data) return <Loading label="Building the saturation report…" />;
  const r = report.data.saturationReport;
  const byLoad = curveLevels(r.levels);
  const load = (value: number) => formatLoad(value, r.axis, r.loadUnit);
  const point = (label: string, p: { offeredLoad: number; achievedRps: number } | null) => (
    <div>
      <dt>{label}</dt>
      <dd>{p ? `${load(p.offeredLoad)} (${formatNumber(p.achievedRps, 1)} ${r.rateUnit} achieved)` : '—'}</dd>
    </div>
  );
  return (
    <div className="saturation">
      <h3 id={`${id}-h`}>Saturation report</h3>
      <dl className="stats">
        {point('Knee', r.knee)}
        {point('Saturation point', r.saturationPoint)}
        {point('Max goodput under the SLO', r.maxGoodput)}
        <div>
          <dt>Recommended range</dt>
          <dd>
            {r.recommendedRange
              ? `${load(r.recommendedRange.minLoad)} to ${load(r.recommendedRange.maxLoad)}`
              : '—'}
          </dd>
        </div>
      </dl>
      {r.notes.length > 0 ? (
        <ul className="notes">
          {r.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      <LineChart
        title="p95 latency vs achieved load"
        xLabel={`Achieved ${r.rateUnit}`}
        yLabel="p95 (ms)"
        series={[
          { name: 'TTFT p95', points: byLoad.map((l) => ({ x: l.achievedRps, y: l.ttftP95 })) },
          { name: 'ITL p95', points: byLoad.map((l) => ({ x: l.achievedRps, y: l.itlP95 })) },
          { name: 'E2E p95', points: byLoad.map((l) => ({ x: l.achievedRps, y: l.e2eP95 })) },
        ]}
      />
      <ScrollTable label="Sweep levels table">
        <thead>
          <tr>
            <th scope="col" className="num">
              Level
            </th>
            <th scope="col">Load</th>
            <th scope="col">Loop</th>
            <th scope="col" className="num">
              Achieved {r.rateUnit}
            </th>
            <th scope="col" className="num">
              Output tok/s
            </th>
            <th scope="col" className="num">
              TTFT p95
            </th>
            <th scope="col" className="num">
              ITL p95
            </th>
            <th scope="col" className="num">
              E2E p95
            </th>
            <th scope="col" className="num">
              Success
            </th>
          </tr>
        </thead>
        <tbody>
          {r.levels.map((l) => (
            <tr key={l.level}>
              <td className="num">{l.level}</td>
              <td>{l.label}</td>
              <td>{l.loop === 'OPEN' ? 'open' : l.analyzed ? 'closed' : 'closed (not analysed)'}</td>
              <td className="num">{formatNumber(l.achievedRps, 1)}</td>
              <td className="num">{formatNumber(l.outputTokensPerSecond, 0)}</td>
              <td className="num">{formatMs(l.ttftP95)}</td>
              <td className="num">{formatMs(l.itlP95)}</td>
              <td className="num">{formatMs(l.e2eP95)}</td>
              <td className="num">{formatPercent(l.successRate)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {r.plots.length > 0 ? (
        <div className="plots">
          {r.plots.map((plot) => (
            <figure key={plot.name}>
              {/* As an image, so nothing in the SVG can run in the page. */}
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(plot.svg)}`}
                alt={`Plot: ${plot.name}`}
              />
              <figcaption>{plot.name}</figcaption>
            </figure>
          ))}
        </div>
      ) : null}
    </div>
  );
}
