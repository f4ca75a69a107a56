import { Command, Option } from 'commander';
import { CliError } from './graphql-client.js';
import {
  benchBaselineList,
  benchBaselineSet,
  benchCompare,
  benchIndex,
  benchJob,
  benchIngest,
  benchList,
  benchLogs,
  benchReport,
  benchRerun,
  benchRun,
  benchSummary,
  benchWatch,
} from './bench-command.js';
import { IMPORT_FORMATS } from '../../server/domains/knowledge/import/types.js';
import { runImport, type ImportCommandOptions } from './import-command.js';
import { runCalibrate, type CalibrateCommandOptions } from './calibrate-command.js';
import { createToken, listTokens, revokeToken } from './token-command.js';

/**
 * `compass …` — terminal and CI access to a running Compass over its GraphQL API.
 * Target: --url (or COMPASS_URL), default http://127.0.0.1:4000/graphql; token: COMPASS_TOKEN.
 */
const program = new Command('compass').description('Compass command line').showHelpAfterError();

program
  .option(
    '--url <url>',
    'GraphQL endpoint of a running Compass',
    process.env.COMPASS_URL ?? 'http://127.0.0.1:4000/graphql',
  )
  .option('--token <token>', 'API token (or COMPASS_TOKEN)', process.env.COMPASS_TOKEN);

const target = () => {
  const options = program.opts<{ url: string; token?: string }>();
  return { url: options.url, token: options.token };
};

program
  .command('import')
  .description(
    'import benchmark rows (exported_summaries CSV/JSON, GuideLLM report); the format is detected from the content',
  )
  .argument('<file>')
  .addOption(new Option('--format <format>', 'skip detection').choices([...IMPORT_FORMATS]))
  .option('--model <hf-id>', 'the model every row measured (overrides the file)')
  .option('--hardware <gpu>', 'the GPU type or alias every row ran on (overrides the file)')
  .option('--hardware-count <n>', 'GPUs per replica (tensor parallel); overrides the file')
  .option('--profile <PxO>', 'the traffic profile, prompt×output tokens, e.g. 512x256 (overrides the file)')
  .option('--dry-run', 'report what would be inserted / updated per config; write nothing')
  .option('--direct', 'import on the database itself (worker pool), for bulk files; no server needed')
  .action(async (file: string, options: ImportCommandOptions) => {
    process.exitCode = await runImport(target(), file, options);
  });

program
  .command('calibrate')
  .description(
    'fit the performance model on benchmarks measured on real GPUs (corpus JSON, docs/performance-model.md); no server needed',
  )
  .argument('<files...>')
  .option('--out <file>', 'write the calibration JSON here')
  .option('--seed <n>', 'seed of the fit / held-out split by configuration (default 12)')
  .option('--held-out <share>', 'share of configurations held out, 0 ≤ share < 1 (default 0.3)')
  .action(async (files: string[], options: CalibrateCommandOptions) => {
    process.exitCode = await runCalibrate(files, options);
  });

const bench = program
  .command('bench')
  .description(
    'benchmark runs: run | rerun | watch | logs | summary | compare | report | baseline | index | ingest | list | job',
  );
bench
  .command('run')
  .argument('<recipe.yaml>')
  .option('--detach', 'queue the run and return without watching')
  .action(async (file: string, options: { detach?: boolean }) => {
    process.exitCode = await benchRun(target(), file, options.detach === true);
  });
bench
  .command('watch')
  .argument('<id>')
  .action(async (id: string) => {
    process.exitCode = await benchWatch(target(), id);
  });
bench
  .command('rerun')
  .argument('<id>')
  .description("a new run from the run's stored recipe (its secrets stay sealed)")
  .option('--detach', 'queue the run and return without watching')
  .action(async (id: string, options: { detach?: boolean }) => {
    process.exitCode = await benchRerun(target(), id, options.detach === true);
  });
bench
  .command('job')
  .argument('<id>')
  .description(
    "the run's Kubernetes Indexed Job manifest: one pod per worker shard (pipe to kubectl apply -f -)",
  )
  .requiredOption('--image <ref>', 'the Compass image, e.g. ghcr.io/acme/compass:1.4.0')
  .option('--namespace <ns>', 'namespace of the Job (default "default")')
  .action(async (id: string, options: { image: string; namespace?: string }) => {
    process.exitCode = await benchJob(target(), id, options.image, options.namespace);
  });
bench
  .command('logs')
  .argument('<id>')
  .description("the run's log lines and errors")
  .option('-f, --follow', 'keep streaming until the run ends')
  .action(async (id: string, options: { follow?: boolean }) => {
    process.exitCode = await benchLogs(target(), id, options.follow === true);
  });
bench
  .command('summary')
  .argument('<id>')
  .description('levels × metrics, repetitions folded into mean ± t-interval')
  .option('--confidence <level>', 'confidence of the intervals', '0.95')
  .action(async (id: string, options: { confidence: string }) => {
    process.exitCode = await benchSummary(target(), id, Number(options.confidence));
  });
bench
  .command('compare')
  .description('compare <baseline-id> <current-id>, or compare --baseline <category> <current-id>')
  .argument('<ids...>', 'baseline and current run ids (only the current one with --baseline)')
  .option('--baseline <category>', "compare against the category's baseline run")
  .action(async (ids: string[], options: { baseline?: string }) => {
    const wanted = options.baseline === undefined ? 2 : 1;
    if (ids.length !== wanted) {
      throw new CliError(
        options.baseline === undefined
          ? 'give <baseline-id> <current-id>, or --baseline <category> <current-id>'
          : 'with --baseline, give only <current-id>',
      );
    }
    process.exitCode = await benchCompare(
      target(),
      options.baseline === undefined
        ? { baseline: ids[0], current: ids[1]! }
        : { current: ids[0]!, category: options.baseline },
    );
  });
const baseline = bench.command('baseline').description('reference runs per category');
baseline
  .command('set')
  .argument('<id>')
  .requiredOption('--category <name>', 'e.g. Storage, Retrieval, Inference')
  .action(async (id: string, options: { category: string }) => {
    process.exitCode = await benchBaselineSet(target(), id, options.category);
  });
baseline.command('list').action(async () => {
  process.exitCode = await benchBaselineList(target());
});
bench
  .command('index')
  .description('Markdown dataset index of every run (id, service, configuration, purpose, status, baseline)')
  .option('--out <file>', 'write it there (e.g. docs/dataset_index.md) instead of stdout')
  .action(async (options: { out?: string }) => {
    process.exitCode = await benchIndex(target(), options.out);
  });
bench
  .command('report')
  .argument('<id>')
  .option('--out <dir>', 'where reports/<id>/ goes', 'reports')
  .action(async (id: string, options: { out: string }) => {
    process.exitCode = await benchReport(target(), id, options.out);
  });
bench
  .command('ingest')
  .argument('<id>')
  .action(async (id: string) => {
    process.exitCode = await benchIngest(target(), id);
  });
bench
  .command('list')
  .option('--first <n>', 'how many', '20')
  .action(async (options: { first: string }) => {
    process.exitCode = await benchList(target(), Number(options.first));
  });
bench
  .command('import')
  .argument('<file>')
  .description('same as `compass import`')
  .action(async (file: string) => {
    process.exitCode = await runImport(target(), file);
  });

const token = program.command('token').description('API tokens (works on the database directly)');
token
  .command('create')
  .requiredOption('--name <name>', 'who or what the token is for')
  .addOption(
    new Option('--role <role>', 'viewer, operator or admin')
      .choices(['viewer', 'operator', 'admin'])
      .makeOptionMandatory(),
  )
  .action(async (options: { name: string; role: string }) => {
    process.exitCode = await createToken(
      options.name,
      options.role.toUpperCase() as 'VIEWER' | 'OPERATOR' | 'ADMIN',
    );
  });
token
  .command('revoke')
  .argument('<id>', 'token number (see `compass token list`)')
  .action(async (id: string) => {
    process.exitCode = await revokeToken(Number(id));
  });
token.command('list').action(async () => {
  process.exitCode = await listTokens();
});

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`compass: ${error instanceof CliError ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
