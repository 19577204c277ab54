// Runs kubesvc components as child processes (`kubesvc <component> …`): their output is
// prefixed with the component's name, a component that exits unexpectedly is restarted with
// backoff (1 s doubling to 30 s, reset after a minute of health), and stop() ends them one by one
// in the reverse of the order they started, each with SIGTERM, then SIGKILL after a grace period:
// a component may still need the ones started before it while it stops (the controllers release
// their leader lease through the API server).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SUPERVISED_ENV } from './stop-signal.ts';

const CLI = fileURLToPath(new URL('../../bin/kubesvc.js', import.meta.url));

export interface ComponentSpec {
  readonly name: string;
  readonly args: readonly string[];
}

interface Running {
  child: ChildProcess;
  startedAt: number;
  delayMs: number;
}

export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(private readonly log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  start(spec: ComponentSpec, delayMs = 1000): void {
    const child = spawn(process.execPath, [CLI, ...spec.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [SUPERVISED_ENV]: '1' },
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(`[${spec.name}] ${line}`));
    }
    const entry: Running = { child, startedAt: Date.now(), delayMs };
    this.running.set(spec.name, entry);
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      const healthy = Date.now() - entry.startedAt > 60_000;
      const next = healthy ? 1000 : Math.min(entry.delayMs * 2, 30_000);
      this.log(`[kubesvc] ${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${next / 1000}s`);
      setTimeout(() => !this.stopping && this.start(spec, next), next).unref();
    });
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const { child } of [...this.running.values()].reverse()) {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
  }
}
