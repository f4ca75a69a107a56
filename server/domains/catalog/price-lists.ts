import type { PrismaClient } from '../../db/clients.js';
import type { PriceList, PriceListEntry } from '../../db/generated/prisma/client.js';
import type { PricingModelKey } from '../../kernel/enums.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { orDefault, orNull, parseInput } from '../../kernel/validation.js';
import {
  entryErrors,
  parsePriceCsv,
  priceOn,
  type PriceEntryInput,
  type PricedEntry,
  type PriceRowError,
} from './core/price-list.js';

/** A team's own GPU prices: saved from GraphQL entries or a CSV, and the prices a spec plans with. */

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;
const MAX_ENTRIES = 10_000;
export const DEFAULT_CURRENCY = 'USD';

/** What setPriceList and importPriceList share: the list's name, currency, description and mode. */
const listFields = {
  name: z
    .string({ error: 'name must be text' })
    .transform((name) => name.trim())
    .refine((name) => NAME.test(name), {
      error: 'name must be 1–80 letters, digits, spaces, dots, dashes or underscores',
    }),
  /** ISO 4217; absent: the CSV's currency column, else DEFAULT_CURRENCY. */
  currency: orNull(
    z
      .string({ error: 'currency must be a 3-letter ISO 4217 code' })
      .transform((code) => code.trim().toUpperCase())
      .refine((code) => /^[A-Z]{3}$/.test(code), { error: 'currency must be a 3-letter ISO 4217 code' }),
  ),
  description: orNull(z.string({ error: 'description must be text' })),
  /** Replace the list's entries (default); false adds to them (same key → updated). */
  replace: orDefault(z.boolean({ error: 'replace must be a boolean' }), true),
};

/**
 * setPriceList's input. The entries' own checks (core/price-list.ts `entryErrors`, shared with the CSV
 * reader) and the catalog's GPU names are reported per row, every row at once, in `details.errors`.
 */
export const savePriceListSchema = z.object({
  ...listFields,
  entries: z
    .array(
      z.custom<PriceEntryInput>((e) => typeof e === 'object' && e !== null),
      {
        error: 'entries must be a list of price entries',
      },
    )
    .min(1, { error: 'a price list needs at least one entry' })
    .max(MAX_ENTRIES, { error: `at most ${MAX_ENTRIES} entries` }),
});
export type SavePriceListInput = z.input<typeof savePriceListSchema>;

/** importPriceList's input: the same list fields and the CSV text. */
export const importPriceListSchema = z.object({
  ...listFields,
  csv: z.string({ error: 'csv must be the text of a price CSV' }),
});
export type ImportPriceListInput = z.input<typeof importPriceListSchema>;

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
export async function savePriceList(prisma: PrismaClient, raw: SavePriceListInput): Promise<PriceList> {
  const input = parseInput(savePriceListSchema, raw, 'input');
  return saveEntries(prisma, { ...input, currency: input.currency ?? DEFAULT_CURRENCY });
}

async function saveEntries(
  prisma: PrismaClient,
  input: Omit<z.output<typeof savePriceListSchema>, 'currency'> & { currency: string },
): Promise<PriceList> {
  const { name, currency } = input;
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
    if (input.replace) await tx.priceListEntry.deleteMany({ where: { priceListId: list.id } });
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
  raw: ImportPriceListInput,
): Promise<PriceList> {
  const { csv, ...input } = parseInput(importPriceListSchema, raw, 'input');
  const parsed = parsePriceCsv(csv);
  if (parsed.errors.length > 0) {
    throw invalid(`the price CSV is invalid: ${describeErrors(parsed.errors)}`, parsed.errors, 'input.csv');
  }
  const given = input.currency;
  if (given && parsed.currency && given !== parsed.currency) {
    throw invalid(`currency ${given} given, but the CSV says ${parsed.currency}`, [], 'input.currency');
  }
  if (parsed.entries.length === 0) throw invalid('a price list needs at least one entry', [], 'input.csv');
  if (parsed.entries.length > MAX_ENTRIES) throw invalid(`at most ${MAX_ENTRIES} entries`, [], 'input.csv');
  return saveEntries(prisma, {
    ...input,
    currency: given ?? parsed.currency ?? DEFAULT_CURRENCY,
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
