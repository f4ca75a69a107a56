/**
 * bench:observe — what observing a deployment costs Compass, per pod and scrape, beside the cost of
 * the peer that produces the same text (the simulator's prom-client registry, i.e. what vLLM's own
 * /metrics handler does):
 *   parse   — exposition text → PodSnapshot (parse-prometheus-text-format + the vLLM reduction)
 *   encode  — snapshot → the JSON stored per sample
 *   view    — a 5-minute view (60 s rate window, 2 s steps) over 5 s scrapes, per pod
 * Prints medians over repeated rounds; no database (insert cost is one createMany row per pod).
 */
import { createSimulatorServer } from '../apps/simulator/server.js';
import { parseExposition } from '../server/domains/observe/core/exposition.js';
import { encodeSnapshot } from '../server/domains/observe/core/snapshot-codec.js';
import { toPodSnapshot, type PodSnapshot } from '../server/domains/observe/core/vllm-snapshot.js';
import { windowSeries } from '../server/domains/observe/core/window.js';

const ROUNDS = 200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(fn: () => unknown, rounds = ROUNDS): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const sim = createSimulatorServer({
    model: 'meta-llama/llama-3.1-8b-instruct',
    params: { decodeBaseMs: 1, prefillBaseMs: 1 },
  });
  const url = await sim.listen(0);
  // Populate every histogram so the text has its full size.
  await Promise.all(
    Array.from({ length: 32 }, () =>
      fetch(`${url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'meta-llama/llama-3.1-8b-instruct',
          prompt: 'x '.repeat(300),
          max_tokens: 32,
        }),
      }).then((r) => r.text()),
    ),
  );
  const text = await sim.metrics.registry.metrics();
  const produced: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await sim.metrics.registry.metrics();
    produced.push(performance.now() - t);
  }
  const parse = time(() => toPodSnapshot(parseExposition(text), Date.now()));
  const snapshot = toPodSnapshot(parseExposition(text), 0);
  const encode = time(() => JSON.stringify(encodeSnapshot(snapshot)));
  const stored = JSON.stringify(encodeSnapshot(snapshot)).length;

  // 5-minute view at 5 s scrapes: 60 s of rate window + 300 s, 72 snapshots per pod.
  const start = 1_000_000;
  const snaps: PodSnapshot[] = Array.from({ length: 72 }, (_, i) => ({ ...snapshot, t: start + i * 5_000 }));
  const end = start + 71 * 5_000;
  const view = (pods: number) =>
    time(
      () =>
        windowSeries(
          Array.from({ length: pods }, (_, p) => ({ pod: `p${p}`, snapshots: snaps })),
          { from: end - 300_000, to: end, stepMs: 2_000, rangeMs: 60_000 },
        ),
      20,
    );
  const view1 = view(1);
  const view4 = view(4);
  await sim.close();

  const producedMs = median(produced);
  console.log(`exposition text: ${text.length} bytes; stored snapshot ${stored} bytes of JSON`);
  console.log(`produce (peer: prom-client registry.metrics): ${producedMs.toFixed(3)} ms`);
  console.log(`parse + reduce: ${parse.toFixed(3)} ms (${(parse / producedMs).toFixed(2)}× producing it)`);
  console.log(`encode for storage: ${encode.toFixed(3)} ms`);
  console.log(`5-min view, 150 points: 1 pod ${view1.toFixed(1)} ms, 4 pods ${view4.toFixed(1)} ms`);
  const perScrape = parse + encode;
  console.log(
    `CPU per pod at a 5 s interval: ${((perScrape / 5_000) * 100).toFixed(3)} % of a core for scraping; ` +
      `a subscriber watching 5 min adds ${((view1 / 2_000) * 100).toFixed(2)} % (one view per 2 s step)`,
  );
}

void main();
