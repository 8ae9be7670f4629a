/**
 * .github/workflows/ci.yml, managed: on every push and pull request, checks that no generated file
 * drifted, formats, lints and tests the server under each database feature set, and audits its
 * dependencies.
 */

import { YamlFile } from 'projen/lib/yaml.js';

import { AUDIT_TOOL_SPECS } from '../audit.js';
import type { Answers } from '../options.js';
import { parsePrivateRegistry, registryTokenVariable } from '../validate.js';
import type { RustMcpProject } from '../project.js';

export const CI_WORKFLOW_PATH = '.github/workflows/ci.yml';

/** Cargo feature flags the workflow lints and tests: the default set, no database, and every database. */
export const FEATURE_SETS: readonly string[] = ['', '--no-default-features', '--features full'];

/**
 * The npm install step of the jobs that run projen. A repository generated with --no-install has
 * no package-lock.json until its first install.
 */
const NPM_INSTALL = { run: 'if [ -f package-lock.json ]; then npm ci; else npm install; fi' };

/** GitHub Actions secret that the workflow reads the private registry token from. */
export const REGISTRY_TOKEN_ACTIONS_SECRET = 'CARGO_REGISTRY_TOKEN';

/**
 * Builds the workflow as data. With a private registry, the jobs that run cargo get its token from
 * the repository secret {@link REGISTRY_TOKEN_ACTIONS_SECRET}, in the variable cargo reads.
 */
export function ciWorkflow(privateRegistry = ''): Record<string, unknown> {
  const registry = parsePrivateRegistry(privateRegistry);
  const cargoEnvironment: Record<string, string> = { CARGO_TERM_COLOR: 'always' };
  if (registry !== undefined) {
    cargoEnvironment[registryTokenVariable(registry.name)] = `\${{ secrets.${REGISTRY_TOKEN_ACTIONS_SECRET} }}`;
  }
  return {
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: {} },
    permissions: { contents: 'read' },
    jobs: {
      drift: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
          NPM_INSTALL,
          { name: 'Generated files match .projenrc.ts', run: 'npx projen drift' },
        ],
      },
      // The audit task runs the checks that need only the crates.io registry. audit:advisories,
      // which clones the RustSec database, is left out, so that a newly published advisory does
      // not fail a build whose code did not change.
      audit: {
        'runs-on': 'ubuntu-latest',
        env: cargoEnvironment,
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
          NPM_INSTALL,
          { uses: 'dtolnay/rust-toolchain@stable' },
          // Installs the pinned versions, from prebuilt binaries where install-action has them.
          { uses: 'taiki-e/install-action@v2', with: { tool: AUDIT_TOOL_SPECS.join(',') } },
          { name: 'Duplicate, unused and disallowed dependencies', run: 'npx projen audit' },
        ],
      },
      rust: {
        'runs-on': 'ubuntu-latest',
        strategy: { matrix: { features: [...FEATURE_SETS] } },
        env: cargoEnvironment,
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'dtolnay/rust-toolchain@stable', with: { components: 'clippy, rustfmt' } },
          { uses: 'Swatinem/rust-cache@v2', with: { key: '${{ matrix.features }}' } },
          { run: 'cargo fmt --check' },
          { run: 'cargo clippy --all-targets ${{ matrix.features }} -- -D warnings' },
          { run: 'cargo test ${{ matrix.features }}' },
        ],
      },
    },
  };
}

export function addCiWorkflow(project: RustMcpProject, answers: Answers): YamlFile {
  return new YamlFile(project, CI_WORKFLOW_PATH, { obj: ciWorkflow(answers.privateRegistry), committed: true });
}
