import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LATENCY_PARAMS,
  decodeStepMs,
  jittered,
  prefillMs,
  slowedDown,
  unloadedE2eMs,
  validateLatencyParams,
  type SimulatorLatencyParams,
} from '../../server/domains/knowledge/core/simulator-latency.js';
import { countTokens, syntheticText, syntheticWords } from '../../server/kernel/tokenizer.js';

const P: SimulatorLatencyParams = {
  ...DEFAULT_LATENCY_PARAMS,
  prefillBaseMs: 12,
  prefillMsPerToken: 0.05,
  decodeBaseMs: 9,
  decodeMsPerRunningSeq: 0.25,
};

describe('latency model', () => {
  it('prefill is a base cost plus a per-token cost', () => {
    expect(prefillMs(P, 0)).toBe(12);
    expect(prefillMs(P, 1000)).toBeCloseTo(62, 10); // 12 + 0.05·1000
    expect(prefillMs(P, -5)).toBe(12);
  });

  it('a decode step grows linearly with the running sequences beyond the first', () => {
    expect(decodeStepMs(P, 1)).toBe(9);
    expect(decodeStepMs(P, 0)).toBe(9);
    expect(decodeStepMs(P, 17)).toBeCloseTo(13, 10); // 9 + 0.25·16
    expect(decodeStepMs(P, 257)).toBeCloseTo(73, 10); // 9 + 0.25·256
  });

  it('defaults resemble an 8B model on one H100', () => {
    const ttft512 = prefillMs(DEFAULT_LATENCY_PARAMS, 512);
    expect(ttft512).toBeGreaterThan(23);
    expect(ttft512).toBeLessThan(27); // 8 + 0.033·512 = 24.9
    expect(decodeStepMs(DEFAULT_LATENCY_PARAMS, 1)).toBe(7);
    expect(decodeStepMs(DEFAULT_LATENCY_PARAMS, 64)).toBeCloseTo(13.3, 10);
    expect(DEFAULT_LATENCY_PARAMS.maxNumSeqs).toBe(256);
  });

  it('unloaded E2E is the prefill plus (o − 1) single-sequence steps', () => {
    expect(unloadedE2eMs(P, 1000, 256)).toBeCloseTo(62 + 255 * 9, 10);
    expect(unloadedE2eMs(P, 0, 1)).toBe(12);
  });

  it('jitter is a symmetric factor in [1 − f, 1 + f)', () => {
    expect(jittered(100, 0.1, 0)).toBeCloseTo(90, 10);
    expect(jittered(100, 0.1, 0.5)).toBe(100);
    expect(jittered(100, 0.1, 0.999999)).toBeLessThan(110);
    expect(jittered(100, 0, 0.9)).toBe(100);
  });

  it('slowdown multiplies every latency and nothing else', () => {
    const slow = slowedDown(P, 1.3);
    expect(prefillMs(slow, 1000)).toBeCloseTo(62 * 1.3, 10);
    expect(decodeStepMs(slow, 17)).toBeCloseTo(13 * 1.3, 10);
    expect(slow.stallMs).toBeCloseTo(1300, 10);
    expect(slow.maxNumSeqs).toBe(P.maxNumSeqs);
    expect(slow.errorRate).toBe(P.errorRate);
  });

  it('validates parameters', () => {
    expect(validateLatencyParams(DEFAULT_LATENCY_PARAMS)).toEqual([]);
    const bad = validateLatencyParams({
      ...P,
      decodeBaseMs: 0,
      prefillMsPerToken: -1,
      maxNumSeqs: 1.5,
      jitterFraction: 1,
      errorRate: 2,
    });
    expect(bad).toHaveLength(5);
    expect(bad.join('\n')).toMatch(/decodeBaseMs.*\n?/);
  });
});

describe('token approximation', () => {
  it('counts whitespace-separated words', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('   ')).toBe(0);
    expect(countTokens('hello')).toBe(1);
    expect(countTokens('  the quick\tbrown\n\nfox  ')).toBe(4);
  });

  it('splits words at exactly the whitespace \\s matches in a regular expression, for every UTF-16 code unit', () => {
    const regexCount = (text: string) => text.match(/\S+/g)?.length ?? 0;
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      const text = `a${char}b ${char}${char} c`;
      expect(countTokens(text), `U+${code.toString(16)}`).toBe(regexCount(text));
    }
  });

  it('synthetic text has exactly the requested number of tokens, deterministically', () => {
    for (const n of [0, 1, 7, 512, 4096]) expect(countTokens(syntheticText(n, 42))).toBe(n);
    expect(syntheticText(50, 1)).toBe(syntheticText(50, 1));
    expect(syntheticText(50, 1)).not.toBe(syntheticText(50, 2));
    expect(syntheticWords(5, 3).join(' ')).toBe(syntheticText(5, 3));
    expect(syntheticText(2000, 9)).toMatch(/^[a-z]+( [a-z]+)*$/);
    expect(() => syntheticText(-1, 0)).toThrow(RangeError);
  });
});
