import { useId } from 'react';
import { ScatterChart, type ScatterPoint } from '../charts/ScatterChart.js';
import { marginTone } from '../charts/margin.js';
import { formatMs, formatNumber, formatPercent, formatMoney, shortRepo } from '../format.js';
import type { RecommendQuery } from '../gql/graphql.js';
import { Empty } from '../ui/Status.js';
import { RecommendationTable } from './RecommendationTable.js';
import { TrustWarning } from './TrustWarning.js';
import { ScrollTable } from '../ui/ScrollTable.js';

type Result = RecommendQuery['recommend'];

function minMargin(m: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number }): number {
  return Math.min(m.ttftP95Ms, m.itlP95Ms, m.e2eP95Ms);
}

export function Results({ result, stale }: { result: Result; stale: boolean }) {
  const id = useId();
  const { spec } = result;
  const points: ScatterPoint[] = result.recommendations.map((r) => ({
    key: String(r.rank),
    x: r.monthlyCostUsd,
    y: r.predicted.e2eP95Ms,
    label: String(r.rank),
    tone: marginTone(minMargin(r.sloMargins)),
    title: `#${r.rank} ${shortRepo(r.model.hfRepo)} on ${r.gpuCount} × ${r.gpu.type}: ${formatMoney(r.monthlyCostUsd, r.currency)}/month, E2E p95 ${formatMs(r.predicted.e2eP95Ms)}`,
  }));

  return (
    <div className={stale ? 'is-stale' : undefined}>
      <dl className="spec-summary">
        <div>
          <dt>Use case</dt>
          <dd>{spec.useCase?.name ?? 'custom'}</dd>
        </div>
        <div>
          <dt>Profile</dt>
          <dd>
            {spec.promptTokens} → {spec.outputTokens} tokens{spec.exactProfile ? '' : ' (estimated)'}
          </dd>
        </div>
        <div>
          <dt>Peak load</dt>
          <dd>{formatNumber(spec.requestsPerSecond)} req/s</dd>
        </div>
        <div>
          <dt>Targets (p95)</dt>
          <dd>
            TTFT {formatMs(spec.slo.ttftP95Ms)} · ITL {formatMs(spec.slo.itlP95Ms)} · E2E{' '}
            {formatMs(spec.slo.e2eP95Ms)}
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{spec.priority}</dd>
        </div>
      </dl>
      <p className="muted load-derivation">{spec.loadDerivation}</p>
      <details className="explanation-box">
        <summary>How these were chosen</summary>
        <pre className="explanation">{result.explanation}</pre>
      </details>

      {result.recommendations.length === 0 ? (
        <Empty>
          No configuration meets these targets within the limits. Loosen an SLO, raise the budget or GPU
          limit, or allow more GPU types
          {result.nearMisses.length > 0 ? ' — the near misses below come close' : ''}.
        </Empty>
      ) : (
        <>
          {result.recommendations[0] ? (
            <TrustWarning
              key={`${result.recommendations[0].model.id}-${result.recommendations[0].gpu.id}-${result.recommendations[0].gpuCount}`}
              rec={result.recommendations[0]}
              profile={spec}
              slo={spec.slo}
            />
          ) : null}
          <RecommendationTable
            recommendations={result.recommendations}
            caption="Ranked recommendations"
            deployable
            tokens={spec}
          />
          <ScatterChart
            points={points}
            xLabel="Monthly cost (USD)"
            yLabel="Predicted E2E p95 (ms)"
            title="Cost vs latency of the recommendations (number = rank; colour = tightest SLO margin)"
          />
        </>
      )}

      <section aria-labelledby={`${id}-near`}>
        <h3 id={`${id}-near`}>Near misses</h3>
        {result.nearMisses.length === 0 ? (
          <Empty>No configuration misses a target by less than 20 %.</Empty>
        ) : (
          <ScrollTable label="Near misses table">
            <caption className="visually-hidden">Configurations that just miss a target</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">GPU</th>
                <th scope="col">Misses</th>
                <th scope="col" className="num">
                  Replicas
                </th>
                <th scope="col" className="num">
                  Monthly cost
                </th>
              </tr>
            </thead>
            <tbody>
              {result.nearMisses.map((r) => (
                <tr key={`${r.model.id}-${r.gpu.id}-${r.gpuCount}`}>
                  <td title={r.model.hfRepo}>{shortRepo(r.model.hfRepo)}</td>
                  <td>
                    {r.gpuCount} × {r.gpu.type}
                  </td>
                  <td>
                    {r.nearMiss
                      ? `${r.nearMiss.metric} by ${formatPercent(r.nearMiss.gapPercent / 100)}`
                      : '—'}
                  </td>
                  <td className="num">{r.replicas}</td>
                  <td className="num">{formatMoney(r.monthlyCostUsd, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby={`${id}-rejected`}>
        <h3 id={`${id}-rejected`}>
          Rejected configurations{' '}
          <small className="muted">
            (
            {result.rejected.length < result.rejectedCount
              ? `first ${result.rejected.length} of ${result.rejectedCount}`
              : result.rejectedCount}
            )
          </small>
        </h3>
        {result.rejected.length === 0 ? (
          <Empty>Nothing was rejected.</Empty>
        ) : (
          <ul className="rejected-list">
            {result.rejected.map((r) => (
              <li key={`${r.model.id}-${r.gpu.id}-${r.gpuCount}`}>
                <strong title={r.model.hfRepo}>{shortRepo(r.model.hfRepo)}</strong> on {r.gpuCount} ×{' '}
                {r.gpu.type} <code className="error-code">{r.code}</code>
                <br />
                <span className="muted">{r.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
