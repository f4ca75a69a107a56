import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { shortRepo } from '../format.js';
import type { RecommendationFieldsFragment } from '../gql/graphql.js';
import { StartBenchmarkRunMutation } from '../loadtest/operations.js';
import { navigate } from '../routing.js';
import { ErrorBox } from '../ui/Status.js';
import {
  benchmarkRecipeYaml,
  DEFAULT_TARGET,
  type BenchmarkConfig,
  type BenchmarkTarget,
} from './benchmark-recipe.js';

type Recommendation = RecommendationFieldsFragment;

const HEADINGS = {
  MODEL_ONLY: 'rests on no measurement',
  ESTIMATED: 'is an estimate',
  THIN_MEASUREMENTS: 'rests on few measurements',
} as const;

/**
 * The honesty warning above the ranking: the top pick's numbers come from the synthetic model, an estimate
 * or too few measured rows (Recommendation.trustWarning). "Benchmark this configuration" opens a recipe
 * for exactly that config, profile and SLOs against an endpoint the user names, and starts it.
 */
export function TrustWarning({
  rec,
  profile,
  slo,
}: {
  rec: Recommendation;
  profile: { promptTokens: number; outputTokens: number };
  slo: BenchmarkConfig['slo'];
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const warning = rec.trustWarning;
  if (!warning) return null;
  const name = `${shortRepo(rec.model.hfRepo)} on ${rec.gpuCount} × ${rec.gpu.type}`;
  return (
    <section className="trust-warning" aria-labelledby={`${id}-h`} data-code={warning.code}>
      <h3 id={`${id}-h`}>
        Rank {rec.rank} ({name}) {HEADINGS[warning.code]}
      </h3>
      <p className="trust-message">{warning.message}</p>
      {open ? (
        <BenchmarkForm
          config={{
            hfRepo: rec.model.hfRepo,
            gpuType: rec.gpu.type,
            gpuCount: rec.gpuCount,
            promptTokens: profile.promptTokens,
            outputTokens: profile.outputTokens,
            slo,
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          Benchmark this configuration
        </button>
      )}
    </section>
  );
}

function BenchmarkForm({ config, onCancel }: { config: BenchmarkConfig; onCancel: () => void }) {
  const id = useId();
  const [target, setTarget] = useState<BenchmarkTarget>({ ...DEFAULT_TARGET, servedModel: config.hfRepo });
  // Hand edits of the recipe stand until a field above changes (which regenerates it).
  const [edited, setEdited] = useState<string | null>(null);
  const [result, start] = useMutation(StartBenchmarkRunMutation);
  const recipe = edited ?? benchmarkRecipeYaml(config, target);
  const change = (next: Partial<BenchmarkTarget>) => {
    setTarget({ ...target, ...next });
    setEdited(null);
  };
  return (
    <form
      className="benchmark-config"
      aria-label="Benchmark this configuration"
      onSubmit={(event) => {
        event.preventDefault();
        void start({ recipeYaml: recipe }).then((r) => {
          const run = r.data?.startBenchmarkRun.run;
          if (run) navigate('benchmarks', { run: run.id });
        });
      }}
    >
      <p className="muted">
        Runs a sweep of {config.promptTokens}→{config.outputTokens} requests against the endpoint serving{' '}
        {config.hfRepo} on {config.gpuCount} × {config.gpuType}, filed as that configuration. Once it has
        succeeded, <em>Add to the knowledge base</em> on the run turns it into MEASURED rows that replace
        these.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-url`}>Endpoint base URL</label>
          <input
            id={`${id}-url`}
            type="url"
            value={target.baseUrl}
            onChange={(event) => change({ baseUrl: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>Served model name</label>
          <input
            id={`${id}-model`}
            value={target.servedModel}
            onChange={(event) => change({ servedModel: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-api`}>API</label>
          <select
            id={`${id}-api`}
            value={target.api}
            onChange={(event) =>
              change({ api: event.target.value === 'completions' ? 'completions' : 'chat' })
            }
          >
            <option value="chat">chat</option>
            <option value="completions">completions</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-seconds`}>Seconds per level</label>
          <input
            id={`${id}-seconds`}
            type="number"
            min={1}
            step={1}
            value={target.secondsPerLevel}
            onChange={(event) => {
              const seconds = Number(event.target.value);
              if (Number.isFinite(seconds) && seconds > 0) change({ secondsPerLevel: seconds });
            }}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-yaml`}>Benchmark recipe (YAML)</label>
        <textarea
          id={`${id}-yaml`}
          className="code"
          rows={14}
          spellCheck={false}
          value={recipe}
          onChange={(event) => setEdited(event.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" disabled={result.fetching || recipe.trim() === ''}>
          {result.fetching ? 'Starting…' : 'Start benchmark run'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {result.error ? <ErrorBox error={result.error} title="The run was not started" /> : null}
    </form>
  );
}
