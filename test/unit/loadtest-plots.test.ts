import { afterEach, describe, expect, it } from 'vitest';
import { renderSvg, renderSweepPlots, throughputSpec } from '../../server/domains/loadtest/report/plots.js';
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
const sweep = placeLevels(inputs);
const levels = sweep.levels;
const slo: SloTargets = { ttftP95Ms: 1000, itlP95Ms: 50, e2eP95Ms: 60_000 };

interface LayerData {
  mark: { type: string };
  data: { values: Record<string, number | string>[] };
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  expect(match).not.toBeNull();
  return { width: Number(match![1]), height: Number(match![2]) };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('renderSweepPlots', () => {
  it('draws throughput and latency plots with the knee, saturation, range and SLO marked, without the network', async () => {
    let fetches = 0;
    globalThis.fetch = (() => {
      fetches++;
      return Promise.reject(new Error('no network in tests'));
    }) as typeof fetch;

    const plots = await renderSweepPlots(sweep, analyzeSaturation(levels, slo), slo);
    expect(plots.map((p) => p.name)).toEqual(['throughput-vs-load', 'latency-vs-throughput']);
    const [throughput, latency] = plots;

    expect(throughput!.svg.startsWith('<svg')).toBe(true);
    for (const text of [
      'Throughput vs request rate',
      'Request rate (req/s)',
      'latency knee',
      'saturation',
      'recommended range',
    ]) {
      expect(throughput!.svg).toContain(text);
    }
    for (const text of [
      'TTFT p95',
      'ITL p95',
      'E2E p95',
      'SLO 1000 ms',
      'SLO 50 ms',
      'SLO 60000 ms',
      'knee',
    ]) {
      expect(latency!.svg).toContain(text);
    }
    // The PNG is the SVG at twice the size.
    for (const plot of plots) {
      const svg = svgSize(plot.svg);
      const png = pngSize(plot.png);
      expect(png.width).toBe(Math.ceil(svg.width * 2));
      expect(png.height).toBe(Math.ceil(svg.height * 2));
      expect(plot.png.length).toBeGreaterThan(20_000); // drawn, not blank
    }
    expect(fetches).toBe(0);
  });

  it('leaves out markers the analysis does not have', async () => {
    const flat = placeLevels(inputs.slice(0, 4)); // linear growth: no knee, no saturation, no SLO
    const [throughput, latency] = await renderSweepPlots(flat, analyzeSaturation(flat.analyzed), undefined, {
      pngScale: 1,
    });
    expect(throughput!.svg).not.toContain('saturation');
    expect(throughput!.svg).not.toContain('knee');
    expect(latency!.svg).not.toContain('SLO');
    expect(pngSize(throughput!.png).width).toBe(Math.ceil(svgSize(throughput!.svg).width));
  });

  it('draws closed-loop probes of a rate sweep at their achieved rate, labelled, off the analysed line', async () => {
    const probes: LevelInput[] = [
      {
        ...inputs[0]!,
        level: 10,
        loadKind: 'synchronous',
        concurrency: 1,
        targetRate: null,
        achievedRps: 0.6,
      },
      {
        ...inputs[0]!,
        level: 11,
        loadKind: 'throughput',
        concurrency: 128,
        targetRate: null,
        achievedRps: 52,
      },
    ];
    const mixed = placeLevels([...probes, ...inputs]);
    const [throughput] = await renderSweepPlots(mixed, analyzeSaturation(mixed.analyzed, slo), slo, {
      pngScale: 1,
    });
    expect(throughput!.svg).toContain('throughput, 128 streams');
    expect(throughput!.svg).toContain('synchronous, 1 stream');
    expect(throughput!.svg).toContain('offered (open loop) or achieved (closed loop, squares)');
    // The probe sits at its 52 req/s, not at "128" on the req/s axis, and is not on the analysed line.
    const layers = (throughputSpec(mixed, analyzeSaturation(mixed.analyzed)) as { layer: LayerData[] }).layer;
    const line = layers.find((l) => l.mark.type === 'line')!;
    const squares = layers.find((l) => l.mark.type === 'point')!;
    expect(line.data.values.map((v) => v.level)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(squares.data.values.map((v) => [v.level, v.offeredLoad])).toEqual([
      [10, 0.6],
      [11, 52],
    ]);
  });

  it('refuses specs that would load data from a URL', async () => {
    await expect(
      renderSvg({
        data: { url: 'https://example.com/data.json' },
        mark: 'point',
        encoding: { x: { field: 'a', type: 'quantitative' } },
      }),
    ).rejects.toThrow('plots: refusing to load https://example.com/data.json');
  });
});
