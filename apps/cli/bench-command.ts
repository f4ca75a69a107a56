import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { RunProgressEvent } from '../../server/kernel/events/run-progress.js';
import { svgToPng } from '../../server/domains/loadtest/report/plots.js';
import { CliError, request, type CliTarget } from './graphql-client.js';
import { wsUrlOf, subscribeOnce } from './ws.js';

/** The subscription's payload as it arrives over the wire: the run id as a string, no timestamp asked for. */
type ProgressEvent = Omit<RunProgressEvent, 'runId' | 'at'> & { runId: string };

const PROGRESS_FIELDS =
  'runId phase status level levels completedRequests erroredRequests elapsedSeconds currentRps ttftP95Ms itlP95Ms e2eP95Ms message';

/** `compass bench run <recipe.yaml>`: queue, then watch unless --detach. Exit 1 if the run fails. */
export async function benchRun(target: CliTarget, file: string, detach: boolean): Promise<number> {
  const recipeYaml = await readFile(file, 'utf8');
  const data = await request<{ startBenchmarkRun: { run: { id: string; name: string } } }>(
    target,
    `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id name } } }`,
    { input: { recipeYaml } },
  );
  const run = data.startBenchmarkRun.run;
  const numeric = Buffer.from(run.id, 'base64').toString().split(':')[1] ?? run.id;
  process.stdout.write(`queued run ${numeric} (${run.name})\n`);
  if (detach) return 0;
  return benchWatch(target, numeric);
}

/** `compass bench watch <id>`: live progress bar until the run ends; exit code from the final status. */
export async function benchWatch(target: CliTarget, id: string): Promise<number> {
  const interactive = process.stdout.isTTY === true;
  const bar = interactive
    ? new cliProgress.SingleBar(
        {
          format:
            ' {phase} level {level}/{levels} |{bar}| {completed} ok, {errored} err, {rps} req/s, p95 TTFT {ttft} ms ITL {itl} ms',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let last: ProgressEvent | null = null;
  let lastPrinted = 0;
  await subscribeOnce<{ benchmarkRunProgress: ProgressEvent }>(
    wsUrlOf(target.url),
    target.token,
    `subscription($id: ID!) { benchmarkRunProgress(runId: $id) { ${PROGRESS_FIELDS} } }`,
    { id },
    ({ benchmarkRunProgress: p }) => {
      last = p;
      const payload = {
        phase: p.phase,
        level: (p.level ?? 0) + 1,
        levels: p.levels,
        completed: p.completedRequests,
        errored: p.erroredRequests,
        rps: p.currentRps?.toFixed(1) ?? '-',
        ttft: p.ttftP95Ms?.toFixed(0) ?? '-',
        itl: p.itlP95Ms?.toFixed(1) ?? '-',
      };
      if (bar) {
        if (!bar.isActive) bar.start(Math.max(1, p.levels), 0, payload);
        bar.setTotal(Math.max(1, p.levels));
        bar.update(p.level ?? 0, payload);
      } else if (Date.now() - lastPrinted > 2_000 || ['DONE', 'FAILED', 'CANCELLED'].includes(p.phase)) {
        lastPrinted = Date.now();
        process.stdout.write(
          `${p.phase} level ${payload.level}/${p.levels} ok=${p.completedRequests} err=${p.erroredRequests} rps=${payload.rps} p95 ttft=${payload.ttft}ms itl=${payload.itl}ms\n`,
        );
      }
    },
  );
  bar?.stop();
  const final = last as ProgressEvent | null;
  if (!final) throw new CliError('no progress received');
  process.stdout.write(`run ${id}: ${final.status}${final.message ? ` — ${final.message}` : ''}\n`);
  return final.status === 'SUCCEEDED' ? 0 : 1;
}

/** `compass bench compare <baseline> <current>`: prints the table; exit 1 on FAIL (a CI gate). */
export async function benchCompare(target: CliTarget, baseline: string, current: string): Promise<number> {
  const data = await request<{ compareRuns: { table: string; result: string } }>(
    target,
    `query($b: ID!, $c: ID!) { compareRuns(baselineId: $b, currentId: $c) { table result } }`,
    { b: baseline, c: current },
  );
  process.stdout.write(`${data.compareRuns.table}\n`);
  return data.compareRuns.result === 'PASS' ? 0 : 1;
}

/** `compass bench report <id>`: writes reports/<id>/report.md with SVG and PNG plots. */
export async function benchReport(target: CliTarget, id: string, outDir: string): Promise<number> {
  const data = await request<{
    saturationReport: { markdown: string; plots: { name: string; svg: string }[] };
  }>(target, `query($id: ID!) { saturationReport(runId: $id) { markdown plots { name svg } } }`, { id });
  const directory = path.join(outDir, id);
  await mkdir(path.join(directory, 'plots'), { recursive: true });
  await writeFile(path.join(directory, 'report.md'), data.saturationReport.markdown);
  for (const plot of data.saturationReport.plots) {
    await writeFile(path.join(directory, 'plots', `${plot.name}.svg`), plot.svg);
    await writeFile(path.join(directory, 'plots', `${plot.name}.png`), svgToPng(plot.svg));
  }
  process.stdout.write(
    `wrote ${path.join(directory, 'report.md')} and ${data.saturationReport.plots.length * 2} plot files\n`,
  );
  return 0;
}

/** `compass bench ingest <id>`: the run's levels become MEASURED benchmarks. */
export async function benchIngest(target: CliTarget, id: string): Promise<number> {
  const data = await request<{ ingestBenchmarkRun: { inserted: number; updated: number } }>(
    target,
    `mutation($id: ID!) { ingestBenchmarkRun(runId: $id) { inserted updated } }`,
    { id },
  );
  process.stdout.write(
    `ingested run ${id}: ${data.ingestBenchmarkRun.inserted} inserted, ${data.ingestBenchmarkRun.updated} updated\n`,
  );
  return 0;
}

/** `compass bench list`: recent runs. */
export async function benchList(target: CliTarget, first: number): Promise<number> {
  const data = await request<{
    benchmarkRuns: {
      edges: {
        node: {
          id: string;
          name: string;
          status: string;
          profileKind: string;
          createdAt: string;
          completedLevels: number;
        };
      }[];
    };
  }>(
    target,
    `query($first: Int) { benchmarkRuns(first: $first) { edges { node { id name status profileKind createdAt completedLevels } } } }`,
    { first },
  );
  for (const { node } of data.benchmarkRuns.edges) {
    const numeric = Buffer.from(node.id, 'base64').toString().split(':')[1] ?? node.id;
    process.stdout.write(
      `${numeric}\t${node.status}\t${node.profileKind}\tlevels=${node.completedLevels}\t${node.createdAt}\t${node.name}\n`,
    );
  }
  return 0;
}
