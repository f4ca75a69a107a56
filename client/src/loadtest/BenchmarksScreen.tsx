import { useCallback } from 'react';
import { useQuery } from 'urql';
import { formatDateTime, shortRepo } from '../format.js';
import { hrefFor } from '../routing.js';
import { QueryState } from '../ui/Status.js';
import { CompareRuns } from './CompareRuns.js';
import { BenchmarkRunsQuery } from './operations.js';
import { RunDetail } from './RunDetail.js';
import { StartRun } from './StartRun.js';
import { ScrollTable } from '../ui/ScrollTable.js';

const RUN_CONTEXT = { additionalTypenames: ['BenchmarkRun'] };

/** Runs list, start a run, live progress and saturation report of `#/benchmarks?run=<id>`, compare two runs. */
export function BenchmarksScreen({ params }: { params: URLSearchParams }) {
  const selected = params.get('run');
  const [runs, refetch] = useQuery({
    query: BenchmarkRunsQuery,
    variables: { first: 50 },
    context: RUN_CONTEXT,
  });
  const edges = runs.data?.benchmarkRuns.edges ?? [];
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const options = edges.map(({ node }) => ({
    id: node.id,
    label: `${node.name} (${node.status.toLowerCase()})`,
  }));

  return (
    <div className="screen">
      <h1>Benchmarks</h1>
      <div className="two-col">
        <section className="card" aria-labelledby="runs-h">
          <div className="row spread">
            <h2 id="runs-h">
              Runs{' '}
              {runs.data ? <small className="muted">({runs.data.benchmarkRuns.totalCount})</small> : null}
            </h2>
            <button
              type="button"
              className="secondary small"
              onClick={refresh}
              aria-label="Refresh the runs list"
            >
              Refresh
            </button>
          </div>
          <QueryState
            fetching={runs.fetching}
            error={runs.error}
            empty={edges.length === 0}
            emptyText="No runs yet: start one with a recipe."
          >
            <ScrollTable label="Benchmark runs table">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Measures</th>
                  <th scope="col">Profile</th>
                  <th scope="col" className="num">
                    Levels
                  </th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {edges.map(({ node: run }) => (
                  <tr key={run.id} aria-current={run.id === selected ? 'true' : undefined}>
                    <td>
                      <a href={hrefFor('benchmarks', { run: run.id })}>{run.name}</a>
                    </td>
                    <td>
                      <span className={`phase status-${run.status.toLowerCase()}`}>{run.status}</span>
                    </td>
                    <td title={run.model?.hfRepo ?? run.targetModel}>
                      {shortRepo(run.model?.hfRepo ?? run.targetModel)}
                      {run.gpu ? ` · ${run.gpuCount ?? 1} × ${run.gpu.type}` : ''}
                    </td>
                    <td className="nowrap">
                      {run.profileKind} {run.promptTokens}→{run.outputTokens}
                    </td>
                    <td className="num">{run.completedLevels}</td>
                    <td className="nowrap">{formatDateTime(run.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </QueryState>
        </section>
        <StartRun />
      </div>
      {selected ? <RunDetail key={selected} runId={selected} onStatusChange={refresh} /> : null}
      <CompareRuns runs={options} />
    </div>
  );
}
