import { useId, useMemo } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorBox, Loading } from '../ui/Status.js';
import { useDebounced } from '../useDebounced.js';
import { ExtractIntentMutation, PlanCatalogQuery, RecommendQuery } from './operations.js';
import { PlanOptions } from './PlanOptions.js';
import { Results } from './Results.js';
import { originsAfterEdit, originsAfterTurn, turnSummary } from './provenance.js';
import { formForUseCase, formFromSpec, toSpecInput, type PlanState, type SpecForm } from './spec-form.js';
import { SpecFormView } from './SpecFormView.js';

const EXAMPLE =
  'A customer-support chatbot for 5,000 users, latency matters, on H100 or A100 GPUs, budget under $40k a month.';

/**
 * Describe → editable spec → ranked recommendations, re-ranked as the spec changes (the what-if). Once
 * there is a spec, each further message is a follow-up turn: extractIntent refines the current spec
 * (its `base`) and says what changed; every field shows the words it came from.
 */
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

  const followUp = plan.form !== null;
  const describe = async () => {
    const text = plan.text;
    const outcome = await extract({ text, base: plan.form ? toSpecInput(plan.form) : null });
    const extracted = outcome.data?.extractIntent;
    if (!extracted) return;
    const template = catalog.data?.useCases.find((u) => u.key === extracted.useCase?.key)?.slo ?? null;
    const form = formFromSpec(extracted, template);
    const turn = plan.turns.length + 1;
    onPlanChange({
      ...plan,
      text: '',
      // The cluster and price-list choices are the user's, not the text's: keep them.
      form: plan.form ? { ...form, fitCluster: plan.form.fitCluster, priceList: plan.form.priceList } : form,
      extracted: { source: extracted.source, notes: extracted.notes },
      turns: [
        ...plan.turns,
        { text, source: extracted.source, changed: extracted.changed, notes: extracted.notes },
      ],
      origins: originsAfterTurn(plan.origins, extracted.fields, extracted.changed, turn),
    });
  };

  const startBlank = () => {
    const first = catalog.data?.useCases[0];
    if (!first) return;
    onPlanChange({
      ...plan,
      form: formForUseCase(first.key, first.trafficProfile),
      extracted: null,
      turns: [],
      origins: {},
    });
  };

  const startOver = () => onPlanChange({ ...plan, form: null, extracted: null, turns: [], origins: {} });

  const edit = (form: SpecForm) =>
    onPlanChange({
      ...plan,
      form,
      origins: plan.form ? originsAfterEdit(plan.origins, plan.form, form) : {},
    });

  return (
    <div className="screen">
      <h1>Plan a deployment</h1>
      <section aria-labelledby={`${textId}-h`} className="card">
        <h2 id={`${textId}-h`}>Describe your workload</h2>
        {plan.turns.length > 0 ? (
          <ol className="conversation" aria-label="Conversation">
            {plan.turns.map((turn, i) => (
              <li key={i} className="turn" data-testid="turn">
                <p className="turn-said">
                  <span className="visually-hidden">You said: </span>
                  {turn.text}
                </p>
                <p className="turn-reply muted">{turnSummary(turn.changed, i === 0)}</p>
              </li>
            ))}
          </ol>
        ) : null}
        <form
          className="describe"
          onSubmit={(event) => {
            event.preventDefault();
            void describe();
          }}
        >
          <label htmlFor={textId} className="visually-hidden">
            {followUp ? 'Follow-up' : 'Describe your workload'}
          </label>
          <textarea
            id={textId}
            rows={followUp ? 2 : 3}
            value={plan.text}
            placeholder={followUp ? 'e.g. make it 500 users · we can’t use H100 · drop the budget' : EXAMPLE}
            onChange={(event) => onPlanChange({ ...plan, text: event.target.value })}
          />
          <div className="row">
            <button type="submit" disabled={extraction.fetching || plan.text.trim() === ''}>
              {extraction.fetching ? 'Reading…' : followUp ? 'Refine spec' : 'Build spec'}
            </button>
            {followUp ? (
              <button type="button" className="secondary" onClick={startOver}>
                Start over
              </button>
            ) : (
              <>
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
              </>
            )}
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
          <SpecFormView form={plan.form} catalog={catalog.data} origins={plan.origins} onChange={edit} />
        </section>
      ) : null}
      {plan.form ? (
        <section aria-labelledby={`${textId}-options`} className="card">
          <h2 id={`${textId}-options`}>Your cluster, prices and models</h2>
          <PlanOptions form={plan.form} onChange={edit} />
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
