/** The pinned audit tools of generated repositories (cargo-deny, cargo-machete), built once per machine. */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { AUDIT_TOOLS } from '../../src/audit.js';
import { REPO_ROOT, runChecked, WORK_DIR } from './helpers.js';

/** Install root of the pinned audit tools, kept between runs so each machine builds them once. */
const TOOLS_ROOT = join(WORK_DIR, 'cargo-tools');

/** Building cargo-deny and cargo-machete from source took about 4 minutes on a 2-core machine, and the limit leaves room for a slower one. */
export const INSTALL_TIMEOUT = 40 * 60 * 1000;

/** Installs each pinned tool into TOOLS_ROOT unless that version is there, and returns its bin directory. */
export function installAuditTools(): string {
  const bin = join(TOOLS_ROOT, 'bin');
  for (const [tool, version] of Object.entries(AUDIT_TOOLS)) {
    const binary = join(bin, tool);
    // `cargo-deny --version` prints "cargo-deny 0.20.2", `cargo-machete --version` only "0.9.2".
    const installed = existsSync(binary) ? spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '' : '';
    if (!installed.trim().split(/\s+/).includes(version)) {
      runChecked('cargo', ['install', '--locked', '--force', '--root', TOOLS_ROOT, `${tool}@${version}`], REPO_ROOT);
    }
  }
  return bin;
}
