import type { CombinedError } from 'urql';
import type { ReactNode } from 'react';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="status status-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="status status-empty">{children}</p>;
}

interface ErrorLine {
  code: string;
  message: string;
}

/** Every GraphQL error with its `extensions.code`; a network failure as one NETWORK_ERROR line. */
export function errorLines(error: CombinedError): ErrorLine[] {
  if (error.networkError) return [{ code: 'NETWORK_ERROR', message: error.networkError.message }];
  const lines = error.graphQLErrors.map((e) => {
    const code = e.extensions?.code;
    return { code: typeof code === 'string' ? code : 'ERROR', message: e.message };
  });
  return lines.length > 0 ? lines : [{ code: 'ERROR', message: error.message }];
}

export function ErrorBox({ error, title }: { error: CombinedError; title?: string }) {
  return (
    <div className="status status-error" role="alert">
      {title ? <strong>{title}</strong> : null}
      <ul>
        {errorLines(error).map((line, i) => (
          <li key={i}>
            <code className="error-code">{line.code}</code> {line.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The usual three-way switch: error, first load, nothing found, else the content. */
export function QueryState({
  fetching,
  error,
  empty,
  emptyText,
  children,
}: {
  fetching: boolean;
  error: CombinedError | undefined;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  if (error) return <ErrorBox error={error} />;
  if (empty && fetching) return <Loading />;
  if (empty) return <Empty>{emptyText}</Empty>;
  return <>{children}</>;
}
