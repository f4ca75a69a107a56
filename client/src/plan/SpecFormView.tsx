import { useId, type ReactNode } from 'react';
import type { PlanCatalogQuery } from '../gql/graphql.js';
import { formatMs, formatUsd } from '../format.js';
import { FORM_FIELD_NAMES, originLabel, type OriginField, type Origins } from './provenance.js';
import { invalidFields, PRIORITIES, type NumericField, type SpecForm } from './spec-form.js';

type Catalog = PlanCatalogQuery;

/** "from “500 users” (turn 2)", "default", "edited by you": where a field's value came from. */
function OriginNote({ field, origins }: { field: OriginField; origins: Origins }) {
  const label = originLabel(origins[FORM_FIELD_NAMES[field]]);
  if (!label) return null;
  return (
    <small className="origin" data-origin-for={field}>
      {label}
    </small>
  );
}

function Field({
  label,
  hint,
  children,
  id,
  origin,
}: {
  label: string;
  hint?: string | undefined;
  children: ReactNode;
  id: string;
  origin?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {origin}
    </div>
  );
}

/** The editable deployment spec. Every change goes up at once; the parent debounces the what-if. */
export function SpecFormView({
  form,
  catalog,
  origins,
  onChange,
}: {
  form: SpecForm;
  catalog: Catalog;
  /** Where each field came from; empty for a spec no text described. */
  origins: Origins;
  onChange: (form: SpecForm) => void;
}) {
  const base = useId();
  const invalid = new Set(invalidFields(form));
  const useCase = catalog.useCases.find((u) => u.key === form.useCaseKey) ?? null;
  const set = <K extends keyof SpecForm>(key: K, value: SpecForm[K]) => onChange({ ...form, [key]: value });

  const numberInput = (key: NumericField, label: string, placeholder: string, hint?: string) => {
    const id = `${base}-${key}`;
    return (
      <Field
        id={id}
        label={label}
        hint={invalid.has(key) ? 'Enter a positive number' : hint}
        origin={<OriginNote field={key} origins={origins} />}
      >
        <input
          id={id}
          name={key}
          inputMode="decimal"
          autoComplete="off"
          value={form[key]}
          placeholder={placeholder}
          aria-invalid={invalid.has(key) || undefined}
          aria-describedby={invalid.has(key) || hint ? `${id}-hint` : undefined}
          onChange={(event) => set(key, event.target.value)}
        />
      </Field>
    );
  };

  return (
    <form className="spec-form" aria-label="Deployment spec" onSubmit={(event) => event.preventDefault()}>
      <fieldset>
        <legend>Workload</legend>
        <Field
          id={`${base}-usecase`}
          label="Use case"
          origin={<OriginNote field="useCaseKey" origins={origins} />}
        >
          <select
            id={`${base}-usecase`}
            value={form.useCaseKey}
            onChange={(event) => {
              const next = catalog.useCases.find((u) => u.key === event.target.value);
              onChange({
                ...form,
                useCaseKey: event.target.value,
                promptTokens: next?.trafficProfile.promptTokens ?? form.promptTokens,
                outputTokens: next?.trafficProfile.outputTokens ?? form.outputTokens,
              });
            }}
          >
            {form.useCaseKey === '' ? <option value="">(none — tokens only)</option> : null}
            {catalog.useCases.map((u) => (
              <option key={u.key} value={u.key}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <p className="profile-line">
          Traffic profile: <strong>{form.promptTokens ?? '—'}</strong> prompt →{' '}
          <strong>{form.outputTokens ?? '—'}</strong> output tokens
          {useCase ? <span className="muted"> ({useCase.trafficProfile.name})</span> : null}
        </p>
      </fieldset>

      <fieldset>
        <legend>SLO targets (p95)</legend>
        {numberInput('ttftP95Ms', 'TTFT (ms)', useCase ? String(useCase.slo.ttftP95Ms) : 'ms')}
        {numberInput('itlP95Ms', 'ITL (ms)', useCase ? String(useCase.slo.itlP95Ms) : 'ms')}
        {numberInput(
          'e2eP95Ms',
          'E2E (ms)',
          useCase ? String(useCase.slo.e2eP95Ms) : 'ms',
          useCase ? `Empty = template (${formatMs(useCase.slo.e2eP95Ms)})` : undefined,
        )}
      </fieldset>

      <fieldset>
        <legend>Load at peak</legend>
        {numberInput('users', 'Users', 'e.g. 1000')}
        {numberInput('requestsPerUserPerMinute', 'Requests per user per minute', '2')}
        {numberInput('requestsPerSecond', 'Or requests/s', 'req/s', 'Overrides users when set')}
      </fieldset>

      <fieldset>
        <legend>Priority</legend>
        <div className="radio-group">
          {PRIORITIES.map((p) => (
            <label key={p.value} className="radio">
              <input
                type="radio"
                name={`${base}-priority`}
                value={p.value}
                checked={form.priority === p.value}
                onChange={() => set('priority', p.value)}
              />
              <span>
                {p.label} <small className="muted">{p.hint}</small>
              </span>
            </label>
          ))}
        </div>
        <OriginNote field="priority" origins={origins} />
      </fieldset>

      <fieldset className="gpu-fieldset">
        <legend>
          GPU types {form.gpuTypes.length === 0 ? <small className="muted">(none ticked = all)</small> : null}
        </legend>
        <div className="checkbox-grid">
          {catalog.gpus.map((g) => (
            <label key={g.id} className="checkbox">
              <input
                type="checkbox"
                checked={form.gpuTypes.includes(g.type)}
                onChange={(event) =>
                  set(
                    'gpuTypes',
                    event.target.checked
                      ? [...form.gpuTypes, g.type]
                      : form.gpuTypes.filter((t) => t !== g.type),
                  )
                }
              />
              <span>
                {g.type} <small className="muted">{formatUsd(g.hourlyPriceUsd)}/h</small>
              </span>
            </label>
          ))}
        </div>
        <OriginNote field="gpuTypes" origins={origins} />
      </fieldset>

      <fieldset className="gpu-fieldset gpu-excluded" aria-label="Never use these GPU types">
        <legend>
          Never use{' '}
          {form.excludedGpuTypes.length === 0 ? (
            <small className="muted">(none ticked = none excluded)</small>
          ) : null}
        </legend>
        <div className="checkbox-grid">
          {catalog.gpus.map((g) => (
            <label key={g.id} className="checkbox">
              <input
                type="checkbox"
                name="excludedGpuTypes"
                checked={form.excludedGpuTypes.includes(g.type)}
                onChange={(event) =>
                  set(
                    'excludedGpuTypes',
                    event.target.checked
                      ? [...form.excludedGpuTypes, g.type]
                      : form.excludedGpuTypes.filter((t) => t !== g.type),
                  )
                }
              />
              <span>{g.type}</span>
            </label>
          ))}
        </div>
        <OriginNote field="excludedGpuTypes" origins={origins} />
      </fieldset>

      <fieldset>
        <legend>Limits</legend>
        {numberInput('maxGpus', 'Max GPUs in total', 'no limit')}
        {numberInput('maxMonthlyCostUsd', 'Monthly budget (USD)', 'no limit')}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.approvedOnly}
            onChange={(event) => set('approvedOnly', event.target.checked)}
          />
          <span>Approved models only</span>
        </label>
        <OriginNote field="approvedOnly" origins={origins} />
      </fieldset>
    </form>
  );
}
