/**
 * A generated repository with a private registry fetches and builds a crate from a registry that
 * requires a token on every request, with cargo's own configuration from .cargo/config.toml and
 * the token in CARGO_REGISTRIES_<NAME>_TOKEN only, as the Dockerfile, CI and compose pass it.
 */

import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { AUDIT_TASKS } from '../../src/audit.js';
import { registryTokenVariable } from '../../src/validate.js';
import { INSTALL_TIMEOUT, installAuditTools } from '../support/audit-tools.js';
import { CARGO_TARGET_DIR, runAsync, runCli, type RunResult, temporaryDirectory } from '../support/helpers.js';
import { type PrivateRegistry, REGISTRY_CRATE, startPrivateRegistry } from '../support/registry.js';

const REGISTRY = 'acme';
const TOKEN = 'crm-registry-token-0b9f3c1d7e5a';

/** Runs the command of the audit:deny task in `project` with the pinned cargo-deny on PATH. */
function runAuditDeny(project: string, environment: NodeJS.ProcessEnv): Promise<RunResult> {
  const toolsBin = installAuditTools();
  const [command, ...args] = (AUDIT_TASKS.find((task) => task.name === 'audit:deny')?.exec ?? '').split(' ');
  return runAsync(command, args, project, { ...environment, PATH: `${toolsBin}${delimiter}${process.env.PATH ?? ''}` });
}

describe('private registry that requires a token', function () {
  let registry: PrivateRegistry;
  let project: string;
  let cargoEnvironment: NodeJS.ProcessEnv;

  before(async function () {
    registry = await startPrivateRegistry(temporaryDirectory('registry'), TOKEN);
    project = join(temporaryDirectory('registry-project'), 'registry-server');
    const created = runCli([project, '--yes', '--no-install', '--private-registry', `${REGISTRY}=${registry.index}`]);
    assert.equal(created.status, 0, created.stderr);
    writeFileSync(
      join(project, 'tests/registry.rs'),
      `#[test]\nfn calls_the_registry_crate() {\n    assert_eq!(acme_greeting::${REGISTRY_CRATE.function}(), "${REGISTRY_CRATE.returns}");\n}\n`,
    );
    cargoEnvironment = { CARGO_HTTP_CAINFO: registry.caBundle, CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never' };
  });

  after(async function () {
    await registry?.close();
  });

  it('adds the crate with cargo add', async function () {
    const result = await runAsync('cargo', ['add', REGISTRY_CRATE.name, '--registry', REGISTRY], project, { ...cargoEnvironment, [registryTokenVariable(REGISTRY)]: TOKEN });

    assert.equal(result.status, 0, result.stderr);
    assert.match(readFileSync(join(project, 'Cargo.toml'), 'utf8'), new RegExp(`^${REGISTRY_CRATE.name} = \\{ version = "${REGISTRY_CRATE.version}", registry = "${REGISTRY}" \\}$`, 'm'));
  });

  it('stops without the token and names its variable', async function () {
    const result = await runAsync('cargo', ['fetch'], project, cargoEnvironment);

    assert.notEqual(result.status, 0);
    assert.match(result.stderr, new RegExp(registryTokenVariable(REGISTRY)));
  });

  it('builds and tests the crate with the token', async function () {
    const result = await runAsync('cargo', ['test', '--test', 'registry'], project, { ...cargoEnvironment, [registryTokenVariable(REGISTRY)]: TOKEN });

    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /test calls_the_registry_crate \.\.\. ok/);
  });

  it('passes audit:deny with the registry crate', async function () {
    this.timeout(INSTALL_TIMEOUT);
    const result = await runAuditDeny(project, { ...cargoEnvironment, [registryTokenVariable(REGISTRY)]: TOKEN });

    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /sources ok/);
    assert.doesNotMatch(result.stderr, /unmatched-source/);
  });

  it('sends the token on each request', function () {
    const requests = registry.requests();
    const served = requests.filter((request) => request.status === 200).map((request) => request.path);
    assert.ok(served.includes('/index/config.json'), served.join(', '));
    assert.ok(served.includes(`/index/ac/me/${REGISTRY_CRATE.name}`), served.join(', '));
    assert.ok(served.includes(`/crates/${REGISTRY_CRATE.name}/${REGISTRY_CRATE.version}/download`), served.join(', '));
    const wrong = requests.filter((request) => request.authorization !== undefined && request.authorization !== TOKEN);
    assert.deepEqual(wrong, []);
  });
});

/**
 * cargo-deny 0.20.2 compares the host of a crate's source URL, parsed with the `sparse+https`
 * scheme, with the host of the `allow-registry` entry, parsed with `https`. An IPv4 host stays a
 * name in the first and becomes an address in the second, so create-rust-mcp warns about it.
 */
describe('audit:deny with a registry at an IP address', function () {
  const CASES = [
    { host: '127.0.0.1', passes: false },
    { host: '::1', passes: true },
  ] as const;

  for (const { host, passes } of CASES) {
    it(`${passes ? 'passes' : 'fails'} for host ${host}`, async function () {
      this.timeout(INSTALL_TIMEOUT);
      const registry = await startPrivateRegistry(temporaryDirectory('registry-ip'), TOKEN, host);
      try {
        const project = join(temporaryDirectory('registry-ip-project'), 'ip-server');
        const created = runCli([project, '--yes', '--no-install', '--private-registry', `${REGISTRY}=${registry.index}`]);
        assert.equal(created.status, 0, created.stderr);
        assert.equal(/names the IPv4 address/.test(created.stderr), !passes, created.stderr);

        const environment = { CARGO_HTTP_CAINFO: registry.caBundle, CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never', [registryTokenVariable(REGISTRY)]: TOKEN };
        const added = await runAsync('cargo', ['add', REGISTRY_CRATE.name, '--registry', REGISTRY], project, environment);
        assert.equal(added.status, 0, added.stderr);

        const result = await runAuditDeny(project, environment);
        if (passes) {
          assert.equal(result.status, 0, result.stderr);
          assert.match(result.stdout, /sources ok/);
        } else {
          assert.notEqual(result.status, 0, result.stdout);
          assert.match(result.stderr, /source-not-allowed/);
        }
      } finally {
        await registry.close();
      }
    });
  }
});
