/**
 * A small load generator for the hardening and soak tests: `clients` loops, each sending one
 * `tools/call` after the other over keep-alive connections with fetch, against 127.0.0.1 only.
 * Every run is bounded by a duration and a request count, and stops by itself.
 */

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

import { greetCall, MCP_HEADERS } from './raw-http.js';

export interface LoadOptions {
  readonly port: number;
  /** Concurrent request loops. */
  readonly clients: number;
  /** Maximum duration of the run, in milliseconds. */
  readonly durationMs: number;
  /** Maximum number of requests of all loops together. */
  readonly maxRequests: number;
}

/** A request that did not get a correct response, with the time it ended (performance.now()). */
export interface LoadFailure {
  readonly at: number;
  readonly message: string;
}

export interface LoadResult {
  /** Requests that got status 200 and the expected greeting. */
  readonly ok: number;
  /** Every other outcome: another status, a wrong body, or a connection error. */
  readonly failures: readonly LoadFailure[];
  /** Responses by HTTP status, correct or not. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly elapsedMs: number;
}

/** A running load; {@link RunningLoad.stop} ends it early. */
export interface RunningLoad {
  readonly result: Promise<LoadResult>;
  /** Requests with a correct response so far. */
  okSoFar(): number;
  stop(): void;
}

/** Starts `clients` loops calling the `greet` tool of the server on `port`. */
export function startLoad(options: LoadOptions): RunningLoad {
  const url = `http://127.0.0.1:${options.port}/mcp`;
  const started = performance.now();
  const deadline = started + options.durationMs;
  let sent = 0;
  let ok = 0;
  let stopped = false;
  const failures: LoadFailure[] = [];
  const statuses = new Map<number, number>();

  const client = async (index: number): Promise<void> => {
    while (!stopped && performance.now() < deadline && sent < options.maxRequests) {
      sent += 1;
      const name = `client-${index}-${sent}`;
      try {
        const response = await fetch(url, { method: 'POST', headers: MCP_HEADERS, body: greetCall(sent, name) });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200 && text.includes(`Hello, ${name}!`)) {
          ok += 1;
        } else {
          failures.push({ at: performance.now(), message: `status ${response.status}: ${text.slice(0, 200)}` });
        }
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        failures.push({ at: performance.now(), message: cause?.code ?? cause?.message ?? String(error) });
        // A refused connection fails at once; the pause keeps a failing loop from spinning.
        await new Promise((resolveWait) => setTimeout(resolveWait, 10));
      }
    }
  };

  const result = Promise.all(Array.from({ length: options.clients }, (_, index) => client(index))).then(() => ({
    ok,
    failures,
    statuses,
    elapsedMs: performance.now() - started,
  }));
  return {
    result,
    okSoFar: () => ok,
    stop: () => {
      stopped = true;
    },
  };
}

/** Reads the resident set size of a process from /proc, in bytes. */
export function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) {
    throw new Error(`/proc/${pid}/status has no VmRSS line`);
  }
  return Number(match[1]) * 1024;
}

/**
 * Finds the process of `binary` that a test started with `BIND_ADDRESS=127.0.0.1:port`, through
 * /proc. The helpers' ServerProcess does not expose its process ID.
 */
export function serverPid(binary: string, port: number): number {
  const marker = `BIND_ADDRESS=127.0.0.1:${port}`;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${entry}/exe`) === binary && readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker)) {
        return Number(entry);
      }
    } catch {
      // The process ended, or belongs to another user, while /proc was read.
    }
  }
  throw new Error(`no process of ${binary} with ${marker}`);
}
