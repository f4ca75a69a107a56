/**
 * A PodSnapshot as stored JSON. JSON has no Infinity, so a histogram keeps its finite bounds and one
 * more count than bounds: the last count is the +Inf bucket.
 */
import { HISTOGRAM_KEYS, type HistogramSnapshot, type PodSnapshot } from './vllm-snapshot.js';

export interface StoredHistogram {
  le: number[];
  counts: number[];
  sum: number;
  count: number;
}

export interface StoredSnapshot {
  counters: PodSnapshot['counters'];
  gauges: PodSnapshot['gauges'];
  histograms: Partial<Record<keyof PodSnapshot['histograms'], StoredHistogram | null>>;
}

export function encodeSnapshot(snapshot: PodSnapshot): StoredSnapshot {
  const histograms: StoredSnapshot['histograms'] = {};
  for (const key of HISTOGRAM_KEYS) {
    const h = snapshot.histograms[key];
    histograms[key] = h ? { le: h.bounds.slice(0, -1), counts: h.counts, sum: h.sum, count: h.count } : null;
  }
  return { counters: snapshot.counters, gauges: snapshot.gauges, histograms };
}

function decodeHistogram(h: StoredHistogram | null | undefined): HistogramSnapshot | null {
  if (!h || h.counts.length !== h.le.length + 1) return null;
  return { bounds: [...h.le, Number.POSITIVE_INFINITY], counts: h.counts, sum: h.sum, count: h.count };
}

export function decodeSnapshot(stored: StoredSnapshot, t: number): PodSnapshot {
  const histograms = Object.fromEntries(
    HISTOGRAM_KEYS.map((k) => [k, decodeHistogram(stored.histograms[k])]),
  ) as PodSnapshot['histograms'];
  return { t, counters: stored.counters, gauges: stored.gauges, histograms };
}

/** A minute's rollup: its last snapshot's counters and histograms, the minute's mean gauges. */
export function rollUp(snapshots: readonly PodSnapshot[]): PodSnapshot | null {
  const last = snapshots[snapshots.length - 1];
  if (!last) return null;
  const mean = (key: keyof PodSnapshot['gauges']) => {
    const values = snapshots.map((s) => s.gauges[key]).filter((v): v is number => v !== null);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  return {
    ...last,
    gauges: { running: mean('running'), waiting: mean('waiting'), kvCache: mean('kvCache') },
  };
}
