/** Helpers shared by the test suites: the CLI, cargo with one shared target directory, and trees. */

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORK_DIR = join(REPO_ROOT, '.work');

/**
 * One cargo target directory for every generated crate, so dependencies build once per run.
 * CARGO_TARGET_DIR overrides it.
 */
export const CARGO_TARGET_DIR = process.env.CARGO_TARGET_DIR ?? join(WORK_DIR, 'cargo-target');

/** Creates a fresh temporary directory under .work/tmp. */
export function temporaryDirectory(prefix: string): string {
  const parent = join(WORK_DIR, 'tmp');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${prefix}-`));
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function toResult(result: SpawnSyncReturns<string>): RunResult {
  if (result.error !== undefined) {
    throw result.error;
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built CLI (lib/) without a TTY, as CI does. The default working directory, .work, is created when missing. */
export function runCli(args: readonly string[], cwd: string = WORK_DIR, env: NodeJS.ProcessEnv = {}): RunResult {
  if (cwd === WORK_DIR) {
    mkdirSync(WORK_DIR, { recursive: true });
  }
  return toResult(
    spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'create-rust-mcp.js'), ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs a command and fails with its output when it exits non-zero. */
export function runChecked(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = toResult(spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }));
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} with status ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * Runs `npx projen ARGS` in a generated repository whose npm dependencies are installed, as a user
 * runs it, and returns the result whatever the exit status.
 */
export function runProjen(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  return toResult(spawnSync('npx', ['--no-install', 'projen', ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, maxBuffer: 64 * 1024 * 1024 }));
}

/**
 * Runs a command without blocking the event loop and returns the result whatever the exit status,
 * for commands that talk to a server in this process.
 */
export function runAsync(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', rejectRun);
    child.once('close', (status) => resolveRun({ status: status ?? -1, stdout, stderr }));
  });
}

/** Runs cargo in `cwd` with the shared target directory. */
export function cargo(args: readonly string[], cwd: string): RunResult {
  return runChecked('cargo', args, cwd, { CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never' });
}

/** Maps every path under `root` to its type, mode and content hash, to prove a tree unchanged. */
export function snapshotTree(root: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const visit = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const stat = lstatSync(path);
      const key = relative(root, path);
      if (stat.isDirectory()) {
        snapshot[key] = `dir ${stat.mode.toString(8)}`;
        visit(path);
      } else {
        snapshot[key] = `file ${stat.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      }
    }
  };
  visit(root);
  return snapshot;
}

/** Returns a TCP port that was free on loopback a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A server process started by a test. */
export interface ServerProcess {
  readonly port: number;
  /** Everything the process wrote on stderr so far. */
  logs(): string;
  /** Sends SIGTERM and resolves with the exit code and the seconds it took. */
  terminate(): Promise<{ code: number | null; seconds: number }>;
  kill(): void;
}

/**
 * Polls http://127.0.0.1:`port`/health every `intervalMilliseconds` until it returns 200, the
 * process behind it exits, or `seconds` pass; returns which happened.
 */
export async function waitUntilHealthy(port: number, seconds: number, hasExited: () => boolean, intervalMilliseconds: number): Promise<'healthy' | 'exited' | 'timed out'> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (hasExited()) {
      return 'exited';
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) {
        return 'healthy';
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      return 'timed out';
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMilliseconds));
  }
}

/** Starts `binary` with `env` and waits until its health endpoint returns 200. */
export async function startServer(binary: string, env: NodeJS.ProcessEnv, port: number): Promise<ServerProcess> {
  const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => {
    exited = true;
    resolveExit(code);
  }));

  const health = await waitUntilHealthy(port, 15, () => exited, 50);
  if (health === 'exited') {
    throw new Error(`server exited before answering its health endpoint:\n${stderr}`);
  }
  if (health === 'timed out') {
    child.kill('SIGKILL');
    throw new Error(`server did not answer /health within 15 s:\n${stderr}`);
  }

  return {
    port,
    logs: () => stderr,
    terminate: async () => {
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await exit;
      return { code, seconds: (Date.now() - started) / 1000 };
    },
    kill: () => {
      if (!exited) {
        child.kill('SIGKILL');
      }
    },
  };
}
