/**
 * Sweep plots for the saturation report, drawn with vega-lite → vega → SVG, and rasterised to PNG
 * with resvg. Everything is inline data; the vega loader refuses every URL so rendering can never
 * reach the network or the file system.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SaturationAnalysis, SloTargets } from '../analysis/saturation.js';
import type { PlacedLevel, PlacedSweep } from '../analysis/sweep-axis.js';
import { loadAxisTitle } from '../analysis/units.js';
import { LLM_METRICS, type ReportMetrics } from './metrics.js';

export interface SweepPlot {
  /** File stem: `throughput-vs-load` or `latency-vs-throughput`. */
  name: string;
  svg: string;
  png: Buffer;
}

export interface PlotOptions {
  /** PNG scale factor over the SVG size. Default 2 (sharp on high-density screens). */
  pngScale?: number;
  /** Latency panels to draw (default TTFT, ITL, E2E). */
  metrics?: ReportMetrics;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const COLORS = {
  line: '#1f77b4',
  knee: '#d62728',
  saturation: '#ff7f0e',
  slo: '#9467bd',
  range: '#2ca02c',
  closed: '#7f7f7f',
};

type Row = Record<string, number | string>;

/** A vega loader that refuses everything and remembers what was asked for. */
function offlineLoader(attempts: string[]): vega.Loader {
  const refuse = (uri: string): Promise<never> => {
    attempts.push(uri);
    return Promise.reject(new Error(`plots: refusing to load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

const baseConfig = {
  background: 'white',
  font: FONT,
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eeeeee' },
  title: { fontSize: 14, anchor: 'start' as const },
};

type Scale = { type: 'log'; base: number } | { type: 'linear'; zero: boolean };

/**
 * Powers-of-two sweeps (1, 2, 4, … 256) and latencies that explode past saturation are unreadable
 * on a linear axis; values spanning `ratio`× or more get a log axis.
 */
function scaleFor(values: readonly number[], ratio: number, base: number): Scale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min > 0 && max / min >= ratio ? { type: 'log', base } : { type: 'linear', zero: true };
}

/** A dashed vertical rule with a label beside it, `labelRow` lines from the top (or from the bottom when negative). */
function verticalMarker(field: string, value: number, label: string, color: string, labelRow = 0): object[] {
  const data = { values: [{ [field]: value, label }] };
  const fromTop = labelRow >= 0;
  const text = fromTop
    ? { baseline: 'top', dy: 4 + 15 * labelRow, y: { value: 0 } }
    : { baseline: 'bottom', dy: -4 + 15 * (labelRow + 1), y: { value: 'height' } };
  return [
    {
      data,
      mark: { type: 'rule', color, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x: { field, type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', color, align: 'left', baseline: text.baseline, dx: 4, dy: text.dy, fontSize: 11 },
      encoding: { x: { field, type: 'quantitative' }, y: text.y, text: { field: 'label' } },
    },
  ];
}

function horizontalMarker(field: string, value: number, label: string, color: string): object[] {
  const data = { values: [{ [field]: value, label }] };
  return [
    {
      data,
      mark: { type: 'rule', color, strokeDash: [2, 3], strokeWidth: 1.5 },
      encoding: { y: { field, type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', color, align: 'right', baseline: 'bottom', dy: -3, fontSize: 11 },
      encoding: { y: { field, type: 'quantitative' }, x: { value: 'width' }, text: { field: 'label' } },
    },
  ];
}

function round(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function pointLayers(levels: readonly PlacedLevel[], x: object, y: object): object[] {
  const analyzed = levels.filter((l) => l.analyzed);
  const others = levels.filter((l) => !l.analyzed);
  const row = (l: PlacedLevel): Row => ({
    offeredLoad: l.offeredLoad,
    achievedRps: l.achievedRps,
    ttftP95: l.ttftP95,
    itlP95: l.itlP95,
    e2eP95: l.e2eP95,
    level: l.level,
    label: l.label,
  });
  const layers: object[] = [
    {
      data: { values: analyzed.map(row) },
      mark: { type: 'line', color: COLORS.line, point: { filled: true, size: 50, color: COLORS.line } },
      encoding: { x, y, order: { field: 'offeredLoad', type: 'quantitative' } },
    },
  ];
  if (others.length > 0) {
    // Closed-loop probes of a rate sweep: drawn where they ran, not joined to the analysed curve.
    const data = { values: others.map(row) };
    layers.push(
      {
        data,
        mark: { type: 'point', shape: 'square', filled: true, size: 60, color: COLORS.closed },
        encoding: { x, y },
      },
      {
        data,
        mark: { type: 'text', color: COLORS.closed, align: 'left', dx: 6, dy: -8, fontSize: 10 },
        encoding: { x, y, text: { field: 'label' } },
      },
    );
  }
  return layers;
}

export function throughputSpec(sweep: PlacedSweep, analysis: SaturationAnalysis): TopLevelSpec {
  const { levels, units } = sweep;
  const mixed = levels.some((l) => !l.analyzed);
  const x = {
    field: 'offeredLoad',
    type: 'quantitative',
    title: mixed
      ? `${loadAxisTitle(units)}: offered (open loop) or achieved (closed loop, squares)`
      : loadAxisTitle(units),
    scale: scaleFor(
      levels.map((l) => l.offeredLoad),
      16,
      2,
    ),
  };
  const layers: object[] = [];
  if (analysis.recommendedRange) {
    const { minLoad, maxLoad } = analysis.recommendedRange;
    const data = { values: [{ from: minLoad, to: maxLoad, label: 'recommended range' }] };
    layers.push(
      {
        data,
        mark: { type: 'rect', color: COLORS.range, opacity: 0.12 },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
      },
      {
        data,
        mark: {
          type: 'text',
          color: COLORS.range,
          align: 'left',
          baseline: 'bottom',
          dx: 4,
          dy: -4,
          fontSize: 11,
        },
        encoding: {
          x: { field: 'from', type: 'quantitative' },
          y: { value: 'height' },
          text: { field: 'label' },
        },
      },
    );
  }
  const y = { field: 'achievedRps', type: 'quantitative', title: `Achieved throughput (${units.unit}/s)` };
  layers.push(...pointLayers(levels, x, y));
  const { knee, saturationPoint } = analysis;
  if (knee && saturationPoint && knee.offeredLoad === saturationPoint.offeredLoad) {
    layers.push(...verticalMarker('offeredLoad', knee.offeredLoad, 'latency knee = saturation', COLORS.knee));
  } else {
    if (knee) layers.push(...verticalMarker('offeredLoad', knee.offeredLoad, 'latency knee', COLORS.knee));
    // A second label one line lower, so that nearby markers do not print over each other.
    if (saturationPoint)
      layers.push(
        ...verticalMarker('offeredLoad', saturationPoint.offeredLoad, 'saturation', COLORS.saturation, 1),
      );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: units.axis === 'rate' ? 'Throughput vs request rate' : 'Throughput vs concurrency',
    width: 560,
    height: 320,
    config: baseConfig,
    layer: layers,
  } as TopLevelSpec;
}

const SLO_KEYS = { ttftP95: 'ttftP95Ms', itlP95: 'itlP95Ms', e2eP95: 'e2eP95Ms' } as const;

export function latencySpec(
  sweep: PlacedSweep,
  analysis: SaturationAnalysis,
  slo?: SloTargets,
  metrics: ReportMetrics = LLM_METRICS,
): TopLevelSpec {
  const { levels, units } = sweep;
  const panels = metrics.latencies.map(({ key: field, label }) => {
    const sloKey = SLO_KEYS[field];
    const title = `${label} (ms)`;
    const x = { field: 'achievedRps', type: 'quantitative', title: `Achieved throughput (${units.unit}/s)` };
    const y = {
      field,
      type: 'quantitative',
      title,
      scale: scaleFor(
        levels.map((l) => l[field]),
        20,
        10,
      ),
    };
    const layers: object[] = pointLayers(levels, x, y);
    // Label at the bottom: the SLO line's label sits at the top right.
    if (analysis.knee)
      layers.push(...verticalMarker('achievedRps', analysis.knee.achievedRps, 'knee', COLORS.knee, -1));
    if (slo) layers.push(...horizontalMarker(field, slo[sloKey], `SLO ${round(slo[sloKey])} ms`, COLORS.slo));
    return { width: 280, height: 240, title: label, layer: layers };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'p95 latency vs throughput',
    config: baseConfig,
    hconcat: panels,
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** SVG of a vega-lite spec, rendered headless (no DOM, no canvas, no network). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const attempts: string[] = [];
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offlineLoader(attempts) });
  try {
    const svg = await view.toSVG();
    // Vega logs a failed load and draws without the data; a plot missing its data is an error here.
    if (attempts.length > 0) throw new Error(`plots: refusing to load ${attempts.join(', ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderSweepPlots(
  sweep: PlacedSweep,
  analysis: SaturationAnalysis,
  slo?: SloTargets,
  options: PlotOptions = {},
): Promise<SweepPlot[]> {
  const specs = [
    { name: 'throughput-vs-load', spec: throughputSpec(sweep, analysis) },
    { name: 'latency-vs-throughput', spec: latencySpec(sweep, analysis, slo, options.metrics) },
  ];
  const plots: SweepPlot[] = [];
  for (const { name, spec } of specs) {
    const svg = await renderSvg(spec);
    plots.push({ name, svg, png: svgToPng(svg, options.pngScale ?? 2) });
  }
  return plots;
}
