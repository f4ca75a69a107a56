import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { LineChart } from '../charts/LineChart.js';
import { formatMs, formatNumber, shortRepo } from '../format.js';
import { ErrorBox, Loading, QueryState } from '../ui/Status.js';
import { curveSeries, METRICS, type CurveMetric } from './curve.js';
import { BenchmarkCurveQuery, CurveChoicesQuery } from './operations.js';
import { ScrollTable } from '../ui/ScrollTable.js';

const GPU_COUNTS = [1, 2, 4, 8];
const PREFERRED_MODEL = 'meta-llama/llama-3.1-8b-instruct';
const PREFERRED_GPU = 'H100';

interface Choice {
  modelId: string;
  gpuType: string;
  gpuCount: number;
  trafficProfileId: string;
}

/** Pick model + GPU + count + profile → p95 latency vs req/s from the matching benchmark rows. */
export function BenchmarkCurves() {
  const id = useId();
  const [choices] = useQuery({ query: CurveChoicesQuery });
  const [picked, setPicked] = useState<Partial<Choice>>({});
  const [metric, setMetric] = useState<CurveMetric>('e2e');

  const data = choices.data;
  const models = data?.models.edges.map((e) => e.node) ?? [];
  const choice: Choice | null = data
    ? {
        modelId:
          picked.modelId ?? models.find((m) => m.hfRepo === PREFERRED_MODEL)?.id ?? models[0]?.id ?? '',
        gpuType:
          picked.gpuType ?? data.gpus.find((g) => g.type === PREFERRED_GPU)?.type ?? data.gpus[0]?.type ?? '',
        gpuCount: picked.gpuCount ?? 1,
        trafficProfileId: picked.trafficProfileId ?? data.trafficProfiles[0]?.id ?? '',
      }
    : null;
  const [curve] = useQuery({
    query: BenchmarkCurveQuery,
    variables: { filter: choice ?? {} },
    pause: choice === null,
  });
  const rows = curve.data?.benchmarks.edges.map((e) => e.node) ?? [];
  const metricLabel = METRICS.find((m) => m.key === metric)?.label ?? metric;
  const modelName = models.find((m) => m.id === choice?.modelId)?.hfRepo ?? '';

  if (choices.error) return <ErrorBox error={choices.error} />;
  if (!data || !choice) return <Loading />;

  const select = (label: string, key: keyof Choice, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        value={String(choice[key])}
        onChange={(event) =>
          setPicked({
            ...picked,
            [key]: key === 'gpuCount' ? Number(event.target.value) : event.target.value,
          })
        }
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Benchmark curves</h2>
      <form className="curve-form" onSubmit={(event) => event.preventDefault()}>
        {select(
          'Model',
          'modelId',
          models.map((m) => ({ value: m.id, label: m.hfRepo })),
        )}
        {select(
          'GPU',
          'gpuType',
          data.gpus.map((g) => ({ value: g.type, label: g.type })),
        )}
        {select(
          'GPU count',
          'gpuCount',
          GPU_COUNTS.map((n) => ({ value: String(n), label: String(n) })),
        )}
        {select(
          'Traffic profile',
          'trafficProfileId',
          data.trafficProfiles.map((p) => ({
            value: p.id,
            label: `${p.name} (${p.promptTokens}→${p.outputTokens})`,
          })),
        )}
        <fieldset className="metric-pick">
          <legend>Latency</legend>
          {METRICS.map((m) => (
            <label key={m.key} className="radio">
              <input
                type="radio"
                name={`${id}-metric`}
                checked={metric === m.key}
                onChange={() => setMetric(m.key)}
              />
              <span>{m.label}</span>
            </label>
          ))}
        </fieldset>
      </form>
      <QueryState
        fetching={curve.fetching}
        error={curve.error}
        empty={rows.length === 0}
        emptyText="No benchmark rows for this model, GPU, count and profile (the model may not fit, or it was never measured)."
      >
        <LineChart
          title={`${metricLabel} p95 vs requests/s: ${shortRepo(modelName)} on ${choice.gpuCount} × ${choice.gpuType}`}
          xLabel="Requests per second"
          yLabel={`${metricLabel} p95 (ms)`}
          series={curveSeries(rows, metric)}
        />
        <ScrollTable label="Benchmark rows table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Concurrency
              </th>
              <th scope="col" className="num">
                req/s
              </th>
              <th scope="col" className="num">
                Output tok/s
              </th>
              <th scope="col" className="num">
                TTFT p50 / p95
              </th>
              <th scope="col" className="num">
                ITL p50 / p95
              </th>
              <th scope="col" className="num">
                E2E p50 / p95
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id}>
                <td className="num">{b.concurrency ?? '—'}</td>
                <td className="num">{formatNumber(b.requestsPerSecond)}</td>
                <td className="num">{formatNumber(b.outputTokensPerSecond, 0)}</td>
                <td className="num">
                  {formatMs(b.ttft.p50)} / {formatMs(b.ttft.p95)}
                </td>
                <td className="num">
                  {formatMs(b.itl.p50)} / {formatMs(b.itl.p95)}
                </td>
                <td className="num">
                  {formatMs(b.e2e.p50)} / {formatMs(b.e2e.p95)}
                </td>
                <td>{b.source}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </QueryState>
    </section>
  );
}
