import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitSimulatorParams } from '../../server/domains/knowledge/core/simulator-fit.js';
import {
  calibrationRowsFromKnowledgeBase,
  parseCalibrationRef,
} from '../../server/domains/knowledge/simulator-calibration.js';
import { createDatabaseClients, type DatabaseClients } from '../../server/db/clients.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** `npm run simulator -- --calibrate-from …`: the simulator fits itself to a knowledge-base curve. */

let db: TestDatabase;
let clients: DatabaseClients;

beforeAll(async () => {
  db = await createTestDatabase();
  clients = createDatabaseClients(db.url, {
    api: { applicationName: 'test', size: 2, statementTimeoutMs: 10_000 },
    worker: { applicationName: 'test-worker', size: 1, statementTimeoutMs: 10_000 },
  });
});

afterAll(async () => {
  await clients?.close();
  await db?.drop();
});

interface StartLog {
  msg: string;
  url: string;
  params: {
    prefillMsPerToken: number;
    prefillBaseMs: number;
    decodeBaseMs: number;
    decodeMsPerRunningSeq: number;
  };
  notes: string[];
}

/** Starts the real simulator process and returns its start-up log line; the process is stopped after. */
function simulatorStartLog(
  args: string[],
): Promise<{ log: StartLog | null; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/simulator/main.ts', ...args, '--port', '0'],
      {
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.includes('vLLM simulator serving'));
      if (line) {
        child.kill('SIGTERM');
        resolve({ log: JSON.parse(line) as StartLog, stderr, code: null });
      }
    });
    child.on('exit', (code) => resolve({ log: null, stderr: stderr + stdout, code }));
  });
}

describe('simulator --calibrate-from', () => {
  it('parses benchmark ids, global ids and model/gpu/count references', () => {
    expect(parseCalibrationRef('42')).toEqual({ kind: 'benchmark', id: 42 });
    expect(parseCalibrationRef(Buffer.from('Benchmark:7').toString('base64'))).toEqual({
      kind: 'benchmark',
      id: 7,
    });
    expect(parseCalibrationRef('meta-llama/llama-3.1-8b-instruct/H100/2@1024x1024')).toEqual({
      kind: 'config',
      model: 'meta-llama/llama-3.1-8b-instruct',
      gpu: 'H100',
      count: 2,
      promptTokens: 1024,
      outputTokens: 1024,
    });
    expect(parseCalibrationRef('meta-llama/llama-3.1-8b-instruct/A100-80GB/1')).toMatchObject({
      promptTokens: 512,
      outputTokens: 256,
    });
    for (const bad of ['H100/1', 'model/H100/zero', 'a/b/1@512'])
      expect(() => parseCalibrationRef(bad)).toThrow(/--calibrate-from/);
  });

  it(
    'starts calibrated to the curve of a model/GPU/count and of a benchmark id alike',
    { timeout: 60_000 },
    async () => {
      const ref = 'meta-llama/llama-3.1-8b-instruct/H100/1';
      const { rows } = await calibrationRowsFromKnowledgeBase(clients.api, parseCalibrationRef(ref));
      expect(rows.length).toBeGreaterThanOrEqual(5);
      const expected = fitSimulatorParams(rows);

      const byConfig = await simulatorStartLog(['--model', 'sim', '--calibrate-from', ref]);
      expect(byConfig.log, byConfig.stderr).not.toBeNull();
      expect(byConfig.log!.notes[0]).toMatch(
        /calibrated from \d+ knowledge-base rows of meta-llama\/llama-3.1-8b-instruct on 1× H100, 512→256/,
      );
      expect(byConfig.log!.params.prefillMsPerToken).toBeCloseTo(expected.prefillMsPerToken, 6);
      expect(byConfig.log!.params.decodeBaseMs).toBeCloseTo(expected.decodeBaseMs, 6);
      expect(byConfig.log!.params.decodeMsPerRunningSeq).toBeCloseTo(expected.decodeMsPerRunningSeq, 6);
      // Not the defaults: the fit moved them.
      expect(byConfig.log!.params.decodeBaseMs).not.toBe(7);

      const one = await clients.api.benchmark.findFirstOrThrow({
        where: {
          modelHfRepo: 'meta-llama/llama-3.1-8b-instruct',
          hardware: 'H100',
          hardwareCount: 1,
          promptTokens: 512,
          outputTokens: 256,
        },
      });
      const byId = await simulatorStartLog(['--model', 'sim', '--calibrate-from', String(one.id)]);
      expect(byId.log?.params).toEqual(byConfig.log!.params);
    },
  );

  it('refuses an unknown model with a clear message and exit code 2', { timeout: 60_000 }, async () => {
    const result = await simulatorStartLog(['--model', 'sim', '--calibrate-from', 'nobody/nothing/H100/1']);
    expect(result.log).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no model nobody\/nothing in the catalog/);
  });
});
