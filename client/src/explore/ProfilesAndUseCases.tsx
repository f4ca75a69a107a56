import { useQuery } from 'urql';
import { formatMs } from '../format.js';
import { QueryState } from '../ui/Status.js';
import { ProfilesAndUseCasesQuery } from './operations.js';
import { ScrollTable } from '../ui/ScrollTable.js';

export function ProfilesTable() {
  const [result] = useQuery({ query: ProfilesAndUseCasesQuery });
  const profiles = result.data?.trafficProfiles ?? [];
  return (
    <section className="card" aria-labelledby="profiles-h">
      <h2 id="profiles-h">Traffic profiles</h2>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        empty={profiles.length === 0}
        emptyText="No profiles."
      >
        <ScrollTable label="Traffic profiles table">
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col" className="num">
                Prompt tokens
              </th>
              <th scope="col" className="num">
                Output tokens
              </th>
              <th scope="col">Use cases</th>
              <th scope="col">About</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td className="num">{p.promptTokens.toLocaleString('en-US')}</td>
                <td className="num">{p.outputTokens.toLocaleString('en-US')}</td>
                <td>{p.useCases.map((u) => u.name).join(', ') || '—'}</td>
                <td className="wrap">{p.description}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </QueryState>
    </section>
  );
}

export function UseCasesTable() {
  const [result] = useQuery({ query: ProfilesAndUseCasesQuery });
  const useCases = result.data?.useCases ?? [];
  return (
    <section className="card" aria-labelledby="usecases-h">
      <h2 id="usecases-h">Use cases and their SLOs (p95)</h2>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        empty={useCases.length === 0}
        emptyText="No use cases."
      >
        <ScrollTable label="Use cases table">
          <thead>
            <tr>
              <th scope="col">Use case</th>
              <th scope="col">Experience</th>
              <th scope="col">Profile</th>
              <th scope="col" className="num">
                TTFT
              </th>
              <th scope="col" className="num">
                ITL
              </th>
              <th scope="col" className="num">
                E2E
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {useCases.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.name}
                  <br />
                  <code className="muted">{u.key}</code>
                </th>
                <td>{u.experienceClass.toLowerCase()}</td>
                <td className="nowrap">
                  {u.trafficProfile.promptTokens}→{u.trafficProfile.outputTokens}
                </td>
                <td className="num">{formatMs(u.slo.ttftP95Ms)}</td>
                <td className="num">{formatMs(u.slo.itlP95Ms)}</td>
                <td className="num">{formatMs(u.slo.e2eP95Ms)}</td>
                <td className="wrap">{u.rationale}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </QueryState>
    </section>
  );
}
