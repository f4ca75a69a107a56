import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderSaturationReport } from '../../server/domains/loadtest/report/markdown.js';
import {
  analyzeSaturation,
  type SloTargets,
  type SweepLevel,
} from '../../server/domains/loadtest/analysis/saturation.js';

// Rate sweep against a 52 req/s server (as in bench-saturation.test.ts): knee at 50, saturation at 60.
const levels: SweepLevel[] = Array.from({ length: 10 }, (_, i) => {
  const rate = 10 * (i + 1);
  const ttft = rate <= 50 ? 100 + 10 * rate : 600 + 400 * (rate - 50);
  return {
    level: i,
    offeredLoad: rate,
    achievedRps: Math.min(rate, 52),
    outputTokensPerSecond: Math.min(rate, 52) * 256,
    ttftP95: ttft,
    itlP95: 20 + rate / 10,
    e2eP95: ttft + 255 * 20,
    successRate: 1,
  };
});
const slo: SloTargets = { ttftP95Ms: 1000, itlP95Ms: 50, e2eP95Ms: 60_000 };
const run = {
  id: 'run_42',
  name: 'vLLM *sweep* | L4',
  target: 'http://sim:8000/v1',
  model: 'meta-llama/Llama-3.1-8B-Instruct',
};

describe('renderSaturationReport', () => {
  const report = renderSaturationReport(run, [...levels].reverse(), analyzeSaturation(levels, slo), [
    'plots/throughput-vs-load.png',
    'plots/latency vs throughput.png',
  ]);
  const lines = report.split('\n');

  it('starts with an escaped title and the run', () => {
    expect(lines[0]).toBe('# Saturation report: vLLM \\*sweep\\* \\| L4');
    expect(report).toContain(
      'Run `run_42` against `http://sim:8000/v1`, model `meta-llama/Llama-3.1-8B-Instruct`.',
    );
  });

  it('summarises knee, saturation, goodput and range', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        '- **Levels:** 10 (offered load 10 to 100)',
        '- **Peak throughput:** 52.00 req/s at offered load 60',
        '- **Latency knee (TTFT p95):** offered load 50 (50.00 req/s)',
        '- **Saturation point:** offered load 60 (52.00 req/s)',
        '- **Max goodput under the SLO:** 50.00 req/s at offered load 50',
        '- **Recommended operating range:** offered load 30 to 50',
      ]),
    );
  });

  it('has a level table in load order with SLO verdicts and marks', () => {
    const header = lines.indexOf(
      '| Level | Offered load | Achieved req/s | Output tok/s | TTFT p95 ms | ITL p95 ms | E2E p95 ms | Success | Meets SLO | Marks |',
    );
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toBe('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
    expect(lines[header + 2]).toBe('| 0 | 10 | 10.00 | 2560.0 | 200 | 21.0 | 5300 | 100.0% | yes |  |');
    expect(lines[header + 6]).toBe(
      '| 4 | 50 | 50.00 | 12800.0 | 600 | 25.0 | 5700 | 100.0% | yes | knee, max goodput |',
    );
    expect(lines[header + 7]).toBe(
      '| 5 | 60 | 52.00 | 13312.0 | 4600 | 26.0 | 9700 | 100.0% | no | saturation |',
    );
    expect(lines[header + 11]).toBe('| 9 | 100 | 52.00 | 13312.0 | 20600 | 30.0 | 25700 | 100.0% | no |  |');
  });

  it('explains knee, saturation and the SLO range', () => {
    expect(report).toContain(
      'Kneedle finds the bend of the TTFT p95 curve at offered load **50** (600 ms at 50.00 req/s).',
    );
    expect(report).toContain(
      'Throughput stops growing at offered load **60** (52.00 req/s; peak over the sweep 52.00 req/s)',
    );
    expect(report).toContain('SLO (p95): TTFT ≤ 1000 ms, ITL ≤ 50.0 ms, E2E ≤ 60000 ms.');
    expect(report).toContain('Max goodput: **50.00 req/s** (12800.0 output tok/s) at offered load 50');
    expect(report).toContain('Recommended: offered load **30 to 50** per replica.');
    expect(report).toContain('- At offered load 60 the SLO is missed: TTFT p95 4600 ms > 1000 ms (+360%).');
  });

  it('links the plots, encoding file names', () => {
    expect(report).toContain('![Throughput vs load](plots/throughput-vs-load.png)');
    expect(report).toContain('![Latency vs throughput](plots/latency%20vs%20throughput.png)');
    expect(report.endsWith(')\n')).toBe(true);
  });

  it('reads sensibly without an SLO, knee, saturation or plots', () => {
    const flat = levels.slice(0, 4);
    const text = renderSaturationReport(
      { id: 'r', name: 'flat', target: 'http://x' },
      flat,
      analyzeSaturation(flat),
      [],
    );
    expect(text).toContain('Run `r` against `http://x`.');
    expect(text).toContain('- **Latency knee:** none detected');
    expect(text).toContain('- **Saturation point:** not reached within the sweep');
    expect(text).not.toContain('Max goodput');
    expect(text).not.toContain('Meets SLO');
    expect(text).toContain('No SLO was given');
    expect(text).toContain('Throughput was still growing at the heaviest level');
    expect(text).toContain('No operating range can be recommended from this sweep.');
    expect(text).not.toContain('## Plots');
  });
});

describe('escapeMarkdown', () => {
  it('escapes formatting characters and flattens lines', () => {
    expect(escapeMarkdown('a_b*c`d|e[f](g)<h>#\n!')).toBe('a\\_b\\*c\\`d\\|e\\[f\\]\\(g\\)\\<h\\>\\# \\!');
  });
});
