/**
 * `npm run simulator -- --model <name> [--port 8000] …`: a GPU-free vLLM stand-in (see docs/simulator.md).
 * Logs one line with the URL when it listens; SIGTERM/SIGINT drain in-flight requests (up to
 * --drain-ms) and exit; a second signal exits at once.
 */
import { CommanderError } from 'commander';
import { createLogger } from '../../server/logger.js';
import { withDatabase } from '../../server/runtime.js';
import {
  calibrationRowsFromKnowledgeBase,
  parseCalibrationRef,
} from '../../server/domains/knowledge/simulator-calibration.js';
import { calibrateFromArg, parseSimulatorArgs, type SimulatorCliConfig } from './cli-options.js';
import { createSimulatorServer } from './server.js';

const logger = createLogger(process.env.LOG_LEVEL ?? 'info');

let config: SimulatorCliConfig;
try {
  const argv = process.argv.slice(2);
  const calibrateFrom = calibrateFromArg(argv);
  const knowledgeBase =
    calibrateFrom === null
      ? null
      : await withDatabase((db) =>
          calibrationRowsFromKnowledgeBase(db.api, parseCalibrationRef(calibrateFrom)),
        );
  config = parseSimulatorArgs(argv, process.env, knowledgeBase);
} catch (error) {
  if (
    error instanceof CommanderError &&
    (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
  )
    process.exit(0);
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const simulator = createSimulatorServer(config.server);
const url = await simulator.listen(config.port, config.host);
const p = config.server.params;
logger.info(
  { url, model: config.server.model, params: p, notes: config.notes },
  `vLLM simulator serving ${config.server.model} at ${url}/v1 (TTFT ${p.prefillBaseMs}+${p.prefillMsPerToken}/token ms, ` +
    `ITL ${p.decodeBaseMs}+${p.decodeMsPerRunningSeq}/seq ms, max-num-seqs ${p.maxNumSeqs})`,
);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal, state: simulator.engine.state() }, 'simulator stopping');
  simulator.close(config.drainMs).then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'simulator did not stop cleanly');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
