import { useId, useState } from 'react';

/** An optional API token for servers with auth on (sent as a Bearer header and in graphql-ws params). */
export function TokenSettings({ token, onChange }: { token: string; onChange: (token: string) => void }) {
  const [draft, setDraft] = useState(token);
  const id = useId();
  return (
    <details className="token-settings">
      <summary>{token ? 'Token set' : 'API token'}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onChange(draft.trim());
        }}
      >
        <label htmlFor={id}>API token (only when the server requires one)</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <div className="row">
          <button type="submit">Save token</button>
          {token ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft('');
                onChange('');
              }}
            >
              Clear token
            </button>
          ) : null}
        </div>
      </form>
    </details>
  );
}
