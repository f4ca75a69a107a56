import type { PrismaClient } from '../../db/clients.js';
import type { PriceList, PriceListEntry } from '../../db/generated/prisma/client.js';
import type { PricingModelKey } from '../../kernel/enums.js';
import { DomainError } from '../../kernel/errors.js';
import {
  entryErrors,
  parsePriceCsv,
  priceOn,
  type PriceEntryInput,
  type PricedEntry,
  type PriceRowError,
} from './core/price-list.js';

/** A team's own GPU prices: saved from GraphQL entries or a CSV, and the prices a spec plans with. */

export interface SavePriceListInput {
  name: string;
  currency?: string | null;
  description?: string | null;
  entries: PriceEntryInput[];
  /** Replace the list's entries (default); false adds to them (same key → updated). */
  replace?: boolean | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;
const MAX_ENTRIES = 10_000;

function invalid(message: string, errors: PriceRowError[] = [], argument = 'input'): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { argument, errors: errors.slice(0, 20) });
}

function describeErrors(errors: readonly PriceRowError[]): string {
  const shown = errors
    .slice(0, 3)
    .map((e) => (e.row > 0 ? `row ${e.row}: ${e.field} ${e.message}` : `${e.field}: ${e.message}`));
  return `${shown.join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`;
}

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Validates everything first; writes in one transaction, so a bad list changes nothing. */
export async function savePriceList(prisma: PrismaClient, input: SavePriceListInput): Promise<PriceList> {
  const name = input.name.trim();
  if (!NAME.test(name)) {
    throw invalid('name must be 1–80 letters, digits, spaces, dots, dashes or underscores', [], 'input.name');
  }
  const currency = (input.currency ?? 'USD').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw invalid('currency must be a 3-letter ISO 4217 code', [], 'input.currency');
  if (input.entries.length === 0) throw invalid('a price list needs at least one entry', [], 'input.entries');
  if (input.entries.length > MAX_ENTRIES)
    throw invalid(`at most ${MAX_ENTRIES} entries`, [], 'input.entries');
  const errors = input.entries.flatMap((e, i) => entryErrors(e, i + 1));
  const gpus = await prisma.gpu.findMany({ select: { id: true, type: true, aliases: true } });
  const gpuIdOf = (name: string): number | undefined => {
    const wanted = name.trim().toLowerCase();
    return gpus.find((g) => [g.type, ...g.aliases].some((n) => n.toLowerCase() === wanted))?.id;
  };
  const rows = input.entries.map((e, i) => {
    const gpuId = gpuIdOf(e.gpu);
    if (gpuId === undefined && e.gpu.trim()) {
      errors.push({
        row: i + 1,
        field: 'gpu',
        message: `"${e.gpu.slice(0, 40)}" is no GPU type or alias of the catalog`,
      });
    }
    return { e, gpuId: gpuId ?? 0 };
  });
  const seen = new Map<string, number>();
  rows.forEach(({ e, gpuId }, i) => {
    const key = `${gpuId}/${e.provider}/${e.region}/${e.pricingModel}/${e.effectiveFrom}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        row: i + 1,
        field: 'effective_from',
        message: `repeats row ${first} (same GPU, provider, region, pricing, date)`,
      });
    } else seen.set(key, i + 1);
  });
  if (errors.length > 0) throw invalid(`price list "${name}" is invalid: ${describeErrors(errors)}`, errors);

  return prisma.$transaction(async (tx) => {
    const list = await tx.priceList.upsert({
      where: { name },
      create: { name, currency, description: input.description ?? '' },
      update: { currency, ...(input.description != null ? { description: input.description } : {}) },
    });
    if (input.replace ?? true) await tx.priceListEntry.deleteMany({ where: { priceListId: list.id } });
    for (const { e, gpuId } of rows) {
      const data = {
        hourlyPrice: e.hourlyPrice,
        effectiveTo: e.effectiveTo ? date(e.effectiveTo) : null,
      };
      await tx.priceListEntry.upsert({
        where: {
          priceListId_gpuId_provider_region_pricingModel_effectiveFrom: {
            priceListId: list.id,
            gpuId,
            provider: e.provider.trim(),
            region: e.region.trim(),
            pricingModel: e.pricingModel,
            effectiveFrom: date(e.effectiveFrom),
          },
        },
        create: {
          priceListId: list.id,
          gpuId,
          provider: e.provider.trim(),
          region: e.region.trim(),
          pricingModel: e.pricingModel,
          effectiveFrom: date(e.effectiveFrom),
          ...data,
        },
        update: data,
      });
    }
    return list;
  });
}

/** CSV columns: gpu, provider, region, pricing, hourly_price, effective_from[, effective_to][, currency]. */
export async function importPriceListCsv(
  prisma: PrismaClient,
  input: Omit<SavePriceListInput, 'entries'> & { csv: string },
): Promise<PriceList> {
  const parsed = parsePriceCsv(input.csv);
  if (parsed.errors.length > 0) {
    throw invalid(`the price CSV is invalid: ${describeErrors(parsed.errors)}`, parsed.errors, 'input.csv');
  }
  const given = input.currency?.trim().toUpperCase();
  if (given && parsed.currency && given !== parsed.currency) {
    throw invalid(`currency ${given} given, but the CSV says ${parsed.currency}`, [], 'input.currency');
  }
  return savePriceList(prisma, {
    ...input,
    currency: given || parsed.currency || 'USD',
    entries: parsed.entries,
  });
}

export interface SpecPrices {
  list: PriceList;
  date: string;
  pricingModel: PricingModelKey | null;
  /** The entry each priced GPU uses, by GPU id. */
  byGpuId: Map<number, PriceListEntry>;
}

/** The entries a spec plans with: per GPU, effective on `date`, of `pricingModel` if given, the cheapest. */
export async function pricesForSpec(
  prisma: PrismaClient,
  name: string,
  day: string,
  pricingModel: PricingModelKey | null,
): Promise<SpecPrices> {
  const list = await prisma.priceList.findUnique({ where: { name }, include: { entries: true } });
  if (!list) {
    const known = await prisma.priceList.findMany({
      select: { name: true },
      orderBy: { name: 'asc' },
      take: 20,
    });
    throw new DomainError(
      'BAD_USER_INPUT',
      `unknown price list ${JSON.stringify(name.slice(0, 80))} (known: ${known.map((l) => l.name).join(', ') || 'none'})`,
      { argument: 'spec.priceList' },
    );
  }
  const priced: (PricedEntry & { row: PriceListEntry })[] = list.entries.map((row) => ({
    gpu: String(row.gpuId),
    gpuType: String(row.gpuId),
    provider: row.provider,
    region: row.region,
    pricingModel: row.pricingModel,
    hourlyPrice: row.hourlyPrice,
    effectiveFrom: isoDay(row.effectiveFrom),
    effectiveTo: row.effectiveTo ? isoDay(row.effectiveTo) : null,
    row,
  }));
  const byGpuId = new Map<number, PriceListEntry>();
  for (const gpuId of new Set(list.entries.map((e) => e.gpuId))) {
    const chosen = priceOn(priced, String(gpuId), day, pricingModel);
    if (chosen) byGpuId.set(gpuId, chosen.row);
  }
  const { entries: _entries, ...bare } = list;
  return { list: bare, date: day, pricingModel, byGpuId };
}
