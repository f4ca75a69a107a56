import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'compass-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `compass calibrate …` in its own process (it needs no server or database). */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('apps/cli/main.ts'), 'calibrate', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('compass calibrate', () => {
  it('fits a measured corpus, prints the split and the error table, writes the calibration', async () => {
    const out = path.join(dir, 'calibration.json');
    const result = await cli(['test/fixtures/calibration/measured-subset.json', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/12 measured rows from 1 file\(s\); split seed 12, held-out share 0\.3/);
    expect(result.stdout).toMatch(/\| 1 +\| gpu_conc \| (fit|held-out) +\|/);
    expect(result.stdout).toMatch(
      /TTFT p95, held-out \(batch 1\), calibrated: median \|log2\(pred\/obs\)\| /,
    );
    expect(result.stdout).toMatch(
      /TTFT p95, held-out \(all batches\), calibrated: median \|log2\(pred\/obs\)\| /,
    );
    const calibration = JSON.parse(readFileSync(out, 'utf8')) as {
      version: number;
      fittedOn: { rows: number; configs: string[] };
      heldOut: { rows: number; configs: string[] };
      factors: Record<string, { body: { a: number }; tail: { a: number } }>;
    };
    expect(calibration.version).toBe(1);
    expect(calibration.fittedOn.rows + calibration.heldOut.rows).toBe(12);
    expect(calibration.heldOut.configs.some((c) => calibration.fittedOn.configs.includes(c))).toBe(false);
    expect(Number.isFinite(calibration.factors.ttft?.tail.a)).toBe(true);
    // the same input gives the same file (deterministic split and fit)
    const again = path.join(dir, 'again.json');
    await cli(['test/fixtures/calibration/measured-subset.json', '--out', again]);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('a bad corpus is refused naming the file, row and field, and nothing is written', async () => {
    const out = path.join(dir, 'never.json');
    const result = await cli(['test/fixtures/calibration/bad-rate.json', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-rate\.json: rows\.0\.requestsPerSecond/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad option is refused', async () => {
    const result = await cli(['test/fixtures/calibration/measured-subset.json', '--held-out', '1.5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--held-out/);
  });
});
