/** In-process synthesis of a generated repository, as `npx projen` runs it, with its output silenced. */

import { RustMcpProject, type RustMcpProjectOptions } from '../../src/project.js';

/** Synthesizes a project with `options` into `outdir` and returns the exit code synthesis set. */
export function synthesizeQuietly(outdir: string, options: Omit<RustMcpProjectOptions, 'outdir'>): number {
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    new RustMcpProject({ ...options, outdir }).synth();
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}
