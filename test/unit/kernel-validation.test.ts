import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../server/kernel/errors.js';
import { parseInput } from '../../server/kernel/validation.js';

const args = z.object({
  first: z
    .number()
    .int()
    .min(1, 'first must be at least 1')
    .nullish()
    .transform((v) => v ?? 20),
  tags: z.array(z.string().min(1, 'a tag is not empty')).optional(),
});

describe('parseInput', () => {
  it('returns the parsed value with defaults for left-out and null arguments', () => {
    expect(parseInput(args, {})).toEqual({ first: 20 });
    expect(parseInput(args, { first: null })).toEqual({ first: 20 });
    expect(parseInput(args, { first: 3, tags: ['a'] })).toEqual({ first: 3, tags: ['a'] });
  });

  it('throws BAD_USER_INPUT naming the first bad argument, with every issue in details', () => {
    let caught: unknown;
    try {
      parseInput(args, { first: 0, tags: ['ok', ''] }, 'input');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('first must be at least 1');
    expect(error.details).toEqual({
      argument: 'input.first',
      issues: [
        { path: 'input.first', message: 'first must be at least 1' },
        { path: 'input.tags.1', message: 'a tag is not empty' },
      ],
    });
  });
});
