/**
 * A TPC-B-like transaction, as pgbench's built-in default ("tpcb-like"): per scale unit 1 branch,
 * 10 tellers and 10,000 accounts (pgbench uses 100,000; a tenth keeps setup to seconds here). One
 * transaction updates an account, reads its balance, updates its teller and branch, and appends a
 * history row. Parameters are a pure function of (seed, stream, seq), so a rerun repeats the work.
 */
import { createRng } from '../../../../kernel/rng.js';
import { mixSeed } from '../prompts.js';

export const ACCOUNTS_PER_SCALE = 10_000;
export const TELLERS_PER_SCALE = 10;

export interface TpcbParams {
  aid: number;
  tid: number;
  bid: number;
  delta: number;
}

export function tpcbParams(scale: number, seed: number, stream: number, seq: number): TpcbParams {
  const rng = createRng(mixSeed(seed, stream, seq));
  return {
    aid: 1 + rng.int(ACCOUNTS_PER_SCALE * scale),
    tid: 1 + rng.int(TELLERS_PER_SCALE * scale),
    bid: 1 + rng.int(scale),
    delta: rng.int(10_001) - 5_000,
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Statements that (re)create the schema and fill it; `scale` units of data. */
export function tpcbSetup(schema: string, scale: number): string[] {
  const s = quoteIdent(schema);
  return [
    `DROP SCHEMA IF EXISTS ${s} CASCADE`,
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.branches (bid int PRIMARY KEY, bbalance int NOT NULL, filler char(88))`,
    `CREATE TABLE ${s}.tellers (tid int PRIMARY KEY, bid int NOT NULL, tbalance int NOT NULL, filler char(84))`,
    `CREATE TABLE ${s}.accounts (aid int PRIMARY KEY, bid int NOT NULL, abalance int NOT NULL, filler char(84))`,
    `CREATE TABLE ${s}.history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))`,
    `INSERT INTO ${s}.branches SELECT b, 0 FROM generate_series(1, ${scale}) b`,
    `INSERT INTO ${s}.tellers SELECT t, (t - 1) / ${TELLERS_PER_SCALE} + 1, 0 FROM generate_series(1, ${TELLERS_PER_SCALE * scale}) t`,
    `INSERT INTO ${s}.accounts SELECT a, (a - 1) / ${ACCOUNTS_PER_SCALE} + 1, 0 FROM generate_series(1, ${ACCOUNTS_PER_SCALE * scale}) a`,
    `ANALYZE ${s}.branches, ${s}.tellers, ${s}.accounts`,
  ];
}

export interface Statement {
  /** Key of the statement's latency in records and level metrics. */
  name: string;
  text: string;
  values: (p: TpcbParams) => number[];
}

export function tpcbTransaction(schema: string): Statement[] {
  const s = quoteIdent(schema);
  return [
    { name: 'begin', text: 'BEGIN', values: () => [] },
    {
      name: 'update_account',
      text: `UPDATE ${s}.accounts SET abalance = abalance + $1 WHERE aid = $2`,
      values: (p) => [p.delta, p.aid],
    },
    {
      name: 'select_balance',
      text: `SELECT abalance FROM ${s}.accounts WHERE aid = $1`,
      values: (p) => [p.aid],
    },
    {
      name: 'update_teller',
      text: `UPDATE ${s}.tellers SET tbalance = tbalance + $1 WHERE tid = $2`,
      values: (p) => [p.delta, p.tid],
    },
    {
      name: 'update_branch',
      text: `UPDATE ${s}.branches SET bbalance = bbalance + $1 WHERE bid = $2`,
      values: (p) => [p.delta, p.bid],
    },
    {
      name: 'insert_history',
      text: `INSERT INTO ${s}.history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)`,
      values: (p) => [p.tid, p.bid, p.aid, p.delta],
    },
    { name: 'commit', text: 'COMMIT', values: () => [] },
  ];
}
