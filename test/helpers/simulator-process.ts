import { spawn, type ChildProcess } from 'node:child_process';

export interface SimulatorProcess {
  /** Base URL without /v1, e.g. http://127.0.0.1:41234. */
  url: string;
  child: ChildProcess;
  /** SIGKILL: the target dies at once, mid-stream. */
  kill(): Promise<void>;
}

/** The simulator CLI (`npm run simulator`) as its own process, on a port from the OS. */
export async function startSimulatorProcess(args: string[]): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/simulator/main.ts', '--port', '0', ...args],
    { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('vLLM simulator serving'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
  return {
    url,
    child,
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
