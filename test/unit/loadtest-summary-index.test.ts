import { describe, expect, it } from 'vitest';
import {
  aggregateRepetitions,
  type RepetitionRow,
} from '../../server/domains/loadtest/analysis/repetitions.js';
import { renderSummaryTable } from '../../server/domains/loadtest/report/summary-table.js';
import {
  configurationOf,
  purposeOf,
  renderDatasetIndex,
  type IndexedRun,
} from '../../server/domains/loadtest/report/dataset-index.js';

function row(
  levelIndex: number,
  repetition: number,
  rps: number,
  ttftP95: number,
  errored = 0,
): RepetitionRow {
  return {
    levelIndex,
    repetition,
    loadKind: 'concurrent',
    concurrency: levelIndex === 0 ? 1 : 4,
    targetRate: null,
    completedRequests: 20 - errored,
    erroredRequests: errored,
    incompleteRequests: 0,
    requestsPerSecond: rps,
    outputTokensPerSecond: rps * 100,
    ttftP50: ttftP95 / 2,
    ttftP95,
    ttftP99: ttftP95 * 1.2,
    itlP50: 10,
    itlP95: 12,
    e2eP50: 900,
    e2eP95: 1000,
    e2eP99: 1100,
  };
}

describe('repetitions folded with t-intervals', () => {
  const rows = [
    row(1, 0, 8, 60),
    row(0, 0, 2, 40),
    row(1, 1, 10, 80),
    row(0, 1, 2, 44),
    row(1, 2, 9, 70, 2),
    row(0, 2, 2, 42),
  ];

  it('groups by level in level order, one value per repetition', () => {
    const levels = aggregateRepetitions(rows);
    expect(levels.map((l) => [l.levelIndex, l.repetitions])).toEqual([
      [0, 3],
      [1, 3],
    ]);
    const rps = levels[1]!.metrics.find((m) => m.metric === 'requestsPerSecond')!;
    expect(rps.mean).toBe(9);
    // s = 1, t(0.975, 2) = 4.3027
    expect(rps.halfWidth).toBeCloseTo(4.3027 / Math.sqrt(3), 3);
    const success = levels[1]!.metrics.find((m) => m.metric === 'successRate')!;
    expect(success.mean).toBeCloseTo((100 + 100 + 90) / 3, 9);
    expect(levels[0]!.metrics.find((m) => m.metric === 'requestsPerSecond')!.halfWidth).toBe(0);
  });

  it('renders mean ± half-width with units in the header', () => {
    const table = renderSummaryTable(
      { id: '7', name: 'sweep', status: 'SUCCEEDED', workers: 1 },
      aggregateRepetitions(rows),
    );
    const lines = table.split('\n');
    expect(lines[0]).toBe('Run 7: sweep (SUCCEEDED) — 3 repetition(s) per level');
    expect(lines[2]).toMatch(
      /^level\s+load\s+reps\s+req\/s \(req\/s\)\s+out tok\/s \(tok\/s\)\s+success \(%\)\s+TTFT p50 \(ms\)/,
    );
    expect(lines[5]).toMatch(
      /^1\s+concurrent × 4 streams\s+3\s+9\.00 ± 2\.48\s+900 ± 248\s+96\.7 ± 14\.3\s+35\.0 ± 12\.4\s+70\.0 ± 24\.8/,
    );
    expect(table).toMatch(/95 % t-interval/);
  });

  it('says why there is no interval with one repetition', () => {
    const table = renderSummaryTable(
      { id: '1', name: 'one', status: 'SUCCEEDED', workers: 2 },
      aggregateRepetitions([row(0, 0, 2, 40)]),
    );
    expect(table).toMatch(/2 workers/);
    expect(table).toMatch(/one repetition per level: no interval/);
    expect(table).not.toMatch(/±/);
  });
});

describe('dataset index', () => {
  const base: IndexedRun = {
    id: 29,
    name: 'pg | storage',
    status: 'SUCCEEDED',
    targetModel: 'sim-llama',
    targetUrl: 'http://127.0.0.1:8000',
    profileKind: 'concurrent',
    promptTokens: 512,
    outputTokens: 256,
    tags: ['purpose:baseline', 'storage'],
    createdAt: new Date('2026-02-01T10:00:00Z'),
    rerunOf: null,
    recipe: { load: { profile: 'concurrent', concurrency: [1, 4] }, repetitions: 3, workers: 2 },
    baselineCategories: ['Storage'],
  };

  it('describes configuration and purpose', () => {
    expect(configurationOf(base)).toBe('concurrent 1, 4 streams, 512→256 tokens, ×3 repetitions, 2 workers');
    expect(configurationOf({ ...base, profileKind: 'constant', recipe: { load: { rate: 5 } } })).toBe(
      'constant 5 req/s, 512→256 tokens',
    );
    expect(configurationOf({ ...base, profileKind: 'sweep', recipe: { load: { sweepLevels: 4 } } })).toBe(
      'sweep 4 rates, 512→256 tokens',
    );
    expect(purposeOf(['a', 'purpose:saturation'])).toBe('saturation');
    expect(purposeOf(['a', 'b'])).toBe('a, b');
  });

  it('is a Markdown table ordered by id, pipes escaped, baseline flagged', () => {
    const md = renderDatasetIndex(
      [
        base,
        { ...base, id: 3, name: 'later', status: 'FAILED', tags: [], baselineCategories: [], rerunOf: 29 },
      ],
      new Date('2026-02-02T00:00:00Z'),
    );
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Dataset index');
    expect(lines[2]).toBe('2 benchmark run(s): 1 SUCCEEDED, 1 FAILED. Generated 2026-02-02T00:00:00.000Z.');
    expect(lines[4]).toBe(
      '| ID | Name | Service | Configuration | Purpose | Status | Baseline | Notes | Created (UTC) |',
    );
    expect(lines[6]).toMatch(
      /^\| 3 \| later \| openai: sim-llama @ 127\.0\.0\.1:8000 \|.*\| FAILED \| {2}\| rerun of 29 \|/,
    );
    expect(lines[7]).toMatch(/^\| 29 \| pg \\\| storage \|.*\| baseline \| SUCCEEDED \| yes \(Storage\) \|/);
  });
});
