/**
 * Dependency audit tasks of the generated repository: duplicate crate versions (cargo tree), unused
 * dependencies (cargo-machete), and licenses, bans, sources and advisories (cargo-deny with deny.toml).
 */

import type { Project } from 'projen/lib/project.js';

/**
 * Audit tools with the versions that this release of create-rust-mcp tested on the generated
 * crate. The CI workflow installs these versions, and the task descriptions name them.
 */
export const AUDIT_TOOLS = {
  'cargo-deny': '0.20.2',
  'cargo-machete': '0.9.2',
} as const;

export type AuditTool = keyof typeof AUDIT_TOOLS;

/** Returns `tool@version`, the form that cargo install and taiki-e/install-action take. */
export function toolSpec(tool: AuditTool): string {
  return `${tool}@${AUDIT_TOOLS[tool]}`;
}

/** Every audit tool as `tool@version`. */
export const AUDIT_TOOL_SPECS: readonly string[] = (Object.keys(AUDIT_TOOLS) as AuditTool[]).map(toolSpec);

/** An audit task of the generated repository. */
export interface AuditTask {
  readonly name: string;
  readonly description: string;
  readonly exec: string;
  /** Whether the `audit` task runs it, which it does unless the task needs more network than crates.io. */
  readonly inAudit: boolean;
}

export const AUDIT_TASKS: readonly AuditTask[] = [
  {
    name: 'audit:duplicates',
    // `cargo tree --duplicates` exits 0 whatever duplicates it finds, so this task reports them and
    // fails only when cargo cannot resolve the dependencies. Dev-dependencies are left out because
    // only the tests are built with them.
    description: 'List crates that the server build contains in more than one version, under every feature, without failing',
    exec: 'cargo tree --duplicates --workspace --all-features --edges normal,build',
    inAudit: true,
  },
  {
    name: 'audit:unused',
    // --with-metadata reads the library names from cargo metadata, so a crate whose library is
    // named differently from its package is not reported as unused.
    description: `Fail when Cargo.toml lists a dependency that no source file uses (needs ${toolSpec('cargo-machete')})`,
    exec: 'cargo machete --with-metadata --skip-target-dir',
    inAudit: true,
  },
  {
    name: 'audit:deny',
    description: `Check the licenses, banned crates and sources of all dependencies against deny.toml (needs ${toolSpec('cargo-deny')})`,
    exec: 'cargo deny check licenses bans sources',
    inAudit: true,
  },
  {
    name: 'audit:advisories',
    description: `Check all dependencies against the RustSec advisory database, which cargo-deny clones from github.com or from the mirrors in deny.toml's db-urls (needs ${toolSpec('cargo-deny')})`,
    exec: 'cargo deny check advisories',
    inAudit: false,
  },
];

/** Adds the audit tasks and `audit`, which runs those that need no network beyond crates.io. */
export function addAuditTasks(project: Project): void {
  const audit = project.addTask('audit', {
    description: 'Run the dependency audits that need no network beyond crates.io: duplicates, unused and deny',
  });
  for (const spec of AUDIT_TASKS) {
    const task = project.addTask(spec.name, { description: spec.description, exec: spec.exec });
    if (spec.inAudit) {
      audit.spawn(task);
    }
  }
}
