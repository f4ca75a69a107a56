import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  openRecipe,
  openSecret,
  redactRecipe,
  redactSecret,
  sealRecipe,
  sealSecret,
} from '../../server/domains/loadtest/core/secrets.js';

const key = randomBytes(32);

describe('recipe secrets', () => {
  it('seal and open round-trip; another key or a changed byte fails', () => {
    const sealed = sealSecret('sk-abc', key);
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('sk-abc');
    expect(openSecret(sealed, key)).toBe('sk-abc');
    expect(() => openSecret(sealed, randomBytes(32))).toThrow();
    expect(() => openSecret(`${sealed.slice(0, -2)}AA`, key)).toThrow();
  });
  it('redacts to *** with at most the last 4 characters of long values', () => {
    expect(redactSecret('sk-live-0123456789abcd')).toBe('***abcd');
    expect(redactSecret('short')).toBe('***');
    expect(redactSecret(sealSecret('sk-live-0123456789abcd', key))).toBe('***');
  });
  it('seals, opens and redacts a recipe target', () => {
    const recipe = {
      name: 'r',
      target: { baseUrl: 'http://x', apiKey: 'k-0123456789ab', headers: { a: 'v' } },
    };
    const sealed = sealRecipe(recipe, key);
    expect(JSON.stringify(sealed)).not.toContain('k-0123456789ab');
    expect(openRecipe(sealed, key)).toEqual(recipe);
    expect(redactRecipe(recipe).target).toEqual({
      baseUrl: 'http://x',
      apiKey: '***89ab',
      headers: { a: '***' },
    });
    expect(redactRecipe({ name: 'no target secrets', target: { baseUrl: 'http://x' } }).target).toEqual({
      baseUrl: 'http://x',
    });
  });
});
