/**
 * A team's own GPU prices (pure): CSV rows → entries, and the entry a plan uses for a GPU on a date.
 * CSV header (any order, case-insensitive): gpu, provider, region, pricing (ON_DEMAND | RESERVED | SPOT),
 * hourly_price, effective_from (YYYY-MM-DD), effective_to (optional, exclusive); `currency` optional and,
 * when present, the same on every row.
 */
import { parse } from 'csv-parse/sync';
import { PRICING_MODELS, type PricingModelKey } from '../../../kernel/enums.js';

export interface PriceEntryInput {
  gpu: string;
  provider: string;
  region: string;
  pricingModel: PricingModelKey;
  hourlyPrice: number;
  /** YYYY-MM-DD, inclusive. */
  effectiveFrom: string;
  /** YYYY-MM-DD, exclusive; null = open-ended. */
  effectiveTo: string | null;
}

export interface PriceRowError {
  row: number;
  field: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function pricingModelOf(value: string): PricingModelKey | null {
  const key = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const alias: Record<string, PricingModelKey> = {
    ONDEMAND: 'ON_DEMAND',
    RESERVED_INSTANCE: 'RESERVED',
    PREEMPTIBLE: 'SPOT',
  };
  const found = (PRICING_MODELS as readonly string[]).includes(key) ? (key as PricingModelKey) : alias[key];
  return found ?? null;
}

/** Checks one entry; problems are listed with the row number (1 = first data row). */
export function entryErrors(e: PriceEntryInput, row: number): PriceRowError[] {
  const out: PriceRowError[] = [];
  if (!e.gpu.trim()) out.push({ row, field: 'gpu', message: 'is empty' });
  if (!e.provider.trim()) out.push({ row, field: 'provider', message: 'is empty' });
  if (!e.region.trim()) out.push({ row, field: 'region', message: 'is empty' });
  if (!Number.isFinite(e.hourlyPrice) || e.hourlyPrice < 0) {
    out.push({ row, field: 'hourly_price', message: 'must be a number ≥ 0' });
  }
  if (!isIsoDate(e.effectiveFrom))
    out.push({ row, field: 'effective_from', message: 'must be a YYYY-MM-DD date' });
  if (e.effectiveTo !== null) {
    if (!isIsoDate(e.effectiveTo))
      out.push({ row, field: 'effective_to', message: 'must be a YYYY-MM-DD date' });
    else if (isIsoDate(e.effectiveFrom) && e.effectiveTo <= e.effectiveFrom) {
      out.push({ row, field: 'effective_to', message: 'must be after effective_from' });
    }
  }
  return out;
}

export interface ParsedPriceCsv {
  entries: PriceEntryInput[];
  currency: string | null;
  errors: PriceRowError[];
}

const REQUIRED = ['gpu', 'provider', 'region', 'pricing', 'hourly_price', 'effective_from'] as const;

export function parsePriceCsv(text: string): ParsedPriceCsv {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (error) {
    return {
      entries: [],
      currency: null,
      errors: [{ row: 0, field: 'csv', message: (error as Error).message.slice(0, 200) }],
    };
  }
  const first = records[0];
  if (!first)
    return { entries: [], currency: null, errors: [{ row: 0, field: 'csv', message: 'no data rows' }] };
  const missing = REQUIRED.filter((c) => !(c in first));
  if (missing.length > 0) {
    return {
      entries: [],
      currency: null,
      errors: [
        { row: 0, field: missing[0] as string, message: `column missing (need ${REQUIRED.join(', ')})` },
      ],
    };
  }
  const errors: PriceRowError[] = [];
  const entries: PriceEntryInput[] = [];
  let currency: string | null = null;
  records.forEach((r, i) => {
    const row = i + 1;
    const pricingModel = pricingModelOf(r.pricing ?? '');
    if (!pricingModel)
      errors.push({ row, field: 'pricing', message: `must be one of ${PRICING_MODELS.join(', ')}` });
    const rowCurrency = (r.currency ?? '').trim().toUpperCase();
    if (rowCurrency) {
      if (!/^[A-Z]{3}$/.test(rowCurrency))
        errors.push({ row, field: 'currency', message: 'must be a 3-letter code' });
      else if (currency !== null && currency !== rowCurrency) {
        errors.push({
          row,
          field: 'currency',
          message: `is ${rowCurrency}, earlier rows say ${currency} (one currency per list)`,
        });
      } else currency = rowCurrency;
    }
    const priceText = r.hourly_price ?? '';
    const entry: PriceEntryInput = {
      gpu: r.gpu ?? '',
      provider: r.provider ?? '',
      region: r.region ?? '',
      pricingModel: pricingModel ?? 'ON_DEMAND',
      hourlyPrice: priceText === '' ? Number.NaN : Number(priceText),
      effectiveFrom: r.effective_from ?? '',
      effectiveTo: r.effective_to ? r.effective_to : null,
    };
    errors.push(...entryErrors(entry, row));
    entries.push(entry);
  });
  return { entries, currency, errors };
}

export interface PricedEntry extends PriceEntryInput {
  gpuType: string;
}

/**
 * The entry a plan uses for one GPU type on `date`: effective then (from ≤ date < to), of the pricing
 * model when one is asked for, the cheapest; ties by provider, region, pricing model.
 */
export function priceOn<E extends PricedEntry>(
  entries: readonly E[],
  gpuType: string,
  date: string,
  pricingModel: PricingModelKey | null,
): E | null {
  let best: E | null = null;
  for (const e of entries) {
    if (e.gpuType !== gpuType) continue;
    if (e.effectiveFrom > date || (e.effectiveTo !== null && e.effectiveTo <= date)) continue;
    if (pricingModel !== null && e.pricingModel !== pricingModel) continue;
    if (
      best === null ||
      e.hourlyPrice < best.hourlyPrice ||
      (e.hourlyPrice === best.hourlyPrice &&
        `${e.provider}/${e.region}/${e.pricingModel}` <
          `${best.provider}/${best.region}/${best.pricingModel}`)
    ) {
      best = e;
    }
  }
  return best;
}
