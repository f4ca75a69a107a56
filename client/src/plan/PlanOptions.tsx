import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { formatNumber } from '../format.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import { AddModelFromConfigMutation, PlanOptionsQuery } from './operations.js';
import type { SpecForm } from './spec-form.js';

/**
 * What the plan is held against besides the catalog: the user's cluster (fitCluster, with the free GPUs
 * per type from clusterInventory), a price list (spec.priceList), and models added from a config.json.
 */
export function PlanOptions({ form, onChange }: { form: SpecForm; onChange: (form: SpecForm) => void }) {
  const base = useId();
  const [options] = useQuery({ query: PlanOptionsQuery });
  const inventory = options.data?.clusterInventory ?? null;
  const lists = options.data?.priceLists ?? [];
  const connected = inventory?.connected ?? false;

  return (
    <div className="plan-options">
      {options.error ? (
        <ErrorBox error={options.error} title="Could not read the cluster and price lists" />
      ) : null}
      {options.fetching && !options.data ? <Loading /> : null}
      <fieldset aria-labelledby={`${base}-cluster`}>
        <legend id={`${base}-cluster`}>Your cluster</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.fitCluster && connected}
            disabled={!connected}
            onChange={(event) => onChange({ ...form, fitCluster: event.target.checked })}
          />
          <span>Only plans that fit the cluster&apos;s free GPUs</span>
        </label>
        {inventory && !connected ? (
          <p className="status status-empty cluster-message" role="status">
            No cluster configured: {inventory.message ?? 'Compass has no Kubernetes API to read.'} Plans use
            the whole catalog.
          </p>
        ) : null}
        {inventory && connected ? (
          <table className="cluster-gpus">
            <caption className="visually-hidden">Free GPUs per type</caption>
            <thead>
              <tr>
                <th scope="col">GPU</th>
                <th scope="col" className="num">
                  Free
                </th>
                <th scope="col" className="num">
                  Allocatable
                </th>
                <th scope="col" className="num">
                  Nodes
                </th>
              </tr>
            </thead>
            <tbody>
              {inventory.gpuTypes.map((t) => (
                <tr key={t.gpuType}>
                  <th scope="row">{t.gpuType}</th>
                  <td className="num">{t.free}</td>
                  <td className="num">{t.allocatable}</td>
                  <td className="num">{t.nodes}</td>
                </tr>
              ))}
              {inventory.gpuTypes.length === 0 ? (
                <tr>
                  <td colSpan={4}>The cluster has no GPU nodes.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Prices</legend>
        <div className="field">
          <label htmlFor={`${base}-prices`}>Price list</label>
          <select
            id={`${base}-prices`}
            value={form.priceList}
            onChange={(event) => onChange({ ...form, priceList: event.target.value })}
          >
            <option value="">Catalog list prices (USD)</option>
            {lists.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} ({l.currency})
              </option>
            ))}
          </select>
          <small className="hint">
            {lists.length === 0
              ? 'No price lists yet: import one with importPriceList (CSV) or setPriceList.'
              : 'Costs and ranking use the list’s cheapest entry effective today.'}
          </small>
        </div>
      </fieldset>

      <AddModelFromConfig />
    </div>
  );
}

function AddModelFromConfig() {
  const base = useId();
  const [hfRepo, setHfRepo] = useState('');
  const [configJson, setConfigJson] = useState('');
  const [added, add] = useMutation(AddModelFromConfigMutation);

  const submit = async () => {
    const outcome = await add({ input: { hfRepo: hfRepo.trim(), configJson } });
    if (outcome.data) {
      setHfRepo('');
      setConfigJson('');
    }
  };
  const result = added.data?.addModelFromConfig ?? null;

  return (
    <fieldset>
      <legend>Add a model from config.json</legend>
      <form
        className="add-model"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`${base}-repo`}>Hugging Face repo</label>
          <input
            id={`${base}-repo`}
            value={hfRepo}
            placeholder="owner/name"
            autoComplete="off"
            onChange={(event) => setHfRepo(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${base}-file`}>config.json file</label>
          <input
            id={`${base}-file`}
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then(setConfigJson);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${base}-json`}>or paste it</label>
          <textarea
            id={`${base}-json`}
            rows={4}
            value={configJson}
            spellCheck={false}
            placeholder='{"hidden_size": 5120, "num_hidden_layers": 40, …}'
            onChange={(event) => setConfigJson(event.target.value)}
          />
        </div>
        <button type="submit" disabled={added.fetching || hfRepo.trim() === '' || configJson.trim() === ''}>
          {added.fetching ? 'Adding…' : 'Add model'}
        </button>
      </form>
      {added.error ? <ErrorBox error={added.error} title="Could not add the model" /> : null}
      {result && !added.error ? (
        <p className="status added-model" role="status">
          Added <strong>{result.model.hfRepo}</strong>: {formatNumber(result.sizing.parameterCount / 1e9)} B
          parameters, {formatNumber(result.sizing.weightsGb)} GB of {result.sizing.weightFormat} weights,{' '}
          {formatNumber(result.sizing.kvCacheBytesPerToken / 1024)} KiB of KV cache per token. It is planned
          on ESTIMATED roofline rows (unapproved, quality 0 unless given).
        </p>
      ) : null}
    </fieldset>
  );
}
