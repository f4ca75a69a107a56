import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderSaturationReport } from '../../server/domains/loadtest/report/markdown.js';
import { analyzeSaturation, type SloTargets } from '../../server/domains/loadtest/analysis/saturation.js';
import { placeLevels, type LevelInput } from '../../server/domains/loadtest/analysis/sweep-axis.js';

// Rate sweep against a 52 req/s server (as in bench-saturation.test.ts): knee at 50, saturation at 60.
const inputs: LevelInput[] = Array.from({ length: 10 }, (_, i) => {
  const rate = 10 * (i + 1);
  const ttft = rate <= 50 ? 100 + 10 * rate : 600 + 400 * (rate - 50);
  return {
    level: i,
    loadKind: 'constant',
    concurrency: null,
    targetRate: rate,
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
  // Run order reversed: the report still tables them by load.
  const reversed = placeLevels([...inputs].reverse());
  const report = renderSaturationReport(run, reversed, analyzeSaturation(reversed.analyzed, slo), [
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
        '- **Levels:** 10, 10 open-loop, 0 closed-loop (analysed: 10.0 req/s to 100 req/s)',
        '- **Peak throughput:** 52.0 req/s at 60.0 req/s',
        '- **Latency knee (TTFT p95):** 50.0 req/s (50.0 req/s achieved)',
        '- **Saturation point:** 60.0 req/s (52.0 req/s achieved)',
        '- **Max goodput under the SLO:** 50.0 req/s at 50.0 req/s',
        '- **Recommended operating range:** 30.0 req/s to 50.0 req/s',
      ]),
    );
  });

  it('has a level table in load order with SLO verdicts and marks', () => {
    const header = lines.indexOf(
      '| Level | Load | Loop | Achieved | Output | TTFT p95 | ITL p95 | E2E p95 | Success | Meets SLO | Marks |',
    );
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toBe(
      '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    );
    expect(lines[header + 2]).toBe(
      '| 0 | 10.0 req/s | open | 10.0 req/s | 2560 tok/s | 200 ms | 21.0 ms | 5300 ms | 100.0% | yes |  |',
    );
    expect(lines[header + 6]).toBe(
      '| 4 | 50.0 req/s | open | 50.0 req/s | 12800 tok/s | 600 ms | 25.0 ms | 5700 ms | 100.0% | yes | knee, max goodput |',
    );
    expect(lines[header + 7]).toBe(
      '| 5 | 60.0 req/s | open | 52.0 req/s | 13312 tok/s | 4600 ms | 26.0 ms | 9700 ms | 100.0% | no | saturation |',
    );
    expect(lines[header + 11]).toBe(
      '| 9 | 100 req/s | open | 52.0 req/s | 13312 tok/s | 20600 ms | 30.0 ms | 25700 ms | 100.0% | no |  |',
    );
  });

  it('explains knee, saturation and the SLO range', () => {
    expect(report).toContain(
      'Kneedle finds the bend of the TTFT p95 curve at **50.0 req/s** (600 ms at 50.0 req/s achieved).',
    );
    expect(report).toContain(
      'Throughput stops growing at **60.0 req/s** (52.0 req/s achieved; peak over the sweep 52.0 req/s)',
    );
    expect(report).toContain('SLO (p95): TTFT ≤ 1000 ms, ITL ≤ 50.0 ms, E2E ≤ 60000 ms.');
    expect(report).toContain('Max goodput: **50.0 req/s** (12800 tok/s output) at 50.0 req/s');
    expect(report).toContain('Recommended: **30.0 req/s to 50.0 req/s** per replica.');
    expect(report).toContain('- At 60.0 req/s the SLO is missed: TTFT p95 4600 ms > 1000 ms (+360%).');
  });

  it('links the plots, encoding file names', () => {
    expect(report).toContain('![Throughput vs load](plots/throughput-vs-load.png)');
    expect(report).toContain('![Latency vs throughput](plots/latency%20vs%20throughput.png)');
    expect(report.endsWith(')\n')).toBe(true);
  });

  it('reads sensibly without an SLO, knee, saturation or plots', () => {
    const flat = placeLevels(inputs.slice(0, 4));
    const text = renderSaturationReport(
      { id: 'r', name: 'flat', target: 'http://x' },
      flat,
      analyzeSaturation(flat.analyzed),
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
