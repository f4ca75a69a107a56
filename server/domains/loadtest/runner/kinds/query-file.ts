/**
 * The `postgres` kind's user workload: a SQL file whose statements one unit of work runs in order,
 * with `:name` parameters whose values the runner generates per unit (docs/benchmark-runner.md
 * "A query file"). Pure: parsing and value generation, no connections.
 *
 * - Statements end with `;` (outside quotes and comments); `--` comments are dropped, and a
 *   `-- name: x` line before a statement names it (its per-statement latency key), else it is `q1`, `q2`, ….
 * - `:name` outside string literals, quoted identifiers and comments is a parameter and becomes `$n`
 *   (one `$n` per distinct name); `::type` casts are left alone.
 * - Values are a pure function of (seed, level × repetition stream, the unit's global sequence
 *   number), so a rerun, and a multi-worker run's shards together, issue the same statements.
 */
import { createRng } from '../../../../kernel/rng.js';
import type { QueryParam } from '../../recipe-targets.js';
import { mixSeed } from '../prompts.js';

export interface QueryStatement {
  name: string;
  /** The SQL with `$1…$n` in place of the named parameters. */
  text: string;
  /** Parameter names in `$n` order. */
  params: string[];
}

export class QueryFileError extends Error {}

const NAME_LINE = /^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$/i;
const IDENT_START = /[a-z_]/i;
const IDENT = /[a-z0-9_]/i;

/** Splits a SQL file into statements and turns their `:name` parameters into `$n`. */
export function parseQueryFile(text: string, source = 'query file'): QueryStatement[] {
  const statements: QueryStatement[] = [];
  let sql = '';
  let params: string[] = [];
  let name: string | null = null;
  let i = 0;
  const finish = () => {
    const trimmed = sql.trim();
    if (trimmed !== '') {
      const stmtName = name ?? `q${statements.length + 1}`;
      if (statements.some((s) => s.name === stmtName))
        throw new QueryFileError(`${source}: statement name ${stmtName} used twice`);
      statements.push({ name: stmtName, text: trimmed, params });
    }
    sql = '';
    params = [];
    name = null;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const line = text.slice(i, end === -1 ? text.length : end);
      const named = NAME_LINE.exec(line.trim());
      // Line comments are dropped (a `:word` in one is no parameter); a name line names what follows.
      if (named && sql.trim() === '') name = named[1]!;
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new QueryFileError(`${source}: unterminated /* comment`);
      sql += text.slice(i, end + 2);
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(c, j);
        if (k === -1)
          throw new QueryFileError(`${source}: unterminated ${c === "'" ? 'string' : 'identifier'}`);
        if (text[k + 1] === c)
          j = k + 2; // '' or "" escapes the quote
        else {
          j = k + 1;
          break;
        }
      }
      sql += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === ':' && next === ':') {
      sql += '::';
      i += 2;
      continue;
    }
    if (c === ':' && next !== undefined && IDENT_START.test(next)) {
      let j = i + 1;
      while (j < text.length && IDENT.test(text[j]!)) j++;
      const param = text.slice(i + 1, j);
      let index = params.indexOf(param);
      if (index === -1) index = params.push(param) - 1;
      sql += `$${index + 1}`;
      i = j;
      continue;
    }
    if (c === ';') {
      finish();
      i++;
      continue;
    }
    sql += c;
    i++;
  }
  finish();
  if (statements.length === 0) throw new QueryFileError(`${source}: no statements`);
  return statements;
}

/** Names used by the statements but not declared in `workload.params`. */
export function undeclaredParams(
  statements: readonly QueryStatement[],
  declared: Readonly<Record<string, QueryParam>>,
): string[] {
  return [...new Set(statements.flatMap((s) => s.params))].filter((p) => !(p in declared));
}

/** Units of one level × repetition a `sequence` parameter keeps apart from the next stream's. */
export const SEQUENCE_STRIDE = 10_000_000;

/** A `sequence` parameter's value: distinct for every unit of the run, levels and repetitions included. */
export function sequenceValue(start: number, stream: number, seq: number): number {
  return start + stream * SEQUENCE_STRIDE + seq;
}

export type ParamValues = Record<string, string | number>;

/** The values of one unit's parameters, in declaration-independent (sorted) order of generation. */
export function queryParamValues(
  params: Readonly<Record<string, QueryParam>>,
  seed: number,
  stream: number,
  seq: number,
): ParamValues {
  const rng = createRng(mixSeed(seed, stream, seq));
  const values: ParamValues = {};
  for (const name of Object.keys(params).sort()) {
    const p = params[name]!;
    switch (p.kind) {
      case 'int':
        values[name] = p.min + rng.int(p.max - p.min + 1);
        break;
      case 'float':
        values[name] = p.min + (p.max - p.min) * rng.uniform();
        break;
      case 'choice':
        values[name] = p.values[rng.int(p.values.length)]!;
        break;
      case 'sequence':
        values[name] = sequenceValue(p.start, stream, seq);
        break;
    }
  }
  return values;
}
