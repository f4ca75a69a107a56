import { Fragment, useState } from 'react';
import { MarginBar } from '../charts/MarginBar.js';
import { formatMs, formatNumber, formatMoney, rowLabel, shortRepo } from '../format.js';
import type { RecommendationFieldsFragment } from '../gql/graphql.js';
import { hrefFor } from '../routing.js';
import { ScrollTable } from '../ui/ScrollTable.js';

type Recommendation = RecommendationFieldsFragment;

export function deployHref(
  r: Recommendation,
  tokens: { promptTokens: number; outputTokens: number },
): string {
  return hrefFor('deploy', {
    modelId: r.model.id,
    model: r.model.hfRepo,
    gpuId: r.gpu.id,
    gpu: r.gpu.type,
    gpuCount: r.gpuCount,
    replicas: r.replicas,
    cost: Math.round(r.monthlyCostUsd),
    promptTokens: tokens.promptTokens,
    outputTokens: tokens.outputTokens,
  });
}

function Detail({ r }: { r: Recommendation }) {
  return (
    <div className="rec-detail">
      <h3 className="minor">Why this configuration</h3>
      <pre className="explanation">{r.explanation}</pre>
      <h3 className="minor">
        Benchmark rows used ({r.source.toLowerCase()}: {r.evidence.rowCount} at this profile,{' '}
        {r.evidence.feasibleRowCount} within the targets; confidence {r.confidence})
      </h3>
      {r.benchmarksUsed.length === 0 ? (
        <p className="muted">No rows (an estimate).</p>
      ) : (
        <div className="table-scroll">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col" className="num">
                  Concurrency
                </th>
                <th scope="col" className="num">
                  req/s
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
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {r.benchmarksUsed.map((b) => (
                <tr key={b.id}>
                  <td>
                    <code>{rowLabel(b.id)}</code>
                  </td>
                  <td className="num">{b.concurrency ?? '—'}</td>
                  <td className="num">{formatNumber(b.requestsPerSecond)}</td>
                  <td className="num">{formatMs(b.ttft.p95)}</td>
                  <td className="num">{formatMs(b.itl.p95)}</td>
                  <td className="num">{formatMs(b.e2e.p95)}</td>
                  <td>{b.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Ranked configurations; each row expands to its explanation and the benchmark rows behind it. */
export function RecommendationTable({
  recommendations,
  caption,
  deployable,
  tokens,
}: {
  recommendations: Recommendation[];
  caption: string;
  deployable: boolean;
  tokens: { promptTokens: number; outputTokens: number };
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ScrollTable label={`${caption} table`} className="rec-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            Rank
          </th>
          <th scope="col">Model</th>
          <th scope="col">GPU</th>
          <th scope="col" className="num">
            Replicas
          </th>
          <th scope="col" className="num">
            GPUs
          </th>
          <th scope="col" className="num">
            Monthly cost
          </th>
          <th scope="col">TTFT p95</th>
          <th scope="col">ITL p95</th>
          <th scope="col">E2E p95</th>
          <th scope="col" className="actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {recommendations.map((r) => {
          const key = `${r.model.id}-${r.gpu.id}-${r.gpuCount}`;
          const expanded = open === key;
          const name = `${shortRepo(r.model.hfRepo)} on ${r.gpuCount} × ${r.gpu.type}`;
          return (
            <Fragment key={key}>
              <tr className={expanded ? 'expanded' : undefined} data-testid="recommendation-row">
                <td className="num">{r.rank}</td>
                <td title={r.model.hfRepo} className="model-cell">
                  {shortRepo(r.model.hfRepo)}
                  {r.estimated ? (
                    <span className="badge">estimate</span>
                  ) : r.evidence.restsOnMeasurement ? null : (
                    <span className="badge">{r.confidence.toLowerCase()}</span>
                  )}
                </td>
                <td className="nowrap">
                  {r.gpuCount} × {r.gpu.type}
                </td>
                <td className="num">{r.replicas}</td>
                <td className="num">{r.totalGpus}</td>
                <td className="num">{formatMoney(r.monthlyCostUsd, r.currency)}</td>
                <td>
                  <MarginBar
                    metric="TTFT"
                    predicted={r.predicted.ttftP95Ms}
                    margin={r.sloMargins.ttftP95Ms}
                  />
                </td>
                <td>
                  <MarginBar metric="ITL" predicted={r.predicted.itlP95Ms} margin={r.sloMargins.itlP95Ms} />
                </td>
                <td>
                  <MarginBar metric="E2E" predicted={r.predicted.e2eP95Ms} margin={r.sloMargins.e2eP95Ms} />
                </td>
                <td className="actions">
                  <div className="action-buttons">
                    <button
                      type="button"
                      className="secondary small"
                      aria-expanded={expanded}
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of rank ${r.rank}: ${name}`}
                      onClick={() => setOpen(expanded ? null : key)}
                    >
                      {expanded ? 'Hide' : 'Details'}
                    </button>
                    {deployable ? (
                      <a
                        className="button small"
                        href={deployHref(r, tokens)}
                        aria-label={`Deploy rank ${r.rank}: ${name}`}
                      >
                        Deploy…
                      </a>
                    ) : null}
                  </div>
                </td>
              </tr>
              {expanded ? (
                <tr className="detail-row">
                  <td colSpan={10}>
                    <Detail r={r} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}
