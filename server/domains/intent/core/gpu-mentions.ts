import type { ExtractionContext } from '../types.js';

/**
 * GPU names in free text → canonical catalog types.
 *
 * Resolution of one name, in order: an alias of the catalog (any case, with or without the vendor
 * prefix, "A100 80GB" = "A100-80GB"); the same without a plural "s" ("H100s"); a family — the
 * canonical type without its memory suffix — which expands to every type of that family ("A100" →
 * A100-40 and A100-80); else a type that is the name plus a letter variant suffix ("MI300" → MI300X).
 * An exact alias wins over the plural reading, so "L40S" is the L40S when the catalog has one and the
 * L40 when it does not.
 */

export interface GpuResolution {
  types: string[];
  viaFamily: boolean;
}

export interface GpuResolver {
  resolve(name: string): GpuResolution;
  canonicalTypes: string[];
  /** Types whose catalog aliases carry this vendor prefix ("amd" → MI300X). */
  vendorTypes(vendor: string): string[];
}

export function normalizeGpuName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^(?:nvidia|amd)(?:[\s_-]+instinct)?[\s_-]+|^instinct[\s_-]+/, '')
    .replace(/[\s_]+/g, '-')
    .replace(/-?(\d+)-?gb\b/g, '-$1gb')
    .replace(/-+/g, '-');
}

function familyOf(normalized: string): string {
  return normalized.replace(/-\d+(?:gb)?$/, '');
}

export function gpuResolver(ctx: ExtractionContext): GpuResolver {
  const exact = new Map<string, string>();
  const canonicalTypes: string[] = [];
  for (const [alias, type] of Object.entries(ctx.gpuAliases)) {
    if (!canonicalTypes.includes(type)) canonicalTypes.push(type);
    for (const name of [alias, type]) {
      const n = normalizeGpuName(name);
      exact.set(n, type);
      exact.set(n.replace(/gb$/, ''), type);
    }
  }
  const families = new Map<string, string[]>();
  for (const type of canonicalTypes) {
    const family = familyOf(normalizeGpuName(type));
    families.set(family, [...(families.get(family) ?? []), type]);
  }
  const resolve = (name: string): GpuResolution => {
    const n = normalizeGpuName(name);
    const candidates = [n, n.endsWith('s') ? n.slice(0, -1) : null].filter((c): c is string => c !== null);
    for (const c of candidates) {
      const type = exact.get(c);
      if (type) return { types: [type], viaFamily: false };
    }
    for (const c of candidates) {
      const members = families.get(familyOf(c));
      if (members) return { types: [...members], viaFamily: members.length > 1 };
    }
    // "MI300" for the MI300X: a name the catalog has only with a letter variant suffix.
    for (const c of candidates) {
      if (!/\d$/.test(c)) continue;
      const variants = canonicalTypes.filter((t) => {
        const f = familyOf(normalizeGpuName(t));
        return f.startsWith(c) && /^[a-z]{1,2}$/.test(f.slice(c.length));
      });
      if (variants.length > 0) return { types: variants, viaFamily: variants.length > 1 };
    }
    // "A100-SXM4-80GB": drop trailing dash parts until something resolves.
    const parts = n.split('-');
    if (parts.length > 1) return resolve(parts.slice(0, -1).join('-'));
    return { types: [], viaFamily: false };
  };
  const vendorTypes = (vendor: string) => [
    ...new Set(
      Object.entries(ctx.gpuAliases)
        .filter(([alias]) => alias.toLowerCase().startsWith(`${vendor.toLowerCase()}-`))
        .map(([, type]) => type),
    ),
  ];
  return { resolve, canonicalTypes, vendorTypes };
}

export interface GpuMention {
  index: number;
  end: number;
  text: string;
  types: string[];
  viaFamily: boolean;
  excluded: boolean;
}

const MENTION_RE =
  /(?:(?<![\w-])|(?<=\d\s?[x×]))((?:nvidia|amd)(?:[\s-]+instinct)?[\s-]+)?([a-z]{1,3}\d{1,4}[a-z]{0,3}(?:-[a-z0-9]+)*)(\s\d{2,3}\s?gb)?(?![\w-])/gi;
const LIST_SEPARATOR = /^\s*(?:,|\/|&|\bor\b|\band\b|\bnor\b|,\s*(?:or|and|nor)\b)?\s*$/i;
const CLAUSE_BOUNDARY =
  /[.;:!?\n,(]|\b(?:but|however|though|although|only|so|instead|whereas|while|ideally|preferably)\b/gi;
const NEGATION =
  /\b(?:no|not|without|except|excluding|exclude|avoid|avoiding|never|nor|don'?t|do not|doesn'?t|does not|can'?t|cannot|won'?t|other than|rather than|instead of|skip|ban|banned)\b(?!\s+(?:more|less|fewer)\s+than)(?!\s+(?:exceed|go over|going over))/i;
const ANYTHING_BUT = /\b(?:anything|everything|any\s+gpus?|all)\s+but\s*$/i;
const TRAILING_EXCLUSION =
  /\b(?:not allowed|not available|unavailable|off the table|out of the question|not an option|too (?:expensive|slow|small|pricey)|excluded|banned|forbidden|ruled out|are out|is out)\b/i;

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ');
}

/** Negated in the clause just before it ("no L4", "not on H100") or just after ("L4s are not an option"). */
function isExcluded(before: string, after: string): boolean {
  if (ANYTHING_BUT.test(before)) return true;
  let cut = 0;
  for (const m of before.matchAll(CLAUSE_BOUNDARY)) cut = m.index + m[0].length;
  if (NEGATION.test(lastWords(before.slice(cut), 4))) return true;
  const clauseEnd = after.search(/[.;!?,\n]|\bbut\b/i);
  return TRAILING_EXCLUSION.test(clauseEnd < 0 ? after.slice(0, 60) : after.slice(0, clauseEnd));
}

export interface GpuScan {
  mentions: GpuMention[];
  /** GPU-looking names the catalog does not know ("T4 GPUs"), to tell the user they were ignored. */
  unknown: string[];
}

export function findGpuMentions(text: string, resolver: GpuResolver): GpuScan {
  const raw: Omit<GpuMention, 'excluded'>[] = [];
  const unknown: string[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const name = `${m[2] ?? ''}${m[3] ? `-${m[3].trim()}` : ''}`;
    // "L40s" (lower-case s after the digits) is a plural of L40, "L40S" the L40S.
    const plural = !m[3] && /\ds$/.test(m[2] ?? '') ? resolver.resolve(name.slice(0, -1)) : null;
    const resolution = plural && plural.types.length > 0 ? plural : resolver.resolve(name);
    if (resolution.types.length === 0) {
      const vendor = Boolean(m[1]);
      const gpuWord = /^\s*gpus?\b/i.test(text.slice(m.index + m[0].length));
      if ((vendor || gpuWord) && /^[a-z]{1,3}\d/i.test(m[2] ?? '')) unknown.push(m[0].trim());
      continue;
    }
    raw.push({
      index: m.index,
      end: m.index + m[0].length,
      text: m[0],
      types: resolution.types,
      viaFamily: resolution.viaFamily,
    });
  }
  // A vendor on its own ("no AMD GPUs", "not on AMD") stands for its catalog types.
  for (const m of text.matchAll(/\bAMD\b(?![\s-]*(?:instinct|mi\d))/gi)) {
    const types = resolver.vendorTypes('amd');
    if (types.length > 0) {
      raw.push({ index: m.index, end: m.index + m[0].length, text: m[0], types, viaFamily: false });
    }
  }
  raw.sort((a, b) => a.index - b.index);
  // Consecutive mentions joined only by list separators ("no L4, A10G or L20") share one negation.
  const mentions: GpuMention[] = [];
  let groupStart = 0;
  for (let i = 0; i <= raw.length; i++) {
    const current = raw[i];
    const previous = raw[i - 1];
    const continues =
      current !== undefined &&
      previous !== undefined &&
      LIST_SEPARATOR.test(text.slice(previous.end, current.index).replace(/^s\b/, ''));
    if (i > 0 && !continues) {
      const group = raw.slice(groupStart, i);
      const first = group[0];
      const last = group[group.length - 1];
      if (first && last) {
        const prevEnd = raw[groupStart - 1]?.end ?? 0;
        const before = text.slice(Math.max(prevEnd, first.index - 80), first.index);
        const excluded = isExcluded(before, text.slice(last.end, last.end + 80));
        for (const g of group) mentions.push({ ...g, excluded });
      }
      groupStart = i;
    }
  }
  return { mentions, unknown };
}
