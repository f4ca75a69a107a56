import { useQuery } from 'urql';
import { formatDateTime, shortRepo } from '../format.js';
import { hrefFor } from '../routing.js';
import { QueryState } from '../ui/Status.js';
import { targetFromParams } from './deploy-target.js';
import { DeployForm } from './DeployForm.js';
import { LiveDeployment } from './LiveDeployment.js';
import { DeploymentsQuery } from './operations.js';
import { ScrollTable } from '../ui/ScrollTable.js';

/**
 * `#/deploy?model=…&gpu=…&gpuCount=…` configures a new deployment (from a recommendation);
 * `#/deploy?deployment=<id>` watches one. Both list the existing deployments below.
 */
export function DeployScreen({ params }: { params: URLSearchParams }) {
  const deploymentId = params.get('deployment');
  const target = targetFromParams(params);
  return (
    <div className="screen">
      <h1>Deploy</h1>
      {deploymentId ? (
        <LiveDeployment deploymentId={deploymentId} />
      ) : target ? (
        <DeployForm target={target} />
      ) : (
        <section className="card">
          <h2>Nothing selected</h2>
          <p>
            Pick a configuration on the <a href={hrefFor('plan')}>Plan</a> screen and press <em>Deploy…</em>,
            or watch an existing deployment below.
          </p>
        </section>
      )}
      <DeploymentList current={deploymentId} />
    </div>
  );
}

/** Lets create/delete refresh the list even when it was empty (no Deployment typename seen yet). */
const DEPLOYMENT_CONTEXT = { additionalTypenames: ['Deployment'] };

function DeploymentList({ current }: { current: string | null }) {
  const [result] = useQuery({
    query: DeploymentsQuery,
    variables: { first: 50 },
    context: DEPLOYMENT_CONTEXT,
  });
  const edges = result.data?.deployments.edges ?? [];
  return (
    <section className="card" aria-labelledby="deployments-h">
      <h2 id="deployments-h">Deployments</h2>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        empty={edges.length === 0}
        emptyText="No deployments yet."
      >
        <ScrollTable label="Deployments table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">GPU</th>
              <th scope="col" className="num">
                Replicas
              </th>
              <th scope="col">Mode</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {edges.map(({ node: d }) => (
              <tr key={d.id} aria-current={d.id === current ? 'true' : undefined}>
                <td>
                  <a href={hrefFor('deploy', { deployment: d.id })}>
                    {d.namespace}/{d.name}
                  </a>
                </td>
                <td title={d.model?.hfRepo}>{d.model ? shortRepo(d.model.hfRepo) : '—'}</td>
                <td className="nowrap">
                  {d.gpuCount} × {d.gpu?.type ?? '?'}
                </td>
                <td className="num">
                  {d.minReplicas === d.maxReplicas ? d.minReplicas : `${d.minReplicas}–${d.maxReplicas}`}
                </td>
                <td>{d.mode}</td>
                <td title={d.message ?? undefined}>
                  <span className={`phase state-${d.state.toLowerCase()}`}>{d.state}</span>
                </td>
                <td className="nowrap">{formatDateTime(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </QueryState>
    </section>
  );
}
