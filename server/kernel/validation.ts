import type { z } from 'zod';
import { DomainError } from './errors.js';

/**
 * The one way a service checks its input: `safeParse` against the zod schema that declares the checks
 * and the defaults; the first issue becomes BAD_USER_INPUT naming its argument, every issue is in
 * `details.issues`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argumentPrefix = ''): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [argumentPrefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: argumentPrefix, message: 'invalid input' };
  throw new DomainError('BAD_USER_INPUT', first.message, { argument: first.path, issues });
}

/** An optional field whose absence (or null, as GraphQL sends it) means `fallback`: the default, declared once. */
export function orDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema.nullish().transform((value): z.output<T> => value ?? fallback);
}

/** An optional field whose absence reads as null. */
export function orNull<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value): z.output<T> | null => value ?? null);
}
