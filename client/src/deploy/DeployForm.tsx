import { useId, useState } from 'react';
import { useMutation } from 'urql';
import type { CreateDeploymentMutation as Created, DeploymentMode } from '../gql/graphql.js';
import { navigate } from '../routing.js';
import { CopyButton } from '../ui/CopyButton.js';
import { ErrorBox } from '../ui/Status.js';
import { defaultDeploymentName, nameProblem, type DeployTarget } from './deploy-target.js';
import { CreateDeploymentMutation } from './operations.js';

type ValidationError = Created['createDeployment']['errors'][number];

/** Name and mode → dry run (the manifests, to read and copy) → deploy for real → watch it. */
export function DeployForm({ target }: { target: DeployTarget }) {
  const id = useId();
  const [name, setName] = useState(() => defaultDeploymentName(target.model, target.gpu));
  const [namespace, setNamespace] = useState('');
  const [mode, setMode] = useState<DeploymentMode>('VLLM');
  const [replicas, setReplicas] = useState(String(target.replicas));
  const [manifests, setManifests] = useState<string | null>(null);
  const [problems, setProblems] = useState<ValidationError[]>([]);
  const [preview, createPreview] = useMutation(CreateDeploymentMutation);
  const [apply, createReal] = useMutation(CreateDeploymentMutation);

  const problem = nameProblem(name);
  const replicaCount = Number(replicas);
  const replicasOk = Number.isInteger(replicaCount) && replicaCount >= 1 && replicaCount <= 100;
  const input = (dryRun: boolean) => ({
    name,
    namespace: namespace.trim() || null,
    mode,
    dryRun,
    promptTokens: target.promptTokens,
    outputTokens: target.outputTokens,
    recommendation: {
      modelId: target.modelId,
      gpuId: target.gpuId,
      gpuCount: target.gpuCount,
      replicas: replicaCount,
      monthlyCostUsd: target.monthlyCostUsd,
    },
  });
  // Any edit makes the shown manifests out of date.
  const edit =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value);
      setManifests(null);
    };

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {target.model} on {target.gpuCount} × {target.gpu}
      </h2>
      <form
        className="deploy-form"
        onSubmit={(event) => {
          event.preventDefault();
          void createPreview({ input: input(true) }).then((r) => {
            const payload = r.data?.createDeployment;
            if (!payload) return;
            setProblems(payload.errors);
            setManifests(payload.errors.length === 0 ? (payload.manifests ?? null) : null);
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem !== null || undefined}
            aria-describedby={`${id}-name-hint`}
            onChange={(event) => edit(setName)(event.target.value)}
          />
          <small id={`${id}-name-hint`} className="hint">
            {problem ?? 'The InferenceService name'}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ns`}>Namespace</label>
          <input
            id={`${id}-ns`}
            value={namespace}
            placeholder="server default"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => edit(setNamespace)(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-replicas`}>Replicas</label>
          <input
            id={`${id}-replicas`}
            inputMode="numeric"
            value={replicas}
            aria-invalid={!replicasOk || undefined}
            onChange={(event) => edit(setReplicas)(event.target.value)}
          />
        </div>
        <fieldset>
          <legend>Runtime</legend>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'VLLM'}
              onChange={() => edit(setMode)('VLLM')}
            />
            <span>
              vLLM <small className="muted">real model on {target.gpu} nodes</small>
            </span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'SIMULATOR'}
              onChange={() => edit(setMode)('SIMULATOR')}
            />
            <span>
              Simulator <small className="muted">no GPU; latency calibrated from the benchmarks</small>
            </span>
          </label>
        </fieldset>
        <div className="row">
          <button type="submit" disabled={problem !== null || !replicasOk || preview.fetching}>
            {preview.fetching ? 'Rendering…' : 'Preview manifests'}
          </button>
          <button
            type="button"
            disabled={manifests === null || apply.fetching}
            title={manifests === null ? 'Preview the manifests first' : undefined}
            onClick={() => {
              void createReal({ input: input(false) }).then((r) => {
                const payload = r.data?.createDeployment;
                if (payload && payload.errors.length > 0) setProblems(payload.errors);
                if (payload?.deployment && payload.errors.length === 0) {
                  navigate('deploy', { deployment: payload.deployment.id });
                }
              });
            }}
          >
            {apply.fetching ? 'Deploying…' : 'Deploy'}
          </button>
        </div>
      </form>
      {preview.error ? <ErrorBox error={preview.error} title="Could not render the manifests" /> : null}
      {apply.error ? <ErrorBox error={apply.error} title="Deployment failed" /> : null}
      {problems.length > 0 ? (
        <div className="status status-error" role="alert">
          <strong>The manifests did not validate</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <code className="error-code">{p.code}</code> {p.field ? <code>{p.field}</code> : null}{' '}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {manifests ? <Manifests yaml={manifests} /> : null}
    </section>
  );
}

function Manifests({ yaml }: { yaml: string }) {
  return (
    <div className="manifests">
      <div className="row spread">
        <h3>Manifests (dry run: nothing applied)</h3>
        <CopyButton text={yaml} label="Copy all manifests as YAML" />
      </div>
      <pre className="yaml" tabIndex={0} aria-label="Manifests YAML">
        {yaml}
      </pre>
    </div>
  );
}
