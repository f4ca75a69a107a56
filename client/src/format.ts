/** Display formatting shared by every screen. Pure. */

const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

export function formatUsd(value: number): string {
  return Math.abs(value) >= 100 ? usd0.format(value) : usd2.format(value);
}

/** A cost in its currency: USD as "$1,234", any other as given ("1,234 EUR"; never converted). */
export function formatMoney(value: number, currency = 'USD'): string {
  if (currency === 'USD') return formatUsd(value);
  return `${value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 })} ${currency}`;
}

/** Milliseconds with sensible precision: 8.26 ms, 43.9 ms, 1,962 ms, 12.3 s. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value >= 10_000) return `${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
  if (value >= 100) return `${Math.round(value).toLocaleString('en-US')} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A fraction as a percentage: 0.804 → "80.4 %". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toLocaleString('en-US', { maximumFractionDigits: digits })} %`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The part of a Hugging Face repo id after the owner: "meta-llama/llama-3.1-8b" → "llama-3.1-8b". */
export function shortRepo(hfRepo: string): string {
  const slash = hfRepo.indexOf('/');
  return slash >= 0 ? hfRepo.slice(slash + 1) : hfRepo;
}

/** "#55781" for a Relay id of "Benchmark:55781" (what explanations cite); the id itself otherwise. */
export function rowLabel(globalId: string): string {
  try {
    const decoded = atob(globalId);
    const match = /^[A-Za-z]+:(\d+)$/.exec(decoded);
    return match ? `#${match[1]}` : globalId;
  } catch {
    return globalId;
  }
}
