import { decodeGlobalID } from '@pothos/plugin-relay';
import { userError } from './errors.js';

/**
 * Accepts a Relay global id of the expected type (or a bare integer id, handy in GraphiQL and the CLI)
 * and returns the database id; anything else is a BAD_USER_INPUT error naming the argument.
 */
export function decodeNumericId(value: string | number, typename: string, argument: string): number {
  const raw = String(value);
  if (/^\d+$/.test(raw)) return Number(raw);
  try {
    const decoded = decodeGlobalID(raw);
    if (decoded.typename === typename && /^\d+$/.test(decoded.id)) return Number(decoded.id);
  } catch {
    // fall through to the typed error
  }
  throw userError('BAD_USER_INPUT', `${argument} is not a ${typename} id`, { argument });
}
