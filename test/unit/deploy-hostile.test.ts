import { afterAll, describe, expect, it } from 'vitest';
import {
  buildDeploymentManifests,
  expectationFor,
  renderManifestYaml,
  toTemplateValues,
} from '../../server/domains/deploy/render/render.js';
import type { DeploymentInput, ResolvedDeployment } from '../../server/domains/deploy/types.js';
import {
  validateDeploymentInput,
  validateRenderedManifests,
} from '../../server/domains/deploy/validate/validate.js';
import { ALLOWED_NAMESPACES, at, parseDocs, vllmInput, type Json } from './deploy-fixtures.js';

/**
 * Hostile values in every user-controlled field, each checked three ways:
 *  1. the full pipeline (input validation → render → output validation) rejects it with a typed error,
 *     or renders it inert;
 *  2. with input validation bypassed (a validated deployment with the hostile value swapped in), the
 *     rendered YAML still has exactly the expected documents and keys and the value comes back verbatim
 *     as a string — escaping alone keeps it inert;
 *  3. output validation of that raw render rejects it (or accepts it as an inert string).
 */

const options = { allowedNamespaces: ALLOWED_NAMESPACES };

const HOSTILE: [string, string][] = [
  ['newline + key', 'x\nkind: Secret'],
  ['colon-space', 'a: b'],
  ['document separator', 'x\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pwned'],
  ['comment', 'a #b'],
  ['quotes', `a"b'c\\`],
  ['liquid output', '{{ namespace }}'],
  ['liquid tag', '{% if true %}x{% endif %}'],
  ['fullwidth unicode', 'ｄｅｐｌｏｙ'],
  ['RTL override mark', 'abc\u202efed'],
  ['emoji', 'llama-🦙'],
  ['NUL', 'a\u0000b'],
  ['CRLF', 'a\r\nb: c'],
  ['anchor/alias/flow', '&x {a: *x}'],
  ['300 chars', 'a'.repeat(300)],
];

interface FieldCase {
  field: string;
  input(value: string): DeploymentInput;
  swap(resolved: ResolvedDeployment, value: string): ResolvedDeployment;
  read(docs: Json[]): unknown;
  /** Expected input-validation code, or null when the value is accepted. */
  inputCode(value: string): string | null;
  /** Expected output-validation code for the raw render, or null when it is accepted as an inert string. */
  outputCode: string | null;
}

const hasControl = (v: string) => [...v].some((c) => c.charCodeAt(0) < 0x20 && c !== '\n' && c !== '\t');

const FIELDS: FieldCase[] = [
  {
    field: 'name',
    input: (v) => vllmInput({ name: v }),
    swap: (r, v) => ({ ...r, name: v }),
    read: (d) => at(d[0], 'metadata', 'name'),
    inputCode: () => 'INVALID_NAME',
    outputCode: 'INVALID_NAME',
  },
  {
    field: 'namespace',
    input: (v) => vllmInput({ namespace: v }),
    swap: (r, v) => ({ ...r, namespace: v }),
    read: (d) => at(d[0], 'metadata', 'namespace'),
    inputCode: () => 'INVALID_NAME',
    outputCode: 'INVALID_NAME',
  },
  {
    field: 'model id',
    input: (v) => vllmInput({ model: { hfRepo: v, contextWindow: 131072 } }),
    swap: (r, v) => ({ ...r, model: { ...r.model, hfRepo: v } }),
    read: (d) => at(d[0], 'spec', 'predictor', 'containers', 0, 'args', 1),
    inputCode: () => 'INVALID_MODEL',
    outputCode: null,
  },
  {
    field: 'label value (deployment id)',
    input: (v) => vllmInput({ deploymentId: v }),
    swap: (r, v) => ({ ...r, deploymentId: v }),
    read: (d) => at(d[0], 'metadata', 'labels', 'compass.io/deployment-id'),
    inputCode: () => 'INVALID_LABEL',
    outputCode: 'INVALID_LABEL',
  },
  {
    field: 'label key (extra label)',
    input: (v) => vllmInput({ extraLabels: { [v]: 'marker-value' } }),
    swap: (r, v) => ({ ...r, extraLabels: { [v]: 'marker-value' } }),
    read: (d) => {
      const labels = at(d[0], 'metadata', 'labels') as Record<string, string>;
      return Object.keys(labels).find((k) => labels[k] === 'marker-value');
    },
    inputCode: () => 'INVALID_LABEL',
    outputCode: 'INVALID_LABEL',
  },
  {
    field: 'label value (extra label)',
    input: (v) => vllmInput({ extraLabels: { team: v } }),
    swap: (r, v) => ({ ...r, extraLabels: { team: v } }),
    read: (d) => at(d[0], 'metadata', 'labels', 'team'),
    inputCode: () => 'INVALID_LABEL',
    outputCode: 'INVALID_LABEL',
  },
  {
    field: 'GPU node label',
    input: (v) => vllmInput({ gpu: { type: 'H100', nodeSelectorLabel: v, vendor: 'NVIDIA' } }),
    swap: (r, v) => ({ ...r, gpu: { ...r.gpu, nodeSelectorLabel: v } }),
    read: (d) => at(d[0], 'spec', 'predictor', 'nodeSelector', 'nvidia.com/gpu.product'),
    inputCode: () => 'INVALID_LABEL',
    outputCode: 'INVALID_LABEL',
  },
  {
    field: 'description (free text)',
    input: (v) => vllmInput({ description: v }),
    swap: (r, v) => ({ ...r, description: v }),
    read: (d) => at(d[0], 'metadata', 'annotations', 'compass.io/description'),
    inputCode: (v) => (hasControl(v) ? 'INVALID_VALUE' : null),
    outputCode: null,
  },
];

function baseline(): ResolvedDeployment {
  const checked = validateDeploymentInput(vllmInput(), options);
  if (!checked.ok) throw new Error('fixture invalid');
  return checked.value;
}

/** Key paths of the documents (values excluded), with `value` in a key normalised so structures compare. */
function keyPaths(docs: unknown[], value: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${prefix}[${i}]`));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node))
        walk(child, `${prefix}/${key === value ? '<V>' : key}`);
    } else out.push(prefix);
  };
  docs.forEach((doc, i) => walk(doc, `#${i}`));
  return out.sort();
}

async function rawRender(resolved: ResolvedDeployment): Promise<{ yaml: string; docs: Json[] }> {
  const yaml = await renderManifestYaml(toTemplateValues(resolved));
  return { yaml, docs: parseDocs(yaml) as Json[] };
}

async function outputCodes(resolved: ResolvedDeployment, yaml: string): Promise<string[]> {
  const result = validateRenderedManifests(
    yaml,
    expectationFor(toTemplateValues(resolved), resolved, ALLOWED_NAMESPACES),
  );
  return result.ok ? [] : [...new Set(result.errors.map((e) => e.code))];
}

const rows: string[][] = [];

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  const ascii = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ascii.length > 28 ? `${ascii.slice(0, 25)}...` : ascii;
}

afterAll(() => {
  const header = [
    'field',
    'case',
    'value',
    'input validation',
    'raw render (no input validation)',
    'output validation',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(
    [
      `\nHostile-input results (${rows.length} cases)`,
      line(header),
      widths.map((w) => '-'.repeat(w)).join('-|-'),
      ...rows.map(line),
    ].join('\n'),
  );
});

describe('hostile strings in every user-controlled field', () => {
  const cases = FIELDS.flatMap((f) => HOSTILE.map(([label, value]) => [f.field, label, value, f] as const));

  it.each(cases)('%s ← %s', async (field, label, value, spec) => {
    // 1. full pipeline
    const built = await buildDeploymentManifests(spec.input(value), options);
    const expectedInput = spec.inputCode(value);
    let inputCell: string;
    if (expectedInput) {
      expect(built.ok).toBe(false);
      const found = built.ok ? [] : built.errors.map((e) => e.code);
      expect(found).toContain(expectedInput);
      inputCell = `rejected ${expectedInput}`;
    } else {
      expect(built.ok).toBe(true);
      if (built.ok) expect(spec.read(built.manifests.objects as unknown as Json[])).toBe(value);
      inputCell = 'accepted, inert';
    }

    // 2. raw render with the hostile value swapped in after validation
    const hostile = await rawRender(spec.swap(baseline(), value));
    const marker = await rawRender(spec.swap(baseline(), 'MARKER'));
    expect(hostile.docs).toHaveLength(1);
    expect(spec.read(hostile.docs)).toBe(value);
    expect(keyPaths(hostile.docs, value)).toEqual(keyPaths(marker.docs, 'MARKER'));
    const rawCell = 'inert: 1 doc, same keys, verbatim';

    // 3. output validation of the raw render
    const codes = await outputCodes(spec.swap(baseline(), value), hostile.yaml);
    if (spec.outputCode) expect(codes).toContain(spec.outputCode);
    else expect(codes).toEqual([]);
    rows.push([
      field,
      label,
      show(value),
      inputCell,
      rawCell,
      codes.length ? `rejected ${codes.join(',')}` : 'ok (inert string)',
    ]);
  });
});

describe('hostile numbers and allow-list violations', () => {
  const NUMERIC: {
    label: string;
    input: Partial<DeploymentInput>;
    swap: (r: ResolvedDeployment) => ResolvedDeployment;
    code: string;
  }[] = [
    {
      label: 'gpuCount 3',
      input: { gpuCount: 3 },
      swap: (r) => ({ ...r, gpuCount: 3 }),
      code: 'INVALID_GPU_COUNT',
    },
    {
      label: 'gpuCount 0',
      input: { gpuCount: 0 },
      swap: (r) => ({ ...r, gpuCount: 0 }),
      code: 'INVALID_GPU_COUNT',
    },
    {
      label: 'gpuCount -4',
      input: { gpuCount: -4 },
      swap: (r) => ({ ...r, gpuCount: -4 }),
      code: 'INVALID_GPU_COUNT',
    },
    {
      label: 'gpuCount 2.5',
      input: { gpuCount: 2.5 },
      swap: (r) => ({ ...r, gpuCount: 2.5 }),
      code: 'INVALID_GPU_COUNT',
    },
    {
      label: 'gpuCount "4\\nx: y" (string)',
      input: { gpuCount: '4\nx: y' as unknown as number },
      swap: (r) => ({ ...r, gpuCount: '4\nx: y' as unknown as number }),
      code: 'INVALID_GPU_COUNT',
    },
    {
      label: 'replicas 1e9',
      input: { replicas: { min: 1, max: 1e9 } },
      swap: (r) => ({ ...r, replicas: { min: 1, max: 1e9 } }),
      code: 'INVALID_REPLICAS',
    },
    {
      label: 'replicas min > max',
      input: { replicas: { min: 3, max: 2 } },
      swap: (r) => ({ ...r, replicas: { min: 3, max: 2 } }),
      code: 'INVALID_REPLICAS',
    },
    {
      label: 'replicas 0',
      input: { replicas: { min: 0, max: 0 } },
      swap: (r) => ({ ...r, replicas: { min: 0, max: 0 } }),
      code: 'INVALID_REPLICAS',
    },
    {
      label: 'namespace kube-system',
      input: { namespace: 'kube-system' },
      swap: (r) => ({ ...r, namespace: 'kube-system' }),
      code: 'NAMESPACE_NOT_ALLOWED',
    },
    {
      label: 'negative CPU',
      input: {
        resources: {
          cpuRequestMillis: -500,
          cpuLimitMillis: 1000,
          memoryRequestMi: 1024,
          memoryLimitMi: 2048,
        },
      },
      swap: (r) => ({ ...r, resources: { ...r.resources, cpuRequestMillis: -500 } }),
      code: 'INVALID_RESOURCES',
    },
  ];

  it.each(NUMERIC)('$label', async ({ label, input, swap, code }) => {
    const built = await buildDeploymentManifests(vllmInput(input), options);
    expect(built.ok).toBe(false);
    expect(built.ok ? [] : built.errors.map((e) => e.code)).toContain(code);
    const raw = await rawRender(swap(baseline()));
    expect(raw.docs).toHaveLength(1);
    expect(keyPaths(raw.docs, '')).toEqual(keyPaths((await rawRender(baseline())).docs, ''));
    const codes = await outputCodes(swap(baseline()), raw.yaml);
    expect(codes).toContain(code);
    rows.push([
      'number/allow-list',
      label,
      '',
      `rejected ${code}`,
      'inert: 1 doc, same keys',
      `rejected ${codes.join(',')}`,
    ]);
  });
});
