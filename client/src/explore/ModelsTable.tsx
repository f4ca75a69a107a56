import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { formatNumber } from '../format.js';
import { useDebounced } from '../useDebounced.js';
import { QueryState } from '../ui/Status.js';
import { ModelsQuery } from './operations.js';

const PAGE = 15;

/** The model catalog, a page at a time, filtered by a search box (repo id or name). */
export function ModelsTable() {
  const id = useId();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim(), 250);
  // Cursors of the pages before the current one; the last entry is the current page's `after`.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const [result] = useQuery({
    query: ModelsQuery,
    variables: { first: PAGE, after, search: settled || null },
  });
  const connection = result.data?.models;
  const edges = connection?.edges ?? [];
  const page = cursors.length;
  const pages = connection ? Math.max(1, Math.ceil(connection.totalCount / PAGE)) : 1;

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        Models {connection ? <small className="muted">({connection.totalCount})</small> : null}
      </h2>
      <div className="field search">
        <label htmlFor={`${id}-search`}>Search models</label>
        <input
          id={`${id}-search`}
          type="search"
          placeholder="e.g. llama, qwen, fp8"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setCursors([null]);
          }}
        />
      </div>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        empty={edges.length === 0}
        emptyText={settled ? `No model matches “${settled}”.` : 'The catalog is empty.'}
      >
        <div
          className={`table-scroll${result.fetching ? ' is-stale' : ''}`}
          role="region"
          tabIndex={0}
          aria-label="Models table"
          aria-busy={result.fetching}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Family</th>
                <th scope="col" className="num">
                  Params (B)
                </th>
                <th scope="col" className="num">
                  Context
                </th>
                <th scope="col" className="num">
                  Quality
                </th>
                <th scope="col">Quantization</th>
                <th scope="col">Approved</th>
                <th scope="col">Tasks</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node: m }) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.name}
                    <br />
                    <code className="muted">{m.hfRepo}</code>
                  </th>
                  <td>{m.family}</td>
                  <td className="num">
                    {formatNumber(m.parameterCountB, 1)}
                    {m.activeParameterCountB ? (
                      <small className="muted"> ({formatNumber(m.activeParameterCountB, 1)} active)</small>
                    ) : null}
                  </td>
                  <td className="num">{m.contextWindow.toLocaleString('en-US')}</td>
                  <td className="num">{formatNumber(m.qualityScore, 1)}</td>
                  <td>{m.quantization}</td>
                  <td>{m.approved ? 'yes' : 'no'}</td>
                  <td className="wrap">{m.tasks.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <nav className="pager" aria-label="Models pages">
        <button
          type="button"
          className="secondary small"
          disabled={page <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <span aria-live="polite">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          className="secondary small"
          disabled={!connection?.pageInfo.hasNextPage}
          onClick={() => connection && setCursors([...cursors, connection.pageInfo.endCursor ?? null])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
