/** Measurement helpers shared by the benchmark sections: timing, medians, machine facts. */

import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** Returns the median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a command to completion and returns its wall time in milliseconds; fails on a non-zero exit. */
export function timeCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return elapsed;
}

/** Runs `measure` `runs` times and returns every sample. */
export function sample(runs: number, measure: (run: number) => number): number[] {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    samples.push(measure(run));
  }
  return samples;
}

/** Async variant of {@link sample}. */
export async function sampleAsync(runs: number, measure: (run: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    samples.push(await measure(run));
  }
  return samples;
}

/** Describes this machine: CPU model and count, memory, OS, Node.js and Rust versions, and its load. */
export function machineDescription(): string {
  const rustc = spawnSync('rustc', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const kernel = spawnSync('uname', ['-sr'], { encoding: 'utf8' }).stdout.trim();
  const load = loadavg()[0].toFixed(1);
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${kernel}, Node.js ${process.version}, ${rustc}; load average ${load} at the start`;
}

/** Reads the resident set size of a process from /proc, in bytes. */
export function residentBytes(pid: number): number {
  const status = spawnSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }).stdout;
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) {
    throw new Error(`no VmRSS for process ${pid}`);
  }
  return Number(match[1]) * 1024;
}

/**
 * Starts `binary` and measures the milliseconds from spawning it to the first successful
 * `tools/list` answer over Streamable HTTP on `port`. Returns the time and the running process.
 */
export async function coldStart(binary: string, args: readonly string[], env: NodeJS.ProcessEnv, port: number) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  const started = process.hrtime.bigint();
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
        body,
      });
      const text = await response.text();
      if (response.status === 200 && text.includes('"tools"')) {
        return { milliseconds: Number(process.hrtime.bigint() - started) / 1e6, child };
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${binary} did not answer tools/list within 30 s`);
    }
    // A short pause between attempts, so the poller does not take a whole core from the server.
    await new Promise((resolveWait) => setTimeout(resolveWait, 1));
  }
}

export function formatMilliseconds(value: number): string {
  if (value >= 10_000) {
    return `${(value / 1000).toFixed(1)} s`;
  }
  if (value >= 100) {
    return `${value.toFixed(0)} ms`;
  }
  return `${value.toFixed(1)} ms`;
}

export function formatBytes(value: number): string {
  return value >= 2 ** 20 ? `${(value / 2 ** 20).toFixed(2)} MiB` : `${(value / 1024).toFixed(0)} KiB`;
}
