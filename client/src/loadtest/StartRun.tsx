import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { navigate } from '../routing.js';
import { ErrorBox } from '../ui/Status.js';
import { EXAMPLE_RECIPE } from './example-recipe.js';
import { StartBenchmarkRunMutation } from './operations.js';

export function StartRun() {
  const id = useId();
  const [recipe, setRecipe] = useState(EXAMPLE_RECIPE);
  const [result, start] = useMutation(StartBenchmarkRunMutation);
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Start a run</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start({ recipeYaml: recipe }).then((r) => {
            const run = r.data?.startBenchmarkRun.run;
            if (run) navigate('benchmarks', { run: run.id });
          });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-yaml`}>Recipe (YAML)</label>
          <textarea
            id={`${id}-yaml`}
            className="code"
            rows={16}
            spellCheck={false}
            value={recipe}
            onChange={(event) => setRecipe(event.target.value)}
          />
        </div>
        <div className="row">
          <button type="submit" disabled={result.fetching || recipe.trim() === ''}>
            {result.fetching ? 'Starting…' : 'Start run'}
          </button>
          <button type="button" className="secondary" onClick={() => setRecipe(EXAMPLE_RECIPE)}>
            Reset to example
          </button>
        </div>
      </form>
      {result.error ? <ErrorBox error={result.error} title="The run was not started" /> : null}
    </section>
  );
}
