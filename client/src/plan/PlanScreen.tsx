import { useId, useMemo } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorBox, Loading } from '../ui/Status.js';
import { useDebounced } from '../useDebounced.js';
import { ExtractIntentMutation, PlanCatalogQuery, RecommendQuery } from './operations.js';
import { PlanOptions } from './PlanOptions.js';
import { Results } from './Results.js';
import { formForUseCase, formFromSpec, toSpecInput, type PlanState } from './spec-form.js';
import { SpecFormView } from './SpecFormView.js';

const EXAMPLE =
  'A customer-support chatbot for 5,000 users, latency matters, on H100 or A100 GPUs, budget under $40k a month.';

/** Describe → editable spec → ranked recommendations, re-ranked as the spec changes (the what-if). */
export function PlanScreen({
  plan,
  onPlanChange,
}: {
  plan: PlanState;
  onPlanChange: (plan: PlanState) => void;
}) {
  const textId = useId();
  const [catalog] = useQuery({ query: PlanCatalogQuery });
  const [extraction, extract] = useMutation(ExtractIntentMutation);

  const inputKey = plan.form ? JSON.stringify(toSpecInput(plan.form)) : '';
  const settledKey = useDebounced(inputKey, 250);
  const spec = useMemo(() => (settledKey ? JSON.parse(settledKey) : null), [settledKey]);
  const [result] = useQuery({ query: RecommendQuery, variables: { spec }, pause: spec === null });

  const describe = async () => {
    const outcome = await extract({ text: plan.text });
    const extracted = outcome.data?.extractIntent;
    if (!extracted) return;
    const template = catalog.data?.useCases.find((u) => u.key === extracted.useCase?.key)?.slo ?? null;
    const form = formFromSpec(extracted, template);
    onPlanChange({
      ...plan,
      // The cluster and price-list choices are the user's, not the text's: keep them.
      form: plan.form ? { ...form, fitCluster: plan.form.fitCluster, priceList: plan.form.priceList } : form,
      extracted: { source: extracted.source, notes: extracted.notes },
    });
  };

  const startBlank = () => {
    const first = catalog.data?.useCases[0];
    if (!first) return;
    onPlanChange({ ...plan, form: formForUseCase(first.key, first.trafficProfile), extracted: null });
  };

  return (
    <div className="screen">
      <h1>Plan a deployment</h1>
      <section aria-labelledby={`${textId}-h`} className="card">
        <h2 id={`${textId}-h`}>Describe your workload</h2>
        <form
          className="describe"
          onSubmit={(event) => {
            event.preventDefault();
            void describe();
          }}
        >
          <label htmlFor={textId} className="visually-hidden">
            Describe your workload
          </label>
          <textarea
            id={textId}
            rows={3}
            value={plan.text}
            placeholder={EXAMPLE}
            onChange={(event) => onPlanChange({ ...plan, text: event.target.value })}
          />
          <div className="row">
            <button type="submit" disabled={extraction.fetching || plan.text.trim() === ''}>
              {extraction.fetching ? 'Reading…' : 'Build spec'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => onPlanChange({ ...plan, text: EXAMPLE })}
            >
              Use example
            </button>
            <button type="button" className="secondary" onClick={startBlank} disabled={!catalog.data}>
              Start from a blank spec
            </button>
          </div>
        </form>
        {extraction.error ? (
          <ErrorBox error={extraction.error} title="Could not read the description" />
        ) : null}
        {plan.extracted ? (
          <p className="muted extracted-note">
            Spec read by {plan.extracted.source === 'LLM' ? 'the LLM (checked by the rules)' : 'the rules'}
            {plan.extracted.notes.length > 0 ? `: ${plan.extracted.notes.join(' · ')}` : '.'}
          </p>
        ) : null}
      </section>

      {catalog.error ? <ErrorBox error={catalog.error} title="Could not load use cases and GPUs" /> : null}
      {plan.form && catalog.data ? (
        <section aria-labelledby={`${textId}-spec`} className="card">
          <h2 id={`${textId}-spec`}>Deployment spec</h2>
          <SpecFormView
            form={plan.form}
            catalog={catalog.data}
            onChange={(form) => onPlanChange({ ...plan, form })}
          />
        </section>
      ) : null}
      {plan.form ? (
        <section aria-labelledby={`${textId}-options`} className="card">
          <h2 id={`${textId}-options`}>Your cluster, prices and models</h2>
          <PlanOptions form={plan.form} onChange={(form) => onPlanChange({ ...plan, form })} />
        </section>
      ) : null}
      {plan.form && !catalog.data && catalog.fetching ? <Loading /> : null}

      {plan.form ? (
        <section aria-labelledby={`${textId}-recs`} className="results" aria-busy={result.fetching}>
          <h2 id={`${textId}-recs`}>
            Recommendations{' '}
            {result.fetching || inputKey !== settledKey ? (
              <span className="updating" role="status">
                updating…
              </span>
            ) : null}
          </h2>
          {result.error ? <ErrorBox error={result.error} /> : null}
          {result.data ? (
            <Results result={result.data.recommend} stale={result.stale || inputKey !== settledKey} />
          ) : result.fetching ? (
            <Loading label="Ranking configurations…" />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
