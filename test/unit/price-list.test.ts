import { describe, expect, it } from 'vitest';
import { parsePriceCsv, priceOn, type PricedEntry } from '../../server/domains/catalog/core/price-list.js';

describe('price list CSV', () => {
  it('reads rows in any column order, with aliases for the pricing model and one currency', () => {
    const parsed = parsePriceCsv(
      'Effective_From,GPU,provider,region,pricing,hourly_price,currency\n2026-01-01,H100,aws,us-east-1,on-demand,2.5,eur\n2026-01-01,L4,aws,us-east-1,preemptible,0.3,EUR\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.currency).toBe('EUR');
    expect(parsed.entries.map((e) => e.pricingModel)).toEqual(['ON_DEMAND', 'SPOT']);
  });

  it('lists every bad field with its row', () => {
    const parsed = parsePriceCsv(
      'gpu,provider,region,pricing,hourly_price,effective_from,effective_to,currency\nH100,aws,x,RESERVED,abc,2026-02-30,,USD\nL4,,x,SPOT,1,2026-01-02,2026-01-01,EUR\n',
    );
    expect(parsed.errors).toEqual([
      { row: 1, field: 'hourly_price', message: 'must be a number ≥ 0' },
      { row: 1, field: 'effective_from', message: 'must be a YYYY-MM-DD date' },
      { row: 2, field: 'currency', message: 'is EUR, earlier rows say USD (one currency per list)' },
      { row: 2, field: 'provider', message: 'is empty' },
      { row: 2, field: 'effective_to', message: 'must be after effective_from' },
    ]);
  });
});

describe('the price a plan uses', () => {
  const e = (p: Partial<PricedEntry>): PricedEntry => ({
    gpu: 'H100',
    gpuType: 'H100',
    provider: 'aws',
    region: 'r',
    pricingModel: 'ON_DEMAND',
    hourlyPrice: 2,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    ...p,
  });
  const entries = [
    e({}),
    e({ pricingModel: 'RESERVED', hourlyPrice: 1.2, effectiveTo: '2026-07-01' }),
    e({ provider: 'gcp', hourlyPrice: 1.8, effectiveFrom: '2026-05-01' }),
  ];
  it('is the cheapest effective entry on the date (from inclusive, to exclusive)', () => {
    expect(priceOn(entries, 'H100', '2026-03-01', null)?.hourlyPrice).toBe(1.2);
    expect(priceOn(entries, 'H100', '2026-07-01', null)?.hourlyPrice).toBe(1.8);
    expect(priceOn(entries, 'H100', '2026-03-01', 'ON_DEMAND')?.hourlyPrice).toBe(2);
    expect(priceOn(entries, 'H100', '2025-12-31', null)).toBeNull();
    expect(priceOn(entries, 'L4', '2026-03-01', null)).toBeNull();
  });
});
