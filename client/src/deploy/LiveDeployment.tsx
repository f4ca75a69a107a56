import { useId, useState } from 'react';
import { useMutation, useSubscription } from 'urql';
import { formatMs } from '../format.js';
import { navigate } from '../routing.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import {
  DeleteDeploymentMutation,
  DeploymentStatusSubscription,
  TestInferenceMutation,
} from './operations.js';
import { extraMessage, foldStatus, type Watch } from './status.js';
import { ScrollTable } from '../ui/ScrollTable.js';
import { LiveMetrics } from './LiveMetrics.js';

export function LiveDeployment({ deploymentId }: { deploymentId: string }) {
  const [watch] = useSubscription(
    { query: DeploymentStatusSubscription, variables: { deploymentId } },
    (prev: Watch = { latest: null, events: [] }, event) =>
      foldStatus(prev, event.deploymentStatus, new Date()),
  );
  const [deletion, remove] = useMutation(DeleteDeploymentMutation);
  const status = watch.data?.latest ?? null;
  const id = useId();

  return (
    <>
      <section className="card" aria-labelledby={`${id}-h`}>
        <div className="row spread">
          <h2 id={`${id}-h`}>
            Status{' '}
            {status ? (
              <span className={`phase phase-${status.phase.toLowerCase()}`} data-testid="deployment-phase">
                {status.phase}
              </span>
            ) : null}
          </h2>
          <button
            type="button"
            className="danger"
            disabled={deletion.fetching}
            onClick={() => {
              if (!window.confirm('Delete this deployment and its pods?')) return;
              void remove({ id: deploymentId }).then((r) => {
                if (r.data) navigate('deploy');
              });
            }}
          >
            {deletion.fetching ? 'Deleting…' : 'Delete deployment'}
          </button>
        </div>
        {deletion.error ? <ErrorBox error={deletion.error} title="Could not delete" /> : null}
        {watch.error ? <ErrorBox error={watch.error} title="Live status unavailable" /> : null}
        {!status && !watch.error ? <Loading label="Waiting for the first status…" /> : null}
        {status ? (
          <>
            <p className="ready-line">
              <strong>
                {status.readyReplicas}/{status.desiredReplicas}
              </strong>{' '}
              replicas ready
              {extraMessage(status.message) ? (
                <span className="muted"> — {extraMessage(status.message)}</span>
              ) : null}
            </p>
            <progress
              max={Math.max(1, status.desiredReplicas)}
              value={status.readyReplicas}
              aria-label="Ready replicas"
            />
            {status.pods.length === 0 ? (
              <p className="muted">No pods yet.</p>
            ) : (
              <ScrollTable label="Pods table">
                <thead>
                  <tr>
                    <th scope="col">Pod</th>
                    <th scope="col">Phase</th>
                    <th scope="col">Ready</th>
                    <th scope="col" className="num">
                      Restarts
                    </th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {status.pods.map((p) => (
                    <tr key={p.name}>
                      <td className="pod-name">
                        <code>{p.name}</code>
                      </td>
                      <td>{p.phase}</td>
                      <td>{p.ready ? 'yes' : 'no'}</td>
                      <td className="num">{p.restarts}</td>
                      <td>{[p.reason, p.message].filter(Boolean).join(': ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            )}
          </>
        ) : null}
        {watch.data && watch.data.events.length > 0 ? (
          <details className="events" open>
            <summary>Events</summary>
            <ol className="event-log" aria-live="polite">
              {watch.data.events.map((e, i) => (
                <li key={i}>
                  <time>{e.at}</time> {e.text}
                </li>
              ))}
            </ol>
          </details>
        ) : null}
      </section>
      <LiveMetrics deploymentId={deploymentId} />
      <TestPrompt deploymentId={deploymentId} ready={status?.phase === 'READY'} />
    </>
  );
}

function TestPrompt({ deploymentId, ready }: { deploymentId: string; ready: boolean }) {
  const id = useId();
  const [prompt, setPrompt] = useState('Say hello in five words.');
  const [maxTokens, setMaxTokens] = useState('64');
  const [result, send] = useMutation(TestInferenceMutation);
  const answer = result.data?.testInference;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Test prompt</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const tokens = Number(maxTokens);
          void send({
            deploymentId,
            prompt,
            maxTokens: Number.isInteger(tokens) && tokens > 0 ? tokens : null,
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-prompt`}>Prompt</label>
          <textarea
            id={`${id}-prompt`}
            rows={3}
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
          />
        </div>
        <div className="row">
          <div className="field inline">
            <label htmlFor={`${id}-max`}>Max tokens</label>
            <input
              id={`${id}-max`}
              inputMode="numeric"
              size={6}
              value={maxTokens}
              onChange={(event) => setMaxTokens(event.target.value)}
            />
          </div>
          <button type="submit" disabled={result.fetching || prompt.trim() === ''}>
            {result.fetching ? 'Sending…' : 'Send'}
          </button>
          {!ready ? (
            <small className="muted">The deployment is not ready yet; the call may fail.</small>
          ) : null}
        </div>
      </form>
      {result.error ? <ErrorBox error={result.error} title="The test call failed" /> : null}
      {answer ? (
        <div className="inference">
          <p className="metrics">
            TTFT <strong>{formatMs(answer.ttftMs)}</strong> · total{' '}
            <strong>{formatMs(answer.totalMs)}</strong> · {answer.outputTokens} tokens{' '}
            <span className="muted">from {answer.endpoint}</span>
          </p>
          <pre className="answer">{answer.text}</pre>
        </div>
      ) : null}
    </section>
  );
}
