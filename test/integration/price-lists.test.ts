import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/** A team's own price lists: imported from CSV or set through GraphQL, then planned with per spec. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

// The catalog says L4 $0.80/h and H100 $4.50/h; this team pays the other way round.
const CSV = `gpu,provider,region,pricing,hourly_price,effective_from,effective_to
H100,aws,us-east-1,ON_DEMAND,0.60,2026-01-01,
H100,aws,us-east-1,RESERVED,0.40,2026-01-01,2026-07-01
NVIDIA-L4,gcp,us-east1,ON_DEMAND,9.00,2026-01-01,
`;

const IMPORT = `mutation($input: ImportPriceListInput!) { importPriceList(input: $input) {
  name currency entries { gpu { type } provider region pricingModel hourlyPrice effectiveFrom effectiveTo } } }`;
const SET = `mutation($input: SetPriceListInput!) { setPriceList(input: $input) { name currency entries { gpu { type } hourlyPrice } } }`;
const LISTS = `{ priceLists { name currency entries { hourlyPrice } } }`;
const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) {
  explanation spec { priceList priceDate pricingModel }
  recommendations { rank gpu { type } gpuCount replicas totalGpus monthlyCostUsd currency priceSource explanation }
  rejected { gpu { type } gpuCount code reason }
} }`;

interface Rec {
  rank: number;
  gpu: { type: string };
  gpuCount: number;
  replicas: number;
  totalGpus: number;
  monthlyCostUsd: number;
  currency: string;
  priceSource: string | null;
  explanation: string;
}
interface RecommendResult {
  recommend: {
    explanation: string;
    spec: { priceList: string | null; priceDate: string | null; pricingModel: string | null };
    recommendations: Rec[];
    rejected: { gpu: { type: string }; gpuCount: number; code: string; reason: string }[];
  };
}

const SPEC = {
  useCaseKey: 'chatbot_conversational',
  requestsPerSecond: 5,
  priority: 'COST',
  gpuTypes: ['H100', 'L4'],
  limit: 100,
};

async function recommend(spec: Record<string, unknown>) {
  const res = await gql<RecommendResult>(server, RECOMMEND, { spec: { ...SPEC, ...spec } });
  expect(res.errors).toBeUndefined();
  return res.data!.recommend;
}

describe('price lists', () => {
  it('imports a CSV and plans with it: cost and ranking change, explanations name the list and date', async () => {
    const imported = await gql<{ importPriceList: { currency: string; entries: unknown[] } }>(
      server,
      IMPORT,
      {
        input: { name: 'team-a', csv: CSV },
      },
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importPriceList.currency).toBe('USD');
    expect(imported.data!.importPriceList.entries).toContainEqual({
      gpu: { type: 'H100' },
      provider: 'aws',
      region: 'us-east-1',
      pricingModel: 'RESERVED',
      hourlyPrice: 0.4,
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-07-01',
    });

    const catalog = await recommend({});
    const own = await recommend({ priceList: 'team-a', priceDate: '2026-09-01' });
    const catalogTop = catalog.recommendations[0]!;
    const ownTop = own.recommendations[0]!;
    expect(catalogTop.gpu.type).toBe('L4');
    expect(ownTop.gpu.type).toBe('H100');
    expect(own.spec).toEqual({ priceList: 'team-a', priceDate: '2026-09-01', pricingModel: null });
    for (const r of own.recommendations) {
      // After 2026-07-01 only the ON_DEMAND entries are effective.
      const price = r.gpu.type === 'H100' ? 0.6 : 9;
      expect(r.monthlyCostUsd).toBeCloseTo(r.totalGpus * price * 730, 6);
      expect(r.currency).toBe('USD');
      expect(r.priceSource).toMatch(
        /^price list "team-a": ON_DEMAND (aws us-east-1|gcp us-east1), effective 2026-01-01$/,
      );
      expect(r.explanation).toContain(`(${r.priceSource})`);
    }
    // Same configs, other prices: the costs are not the catalog's.
    const same = catalog.recommendations.find(
      (r) => r.gpu.type === ownTop.gpu.type && r.gpuCount === ownTop.gpuCount,
    )!;
    expect(same.monthlyCostUsd).toBeCloseTo(same.totalGpus * 4.5 * 730, 6);
    expect(own.explanation).toContain('Prices: price list "team-a" in USD');
    expect(own.explanation).toContain('entries effective on 2026-09-01');
  });

  it('picks entries by date and pricing model; GPUs it does not price are NO_PRICE', async () => {
    const reserved = await recommend({
      priceList: 'team-a',
      priceDate: '2026-03-01',
      pricingModel: 'RESERVED',
    });
    expect(reserved.recommendations.length).toBeGreaterThan(0);
    for (const r of reserved.recommendations) {
      expect(r.gpu.type).toBe('H100');
      expect(r.monthlyCostUsd).toBeCloseTo(r.totalGpus * 0.4 * 730, 6);
    }
    const l4 = reserved.rejected.find((r) => r.gpu.type === 'L4')!;
    expect(l4.code).toBe('NO_PRICE');
    expect(l4.reason).toBe('price list "team-a" has no RESERVED price for L4 effective on 2026-03-01');
    const expired = await recommend({
      priceList: 'team-a',
      priceDate: '2026-07-01',
      pricingModel: 'RESERVED',
    });
    expect(expired.recommendations).toEqual([]);
    const before = await recommend({ priceList: 'team-a', priceDate: '2025-12-31' });
    expect(before.recommendations).toEqual([]);
    expect(new Set(before.rejected.map((r) => r.code))).toEqual(new Set(['NO_PRICE']));
  });

  it('shows another currency as given and refuses a USD budget against it', async () => {
    const set = await gql<{ setPriceList: { currency: string } }>(server, SET, {
      input: {
        name: 'team-eu',
        currency: 'eur',
        entries: [
          {
            gpu: 'H100',
            provider: 'ovh',
            region: 'gra',
            pricingModel: 'ON_DEMAND',
            hourlyPrice: 2.5,
            effectiveFrom: '2026-01-01',
          },
        ],
      },
    });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setPriceList.currency).toBe('EUR');
    const eu = await recommend({ priceList: 'team-eu', priceDate: '2026-06-01', gpuTypes: ['H100'] });
    const top = eu.recommendations[0]!;
    expect(top.currency).toBe('EUR');
    expect(top.monthlyCostUsd).toBeCloseTo(top.totalGpus * 2.5 * 730, 6);
    expect(top.explanation).toMatch(/× 2\.50 EUR\/h × 730 h = [\d,.]+ EUR\/month/);
    expect(top.explanation).not.toContain('$');
    const budget = await gql<RecommendResult>(server, RECOMMEND, {
      spec: { ...SPEC, priceList: 'team-eu', maxMonthlyCostUsd: 10_000 },
    });
    expect(budget.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(budget.errors?.[0]?.message).toContain('does not convert currencies');
  });

  it('refuses bad input with the row and field at fault, and changes nothing', async () => {
    const before = await gql(server, LISTS);
    const bad = await gql(server, IMPORT, {
      input: { name: 'team-a', csv: `${CSV}B300,aws,us-east-1,HOURLY,-1,2026-02-30,\n` },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('row 4: pricing must be one of ON_DEMAND, RESERVED, SPOT');
    const missing = await gql(server, IMPORT, { input: { name: 'x', csv: 'gpu,price\nH100,1\n' } });
    expect(missing.errors?.[0]?.message).toContain('column missing');
    const unknownGpu = await gql(server, IMPORT, {
      input: {
        name: 'team-a',
        csv: 'gpu,provider,region,pricing,hourly_price,effective_from\nB300,aws,x,SPOT,1,2026-01-01\n',
      },
    });
    expect(unknownGpu.errors?.[0]?.message).toContain('"B300" is no GPU type or alias of the catalog');
    const unknownList = await gql(server, RECOMMEND, { spec: { ...SPEC, priceList: 'nope' } });
    expect(unknownList.errors?.[0]?.message).toMatch(/unknown price list "nope" \(known: team-a, team-eu\)/);
    const badDate = await gql(server, RECOMMEND, {
      spec: { ...SPEC, priceList: 'team-a', priceDate: '2026-13-01' },
    });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await gql(server, LISTS)).toEqual(before);
  });
});
