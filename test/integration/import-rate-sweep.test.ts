import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportedSummariesJson,
  exportedSummariesSweep,
  type SweepRow,
} from '../helpers/exported-summaries.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const IMPORT = `mutation($input: ImportBenchmarksInput!) {
  importBenchmarks(input: $input) {
    format detected dryRun inserted updated warnings
    configs { modelHfRepo hardware hardwareCount promptTokens outputTokens trafficProfile inserts updates }
    errors { row field code message }
  }
}`;

interface ImportPayload {
  importBenchmarks: {
    format: string | null;
    detected: boolean;
    dryRun: boolean;
    inserted: number;
    updated: number;
    warnings: string[];
    configs: {
      modelHfRepo: string;
      hardware: string;
      hardwareCount: number;
      inserts: number;
      updates: number;
    }[];
    errors: { row: number | null; field: string | null; code: string; message: string }[];
  };
}

const RECOMMEND = `query($spec: DeploymentSpecInput!) {
  recommend(spec: $spec) {
    recommendations {
      model { hfRepo } gpu { type hourlyPriceUsd } gpuCount replicas totalGpus monthlyCostUsd perReplicaCapacityRps
      perReplicaLoadRps predicted { ttftP95Ms itlP95Ms e2eP95Ms } source confidence
      benchmarksUsed { source promptTokens outputTokens requestsPerSecond }
    }
    nearMisses { model { hfRepo } gpu { type } gpuCount }
    rejected(first: 200) { code model { hfRepo } gpu { type } gpuCount }
  }
}`;

interface Rec {
  model: { hfRepo: string };
  gpu: { type: string; hourlyPriceUsd: number };
  gpuCount: number;
  replicas: number;
  totalGpus: number;
  monthlyCostUsd: number;
  perReplicaCapacityRps: number;
  perReplicaLoadRps: number;
  predicted: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
  source: string;
  confidence: string;
  benchmarksUsed: { source: string; promptTokens: number; outputTokens: number; requestsPerSecond: number }[];
}

interface RecommendPayload {
  recommend: {
    recommendations: Rec[];
    nearMisses: { model: { hfRepo: string }; gpu: { type: string }; gpuCount: number }[];
    rejected: { code: string; model: { hfRepo: string }; gpu: { type: string }; gpuCount: number }[];
  };
}

const GPU_TYPE: Record<string, string> = {
  'NVIDIA-H100-80GB-HBM3': 'H100',
  'A100-80': 'A100-80',
  'NVIDIA-L4': 'L4',
  H200: 'H200',
};

/**
 * SPEC §4 step 4 worked out independently: linear interpolation of each p95 between the two feasible rows that
 * bracket the per-replica load q (the lightest feasible row's values below it; a row at q exactly: its values).
 */
function interpolated(feasible: SweepRow[], q: number): [number, number, number] {
  const rows = [...feasible].sort((a, b) => a.requests_per_second - b.requests_per_second);
  const values = (r: SweepRow): [number, number, number] => [r.ttft_p95, r.itl_p95, r.e2e_p95];
  const below = rows.filter((r) => r.requests_per_second <= q).at(-1);
  const above = rows.find((r) => r.requests_per_second >= q);
  if (below === undefined) return values(rows[0]!);
  if (above === undefined || above.requests_per_second === below.requests_per_second) return values(below);
  const t = (q - below.requests_per_second) / (above.requests_per_second - below.requests_per_second);
  const [lo, hi] = [values(below), values(above)];
  return [0, 1, 2].map((i) => lo[i]! + t * (hi[i]! - lo[i]!)) as [number, number, number];
}

const key = (model: string, gpu: string, count: number) => `${model.toLowerCase()}|${gpu}|${count}`;

async function importedCount(): Promise<number> {
  return server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } });
}

describe('an exported_summaries rate-sweep export (1,383 rows, no concurrency / rate / config_id)', () => {
  const content = exportedSummariesJson();

  it('dry run: reports inserts per config, detects the format, writes nothing', async () => {
    const result = await gql<ImportPayload>(server, IMPORT, { input: { content, dryRun: true } });
    const payload = result.data!.importBenchmarks;
    expect(payload.errors).toEqual([]);
    expect(payload).toMatchObject({
      format: 'SUMMARIES_JSON',
      detected: true,
      dryRun: true,
      inserted: 1383,
      updated: 0,
    });
    expect(payload.configs).toHaveLength(157);
    expect(payload.configs.reduce((sum, c) => sum + c.inserts, 0)).toBe(1383);
    expect(await importedCount()).toBe(0);
  });

  it('imports in one call, every achieved rate its own load level', async () => {
    const result = await gql<ImportPayload>(server, IMPORT, { input: { content } });
    expect(result.data!.importBenchmarks).toMatchObject({ inserted: 1383, updated: 0, errors: [] });
    expect(await importedCount()).toBe(1383);
  });

  it('re-importing inserts 0 and updates every row in place; a dry run now says so per config', async () => {
    const dry = await gql<ImportPayload>(server, IMPORT, { input: { content, dryRun: true } });
    expect(dry.data!.importBenchmarks).toMatchObject({ inserted: 0, updated: 1383 });
    expect(dry.data!.importBenchmarks.configs.every((c) => c.inserts === 0 && c.updates > 0)).toBe(true);
    const again = await gql<ImportPayload>(server, IMPORT, { input: { content } });
    expect(again.data!.importBenchmarks).toMatchObject({ inserted: 0, updated: 1383, errors: [] });
    expect(await importedCount()).toBe(1383);
  });

  it('the same export as a CSV and as a pg_dump COPY block: detected, the same 1,383 rows, updated in place', async () => {
    const rows = exportedSummariesSweep();
    const columns = Object.keys(rows[0]!) as (keyof SweepRow)[];
    const csv = [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c])).join(','))].join(
      '\n',
    );
    const dump = [
      "SET client_encoding = 'UTF8';",
      `COPY public.exported_summaries (${columns.join(', ')}) FROM stdin;`,
      ...rows.map((r) => columns.map((c) => String(r[c])).join('\t')),
      '\\.',
      '',
    ].join('\n');
    for (const [content, format] of [
      [csv, 'SUMMARIES_CSV'],
      [dump, 'SUMMARIES_SQL'],
    ] as const) {
      const result = await gql<ImportPayload>(server, IMPORT, { input: { content } });
      expect(result.data!.importBenchmarks).toMatchObject({
        format,
        detected: true,
        inserted: 0,
        updated: 1383,
        errors: [],
      });
    }
    expect(await importedCount()).toBe(1383);
  });

  it('a malformed variant (one bad cell among 1,383 rows) is rejected whole and writes nothing', async () => {
    const rows: Record<string, unknown>[] = exportedSummariesSweep().map((row) => ({ ...row }));
    rows[700] = { ...rows[700], ttft_p95: 'NaN', requests_per_second: 999 };
    const before = await server.clients.api.benchmark.findMany({
      where: { source: 'IMPORTED' },
      select: { configId: true, updatedAt: true },
      orderBy: { id: 'asc' },
    });
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { format: 'SUMMARIES_JSON', content: JSON.stringify({ benchmarks: rows }) },
    });
    const payload = result.data!.importBenchmarks;
    expect(payload.inserted + payload.updated).toBe(0);
    expect(payload.errors).toEqual([
      expect.objectContaining({ row: 701, field: 'ttft_p95', code: 'INVALID_VALUE' }),
    ]);
    const after = await server.clients.api.benchmark.findMany({
      where: { source: 'IMPORTED' },
      select: { configId: true, updatedAt: true },
      orderBy: { id: 'asc' },
    });
    expect(after).toEqual(before);
  });

  it('recommend(sources: [IMPORTED]) follows SPEC §4 exactly on the imported rows', async () => {
    const q = 5;
    const slo = { ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 };
    const result = await gql<RecommendPayload>(server, RECOMMEND, {
      spec: {
        promptTokens: 512,
        outputTokens: 256,
        slo,
        requestsPerSecond: q,
        headroomPercent: 0,
        sources: ['IMPORTED'],
        limit: 100,
      },
    });
    expect(result.errors).toBeUndefined();
    const { recommendations, nearMisses, rejected } = result.data!.recommend;

    // The rule worked out independently from the file: exact (model, GPU, count, 512→256) rows only.
    const byConfig = new Map<string, SweepRow[]>();
    for (const row of exportedSummariesSweep()) {
      if (row.prompt_tokens !== 512 || row.output_tokens !== 256) continue;
      const k = key(row.model_hf_repo, GPU_TYPE[row.hardware]!, row.hardware_count);
      byConfig.set(k, [...(byConfig.get(k) ?? []), row]);
    }
    const expected = new Map<string, number>();
    const feasibleOf = new Map<string, SweepRow[]>();
    for (const [k, rows] of byConfig) {
      const feasible = rows.filter(
        (r) => r.ttft_p95 <= slo.ttftP95Ms && r.itl_p95 <= slo.itlP95Ms && r.e2e_p95 <= slo.e2eP95Ms,
      );
      if (feasible.length > 0) expected.set(k, Math.max(...feasible.map((r) => r.requests_per_second)));
      feasibleOf.set(k, feasible);
    }
    expect(expected.size).toBeGreaterThan(5);
    expect(expected.size).toBeLessThan(byConfig.size); // some configs miss the SLO: the test can tell

    const recommended = new Map(recommendations.map((r) => [key(r.model.hfRepo, r.gpu.type, r.gpuCount), r]));
    expect(new Set(recommended.keys())).toEqual(new Set(expected.keys()));
    for (const [k, capacity] of expected) {
      const rec = recommended.get(k)!;
      expect(rec.source).toBe('IMPORTED');
      expect(rec.confidence).toBe('IMPORTED');
      expect(rec.perReplicaCapacityRps).toBeCloseTo(capacity, 9);
      const replicas = Math.max(1, Math.ceil(q / capacity - 1e-9));
      expect(rec.replicas).toBe(replicas);
      // Step 3: GPUs = R × GPU count; monthly cost = GPUs × hourly price × 730.
      expect(rec.totalGpus).toBe(replicas * rec.gpuCount);
      expect(rec.monthlyCostUsd).toBeCloseTo(replicas * rec.gpuCount * rec.gpu.hourlyPriceUsd * 730, 6);
      // Step 4: p95s at the real per-replica load Q/R.
      expect(rec.perReplicaLoadRps).toBeCloseTo(q / replicas, 9);
      const [ttft, itl, e2e] = interpolated(feasibleOf.get(k)!, q / replicas);
      expect(rec.predicted.ttftP95Ms).toBeCloseTo(ttft, 6);
      expect(rec.predicted.itlP95Ms).toBeCloseTo(itl, 6);
      expect(rec.predicted.e2eP95Ms).toBeCloseTo(e2e, 6);
      for (const used of rec.benchmarksUsed) {
        expect(used).toMatchObject({ source: 'IMPORTED', promptTokens: 512, outputTokens: 256 });
      }
    }
    // Every other 512→256 config of the file is rejected or a near miss, never silently dropped.
    const others = new Set(
      [...nearMisses, ...rejected.filter((r) => r.code === 'SLO_NOT_MET')].map((r) =>
        key(r.model.hfRepo, r.gpu.type, r.gpuCount),
      ),
    );
    for (const k of byConfig.keys()) if (!expected.has(k)) expect(others.has(k)).toBe(true);
  });
});
