/**
 * A small seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32) so that every
 * random choice in the harness — synthetic prompts, Poisson arrivals, bootstrap resamples, test
 * data — is reproducible from a seed. Not cryptographic; use node:crypto for secrets.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer on [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Normal with the given mean and standard deviation (default: standard normal). */
  normal(mean?: number, sd?: number): number;
  /** exp(N(mu, sigma)): the median is e^mu. */
  lognormal(mu: number, sigma: number): number;
  /** Exponential with the given rate (mean 1/rate), e.g. Poisson inter-arrival gaps. */
  exponential(rate: number): number;
  /** Gamma with the given shape (> 0) and scale 1 (mean = shape). */
  gamma(shape: number): number;
  /** Beta(a, b) on (0, 1), mean a / (a + b). */
  beta(a: number, b: number): number;
}

const TWO_POW_32 = 4294967296;

/** FNV-1a hash of a string, for deriving a seed from a run id or recipe name. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  // Scramble the seed (murmur3's finaliser) so that neighbouring seeds start far apart in the sequence.
  let state = Math.trunc(seed) >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35);
  state = (state ^ (state >>> 16)) >>> 0;
  // Marsaglia's polar method yields normals in pairs; the second is kept for the next call.
  let spareNormal: number | null = null;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };

  const standardNormal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spareNormal = v * factor;
      return u * factor;
    }
  };

  // Marsaglia & Tsang (2000) rejection with squeeze for shape >= 1; boosted by U^(1/shape) below 1.
  const gamma = (shape: number): number => {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return gamma(shape + 1) * Math.pow(1 - uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = standardNormal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = 1 - uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v; // cheap squeeze accepts ~98 % without logarithms
      if (Math.log(u) < 0.5 * x2 + d - d * v + d * Math.log(v)) return d * v;
    }
  };

  return {
    uniform,
    int(maxExclusive: number): number {
      if (!(maxExclusive >= 1)) throw new RangeError(`maxExclusive must be >= 1, got ${maxExclusive}`);
      return Math.floor(uniform() * Math.floor(maxExclusive));
    },
    normal(mean = 0, sd = 1): number {
      return mean + sd * standardNormal();
    },
    lognormal(mu: number, sigma: number): number {
      return Math.exp(mu + sigma * standardNormal());
    },
    exponential(rate: number): number {
      if (!(rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
      // 1 - u lies in (0, 1], so the logarithm is finite.
      return -Math.log(1 - uniform()) / rate;
    },
    gamma,
    beta(a: number, b: number): number {
      const x = gamma(a);
      return x / (x + gamma(b));
    },
  };
}
