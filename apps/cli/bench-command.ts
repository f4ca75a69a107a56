import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { svgToPng } from '../../server/domains/loadtest/report/plots.js';
import { CliError, numericId, request, type CliTarget } from './graphql-client.js';
import { graphql } from './gql/index.js';
import type {
  CliFollowLogsSubscription,
  CliRunLogsQuery,
  CliRunProgressSubscription,
} from './gql/graphql.js';
import { wsUrlOf, subscribeOnce } from './ws.js';

const StartRun = graphql(`
  mutation CliStartRun($input: StartBenchmarkRunInput!) {
    startBenchmarkRun(input: $input) {
      run {
        id
        name
      }
    }
  }
`);

const RerunRun = graphql(`
  mutation CliRerunRun($id: ID!) {
    rerunBenchmarkRun(id: $id) {
      run {
        id
        name
      }
    }
  }
`);

const WorkerJob = graphql(`
  query CliWorkerJob($id: ID!, $image: String!, $namespace: String) {
    benchmarkRun(id: $id) {
      workers
      workerJobManifest(image: $image, namespace: $namespace)
    }
  }
`);

const RunProgress = graphql(`
  subscription CliRunProgress($id: ID!) {
    benchmarkRunProgress(runId: $id) {
      runId
      phase
      status
      level
      levels
      completedRequests
      erroredRequests
      elapsedSeconds
      currentRps
      ttftP95Ms
      itlP95Ms
      e2eP95Ms
      message
    }
  }
`);

const CompareRuns = graphql(`
  query CliCompareRuns($b: ID!, $c: ID!) {
    compareRuns(baselineId: $b, currentId: $c) {
      table
      result
    }
  }
`);

const CompareToBaseline = graphql(`
  query CliCompareToBaseline($category: String!, $c: ID!) {
    compareToBaseline(category: $category, currentId: $c) {
      table
      result
      baseline {
        id
      }
    }
  }
`);

const SaturationReport = graphql(`
  query CliSaturationReport($id: ID!) {
    saturationReport(runId: $id) {
      markdown
      plots {
        name
        svg
      }
    }
  }
`);

const IngestRun = graphql(`
  mutation CliIngestRun($id: ID!) {
    ingestBenchmarkRun(runId: $id) {
      inserted
      updated
    }
  }
`);

const ListRuns = graphql(`
  query CliListRuns($first: Int) {
    benchmarkRuns(first: $first) {
      edges {
        node {
          id
          name
          status
          profileKind
          createdAt
          completedLevels
        }
      }
    }
  }
`);

const RunSummary = graphql(`
  query CliRunSummary($id: ID!, $confidence: Float) {
    benchmarkRun(id: $id) {
      id
      summary(confidence: $confidence) {
        table
      }
    }
  }
`);

const RunLogs = graphql(`
  query CliRunLogs($id: ID!, $after: String) {
    benchmarkRun(id: $id) {
      id
      status
      logs(after: $after, first: 1000) {
        cursor
        at
        severity
        message
        final
      }
    }
  }
`);

const FollowLogs = graphql(`
  subscription CliFollowLogs($id: ID!) {
    benchmarkRunLogs(runId: $id) {
      cursor
      at
      severity
      message
      final
    }
  }
`);

const DatasetIndex = graphql(`
  query CliDatasetIndex {
    benchmarkDatasetIndex
  }
`);

const SetBaseline = graphql(`
  mutation CliSetBaseline($id: ID!, $category: String!) {
    setBenchmarkBaseline(runId: $id, category: $category) {
      category
      setAt
      run {
        id
        name
      }
    }
  }
`);

const Baselines = graphql(`
  query CliBaselines {
    benchmarkBaselines {
      category
      setAt
      run {
        id
        name
        status
      }
    }
  }
`);

type ProgressEvent = CliRunProgressSubscription['benchmarkRunProgress'];

/** `compass bench run <recipe.yaml>`: queue, then watch unless --detach. Exit 1 if the run fails. */
export async function benchRun(target: CliTarget, file: string, detach: boolean): Promise<number> {
  const recipeYaml = await readFile(file, 'utf8');
  const data = await request(target, StartRun, { input: { recipeYaml } });
  const run = data.startBenchmarkRun.run;
  const numeric = numericId(run.id);
  process.stdout.write(`queued run ${numeric} (${run.name})\n`);
  if (detach) return 0;
  return benchWatch(target, numeric);
}

/** `compass bench rerun <id>`: a new run from the stored recipe (secrets stay sealed server-side). */
export async function benchRerun(target: CliTarget, id: string, detach: boolean): Promise<number> {
  const data = await request(target, RerunRun, { id });
  const run = data.rerunBenchmarkRun.run;
  const numeric = numericId(run.id);
  process.stdout.write(`queued run ${numeric} (${run.name}), a rerun of run ${id}\n`);
  if (detach) return 0;
  return benchWatch(target, numeric);
}

/** `compass bench job <id> --image …`: the run's Kubernetes Indexed Job (YAML on stdout, for `kubectl apply -f -`). */
export async function benchJob(
  target: CliTarget,
  id: string,
  image: string,
  namespace: string | undefined,
): Promise<number> {
  const data = await request(target, WorkerJob, { id, image, namespace: namespace ?? null });
  if (!data.benchmarkRun) throw new CliError(`no benchmark run ${id}`);
  process.stdout.write(data.benchmarkRun.workerJobManifest);
  process.stderr.write(`run ${id}: ${data.benchmarkRun.workers} shard(s), one pod each\n`);
  return 0;
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
  await subscribeOnce(
    wsUrlOf(target.url),
    target.token,
    RunProgress,
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

/**
 * `compass bench compare <baseline> <current>` or `compare --baseline <category> <current>`: prints
 * the table; exit 1 on FAIL (a CI gate).
 */
export async function benchCompare(
  target: CliTarget,
  args: { baseline?: string; current: string; category?: string },
): Promise<number> {
  if (args.category !== undefined) {
    const data = await request(target, CompareToBaseline, { category: args.category, c: args.current });
    process.stdout.write(
      `baseline "${args.category}" is run ${numericId(data.compareToBaseline.baseline.id)}\n${data.compareToBaseline.table}\n`,
    );
    return data.compareToBaseline.result === 'PASS' ? 0 : 1;
  }
  if (args.baseline === undefined)
    throw new CliError('give <baseline> <current>, or --baseline <category> <current>');
  const data = await request(target, CompareRuns, { b: args.baseline, c: args.current });
  process.stdout.write(`${data.compareRuns.table}\n`);
  return data.compareRuns.result === 'PASS' ? 0 : 1;
}

/** `compass bench report <id>`: writes reports/<id>/report.md with SVG and PNG plots. */
export async function benchReport(target: CliTarget, id: string, outDir: string): Promise<number> {
  const data = await request(target, SaturationReport, { id });
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
  const data = await request(target, IngestRun, { id });
  process.stdout.write(
    `ingested run ${id}: ${data.ingestBenchmarkRun.inserted} inserted, ${data.ingestBenchmarkRun.updated} updated\n`,
  );
  return 0;
}

/** `compass bench list`: recent runs. */
export async function benchList(target: CliTarget, first: number): Promise<number> {
  const data = await request(target, ListRuns, { first });
  for (const { node } of data.benchmarkRuns.edges) {
    process.stdout.write(
      `${numericId(node.id)}\t${node.status}\t${node.profileKind}\tlevels=${node.completedLevels}\t${node.createdAt}\t${node.name}\n`,
    );
  }
  return 0;
}

/** `compass bench summary <id>`: the levels with repetitions folded, mean ± t-interval per metric. */
export async function benchSummary(
  target: CliTarget,
  id: string,
  confidence: number | undefined,
): Promise<number> {
  const data = await request(target, RunSummary, { id, confidence: confidence ?? null });
  if (!data.benchmarkRun) throw new CliError(`no benchmark run ${id}`);
  process.stdout.write(`${data.benchmarkRun.summary.table}\n`);
  return 0;
}

type LogLine = Pick<CliFollowLogsSubscription['benchmarkRunLogs'], 'at' | 'severity' | 'message'>;

export function formatLogLine(line: LogLine): string {
  return `${line.at} ${line.severity.padEnd(5)} ${line.message}`;
}

/**
 * `compass bench logs <id>`: the run's log lines; with --follow, then its live lines until it ends.
 * Exit 1 when the run's last line is an error (it FAILED), so a script can tell.
 */
export async function benchLogs(target: CliTarget, id: string, follow: boolean): Promise<number> {
  let last: LogLine | null = null;
  const print = (line: LogLine) => {
    last = line;
    process.stdout.write(`${formatLogLine(line)}\n`);
  };
  if (follow) {
    await subscribeOnce(wsUrlOf(target.url), target.token, FollowLogs, { id }, ({ benchmarkRunLogs }) =>
      print(benchmarkRunLogs),
    );
  } else {
    for (let after: string | null = null; ;) {
      const data: CliRunLogsQuery = await request(target, RunLogs, { id, after });
      if (!data.benchmarkRun) throw new CliError(`no benchmark run ${id}`);
      data.benchmarkRun.logs.forEach(print);
      if (data.benchmarkRun.logs.length < 1000) break;
      after = data.benchmarkRun.logs.at(-1)!.cursor;
    }
  }
  return (last as LogLine | null)?.severity === 'ERROR' ? 1 : 0;
}

/** `compass bench index [--out file]`: the Markdown dataset index of every run. */
export async function benchIndex(target: CliTarget, out: string | undefined): Promise<number> {
  const data = await request(target, DatasetIndex, {});
  if (out === undefined) process.stdout.write(data.benchmarkDatasetIndex);
  else {
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, data.benchmarkDatasetIndex);
    process.stdout.write(`wrote ${out}\n`);
  }
  return 0;
}

/** `compass bench baseline set <id> --category <name>`. */
export async function benchBaselineSet(target: CliTarget, id: string, category: string): Promise<number> {
  const data = await request(target, SetBaseline, { id, category });
  const baseline = data.setBenchmarkBaseline;
  process.stdout.write(
    `run ${numericId(baseline.run.id)} (${baseline.run.name}) is the "${baseline.category}" baseline\n`,
  );
  return 0;
}

/** `compass bench baseline list`. */
export async function benchBaselineList(target: CliTarget): Promise<number> {
  const data = await request(target, Baselines, {});
  for (const b of data.benchmarkBaselines) {
    process.stdout.write(
      `${b.category}\t${numericId(b.run.id)}\t${b.run.status}\t${b.setAt}\t${b.run.name}\n`,
    );
  }
  return 0;
}
