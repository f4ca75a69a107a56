import { describe, expect, it } from 'vitest';
import { analyzeSaturation } from '../../server/domains/loadtest/analysis/saturation.js';
import { placeLevels, type LevelInput } from '../../server/domains/loadtest/analysis/sweep-axis.js';
import {
  formatConcurrency,
  formatLoad,
  formatMs,
  formatPercent,
  formatRate,
  formatTokenRate,
} from '../../server/domains/loadtest/analysis/units.js';
import { renderSaturationReport } from '../../server/domains/loadtest/report/markdown.js';
import { singleLatencyMetrics } from '../../server/domains/loadtest/report/metrics.js';

function level(
  index: number,
  load: Pick<LevelInput, 'loadKind' | 'concurrency' | 'targetRate'>,
  achievedRps: number,
  ttftP95: number,
): LevelInput {
  return {
    level: index,
    ...load,
    achievedRps,
    outputTokensPerSecond: achievedRps * 100,
    ttftP95,
    itlP95: 20,
    e2eP95: ttftP95 + 2000,
    successRate: 1,
  };
}

/*
 * A GuideLLM sweep, in the order it ran: a synchronous probe, a 128-stream throughput probe, then
 * constant rates 20…100 req/s against a server that serves at most 50 req/s. Below capacity TTFT
 * p95 is ~100 ms; above it the queue grows (2 s, 6 s, 10 s). The right answers:
 * - load order: sync (0.5 req/s achieved), 20, 40, probe (55 req/s achieved), 60, 80, 100;
 * - knee at 60 req/s: normalised x 0, ¼, ½, ¾, 1 with y 0, .002, .19, .60, 1 gives x − y peaking at ½;
 * - saturation at 60 req/s: 60 → 80 and 60 → 100 gain nothing, while 40 → 60 has elasticity
 *   (50/40 − 1)/(60/40 − 1) = 0.5.
 */
const guidellm: LevelInput[] = [
  level(0, { loadKind: 'synchronous', concurrency: 1, targetRate: null }, 0.5, 95),
  level(1, { loadKind: 'throughput', concurrency: 128, targetRate: null }, 55, 700),
  level(2, { loadKind: 'constant', concurrency: null, targetRate: 20 }, 20, 110),
  level(3, { loadKind: 'constant', concurrency: null, targetRate: 40 }, 40, 130),
  level(4, { loadKind: 'constant', concurrency: null, targetRate: 60 }, 50, 2000),
  level(5, { loadKind: 'constant', concurrency: null, targetRate: 80 }, 50, 6000),
  level(6, { loadKind: 'constant', concurrency: null, targetRate: 100 }, 50, 10_000),
];

describe('placeLevels: a sweep mixing closed-loop probes and open-loop rates', () => {
  const sweep = placeLevels(guidellm);

  it('uses the rate axis: open loop at the offered rate, closed loop at the achieved rate', () => {
    expect(sweep.units.axis).toBe('rate');
    expect(sweep.levels.map((l) => l.level)).toEqual([0, 2, 3, 1, 4, 5, 6]);
    expect(sweep.levels.map((l) => l.offeredLoad)).toEqual([0.5, 20, 40, 55, 60, 80, 100]);
    expect(sweep.levels.map((l) => l.label)).toEqual([
      'synchronous, 1 stream',
      '20.0 req/s',
      '40.0 req/s',
      'throughput, 128 streams',
      '60.0 req/s',
      '80.0 req/s',
      '100 req/s',
    ]);
    expect(sweep.levels.map((l) => l.loop)).toEqual([
      'closed',
      'open',
      'open',
      'closed',
      'open',
      'open',
      'open',
    ]);
  });

  it('analyses the open-loop levels only, in rate order, and says so', () => {
    expect(sweep.analyzed.map((l) => l.level)).toEqual([2, 3, 4, 5, 6]);
    expect(sweep.notes).toEqual([
      'Knee and saturation use the 5 open-loop levels; the closed-loop levels 0 (synchronous, 1 stream), 1 (throughput, 128 streams) are drawn at their achieved rate only.',
    ]);
    const a = analyzeSaturation(sweep.analyzed, undefined, { units: sweep.units });
    expect(a.knee).toMatchObject({ level: 4, offeredLoad: 60 });
    expect(a.saturationPoint).toMatchObject({ level: 4, offeredLoad: 60, achievedRps: 50 });
    expect(a.notes).toContain('TTFT p95 knee at 60.0 req/s (2000 ms, 50.0 req/s achieved).');
    expect(a.notes).toContain('Throughput saturates at 60.0 req/s (50.0 req/s achieved; peak 50.0 req/s).');
  });

  it('would draw a false knee if the probes were analysed as loads', () => {
    // What the report did before: each probe's concurrency (1, 128) as its "offered load" beside
    // req/s. The probe's 700 ms at "128" sits after 10 s at 100 req/s and drags the knee to 40.
    const mixed = guidellm.map((l) => ({ ...l, offeredLoad: l.concurrency ?? l.targetRate ?? 0 }));
    const wrong = analyzeSaturation(mixed);
    expect(wrong.knee).toMatchObject({ level: 3, offeredLoad: 40 });
    expect(analyzeSaturation(placeLevels(guidellm).analyzed).knee).toMatchObject({ level: 4 });
  });

  it('orders by load even when a later level offers less', () => {
    // The browser's "knee" where throughput fell 56.9 → 30.6 req/s only because the offered rate fell.
    const runOrder = [
      level(0, { loadKind: 'constant', concurrency: null, targetRate: 57 }, 56.9, 300),
      level(1, { loadKind: 'constant', concurrency: null, targetRate: 30.6 }, 30.6, 120),
      level(2, { loadKind: 'constant', concurrency: null, targetRate: 10 }, 10, 100),
    ];
    const placed = placeLevels(runOrder);
    expect(placed.analyzed.map((l) => l.achievedRps)).toEqual([10, 30.6, 56.9]);
    const a = analyzeSaturation(placed.analyzed, undefined, { units: placed.units });
    expect(a.saturationPoint).toBeNull();
  });
});

/*
 * A PostgreSQL connection sweep 1/4/8/16, closed loop only: TPS = 100 per connection up to 6
 * connections, then flat at 600. Saturation at 8 connections: 8 → 16 gains nothing, 4 → 8 has
 * elasticity (600/400 − 1)/(8/4 − 1) = 0.5.
 */
const connections: LevelInput[] = [1, 4, 8, 16].map((c, i) =>
  level(i, { loadKind: 'concurrent', concurrency: c, targetRate: null }, Math.min(c, 6) * 100, 0),
);

describe('placeLevels: closed-loop levels only', () => {
  const sweep = placeLevels(connections, { unit: 'tx', noun: 'connections' });

  it('uses the concurrency axis and analyses every level', () => {
    expect(sweep.units).toEqual({ axis: 'concurrency', unit: 'tx', noun: 'connections' });
    expect(sweep.levels.map((l) => l.offeredLoad)).toEqual([1, 4, 8, 16]);
    expect(sweep.levels.map((l) => l.label)).toEqual([
      '1 connection',
      '4 connections',
      '8 connections',
      '16 connections',
    ]);
    expect(sweep.analyzed).toHaveLength(4);
    expect(sweep.notes).toEqual([]);
    const a = analyzeSaturation(sweep.analyzed, undefined, { units: sweep.units, kneeMetric: 'e2eP95' });
    expect(a.saturationPoint).toMatchObject({ level: 2, offeredLoad: 8, achievedRps: 600 });
    expect(a.notes).toContain('Throughput saturates at 8 connections (600 tx/s achieved; peak 600 tx/s).');
  });

  it('reports with the kind’s units and only its latency', () => {
    const a = analyzeSaturation(sweep.analyzed, undefined, { units: sweep.units, kneeMetric: 'e2eP95' });
    const text = renderSaturationReport(
      { id: '7', name: 'pg', target: 'postgres://127.0.0.1:5432/bench' },
      sweep,
      a,
      [],
      singleLatencyMetrics('Transaction p95'),
    );
    const lines = text.split('\n');
    const header = lines.indexOf('| Level | Load | Loop | Achieved | Transaction p95 | Success | Marks |');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 2]).toBe('| 0 | 1 connection | closed | 100 tx/s | 2000 ms | 100.0% |  |');
    expect(lines[header + 4]).toBe(
      '| 2 | 8 connections | closed | 600 tx/s | 2000 ms | 100.0% | saturation |',
    );
    expect(text).toContain('- **Saturation point:** 8 connections (600 tx/s achieved)');
    expect(text).not.toContain('TTFT');
    expect(text).not.toContain('tok/s');
  });
});

describe('report of a mixed sweep', () => {
  it('tables every level in load order with units and marks the probes', () => {
    const sweep = placeLevels(guidellm);
    const a = analyzeSaturation(
      sweep.analyzed,
      { ttftP95Ms: 1000, itlP95Ms: 50, e2eP95Ms: 60_000 },
      { units: sweep.units },
    );
    const lines = renderSaturationReport(
      { id: '1', name: 'sweep', target: 'http://sim' },
      sweep,
      a,
      [],
    ).split('\n');
    const header = lines.findIndex((l) => l.startsWith('| Level | Load | Loop |'));
    const rows = lines.slice(header + 2, header + 9);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| 0', '| 2', '| 3', '| 1', '| 4', '| 5', '| 6']);
    expect(rows[3]).toBe(
      '| 1 | throughput, 128 streams | closed | 55.0 req/s | 5500 tok/s | 700 ms | 20.0 ms | 2700 ms | 100.0% | — | not analysed |',
    );
    expect(rows[2]).toBe(
      '| 3 | 40.0 req/s | open | 40.0 req/s | 4000 tok/s | 130 ms | 20.0 ms | 2130 ms | 100.0% | yes | max goodput |',
    );
    expect(lines).toContain('- **Recommended operating range:** 20.0 req/s to 40.0 req/s');
  });
});

describe('units', () => {
  it('prints every number with its unit', () => {
    expect(formatRate(24.9902)).toBe('25.0 req/s');
    expect(formatRate(0.536)).toBe('0.54 req/s');
    expect(formatRate(1234.5, 'tx')).toBe('1235 tx/s');
    expect(formatMs(612.3)).toBe('612 ms');
    expect(formatMs(25.04)).toBe('25.0 ms');
    expect(formatTokenRate(12800)).toBe('12800 tok/s');
    expect(formatPercent(0.995)).toBe('99.5%');
    expect(formatConcurrency(1, 'clients')).toBe('1 client');
    expect(formatLoad(16, { axis: 'concurrency', unit: 'tx', noun: 'connections' })).toBe('16 connections');
    expect(formatRate(Number.NaN)).toBe('n/a req/s');
  });
});
