/** The Cargo.toml merge: owned keys follow the project type, everything else survives byte for byte. */

import { strict as assert } from 'node:assert';

import { CargoToml, mergeDependency, PROFILES } from '../../src/files/cargo-toml.js';
import { RustMcpProject } from '../../src/project.js';
import type { PlannedFile } from '../../src/sync/kinds.js';
import { parseToml } from '../../src/toml.js';
import { temporaryDirectory } from '../support/helpers.js';

function cargoToml(name = 'merge-server'): CargoToml {
  const project = new RustMcpProject({ name, outdir: temporaryDirectory('cargo') });
  return project.cargoToml;
}

/** Merges Cargo.toml, which synthesis always writes, so the content is never undefined. */
function merge(component: CargoToml, current: string | undefined, previouslyOwned: readonly string[] = []): { content: string; owned: readonly string[] } {
  const planned = component.plan() as Extract<PlannedFile, { kind: 'merged' }>;
  const result = planned.merge(current, previouslyOwned);
  assert.ok(result.content !== undefined, 'Cargo.toml is always written');
  return { content: result.content, owned: result.owned };
}

describe('Cargo.toml merge', function () {
  it('writes the size and speed profiles', function () {
    const { content } = merge(cargoToml(), undefined);
    const parsed = parseToml(content) as { profile: Record<string, Record<string, unknown>> };

    assert.deepEqual(parsed.profile.release, PROFILES.release);
    assert.deepEqual(parsed.profile['release-optimized'], PROFILES['release-optimized']);
  });

  it('writes the package, features and server dependencies', function () {
    const { content } = merge(cargoToml('toml-server'), undefined);
    const parsed = parseToml(content) as Record<string, Record<string, unknown>>;

    assert.equal(parsed.package.name, 'toml-server');
    assert.equal(parsed.package.edition, '2024');
    assert.deepEqual(parsed.features.default, []);
    const rmcp = parsed.dependencies.rmcp as { version: string; features: string[] };
    assert.match(rmcp.version, /^3\./);
    assert.ok(rmcp.features.includes('transport-streamable-http-server'));
  });

  it('keeps user dependencies, comments and tables byte for byte', function () {
    const component = cargoToml();
    const first = merge(component, undefined);
    const userLines = '# Added for request ids.\nuuid = { version = "1", features = ["v4"] }\n';
    const edited = first.content.replace('[dev-dependencies]', `${userLines}\n[dev-dependencies]`) + '\n[package.metadata.team]\nowner = "platform" # on call\n';

    const second = merge(component, edited, first.owned);

    assert.equal(second.content, edited);
  });

  it('keeps the formatting of an owned dependency whose data is unchanged', function () {
    const component = cargoToml();
    const first = merge(component, undefined);
    const reformatted = first.content.replace('serde = { version = "1", features = ["derive"] }', 'serde = {version="1",features=["derive"]}  # serialization');
    assert.notEqual(reformatted, first.content);

    const second = merge(component, reformatted, first.owned);

    assert.equal(second.content, reformatted);
  });

  it('restores owned values the user changed', function () {
    const component = cargoToml();
    const first = merge(component, undefined);
    const edited = first.content.replace('opt-level = "z"', 'opt-level = "s"');

    const second = merge(component, edited, first.owned);

    assert.match(second.content, /\[profile\.release\]\nopt-level = "z"/);
  });

  it('removes dependencies it owned before and no longer needs', function () {
    const component = cargoToml();
    const first = merge(component, undefined);
    const withOld = first.content.replace('[dev-dependencies]', 'retired-crate = "0.8"\n\n[dev-dependencies]');

    const second = merge(component, withOld, [...first.owned, 'dependencies.retired-crate']);

    assert.doesNotMatch(second.content, /retired-crate/);
  });

  it('rejects invalid TOML with the parser message', function () {
    assert.throws(() => merge(cargoToml(), '[package\nname = "x"\n'), /Cargo\.toml is not valid TOML.*Fix the syntax error/s);
  });
});

describe('mergeDependency', function () {
  it('keeps the features the user added', function () {
    const merged = mergeDependency({ version: '1', features: ['macros'] }, { version: '1.40', features: ['macros', 'fs'] });
    assert.deepEqual(merged, { version: '1', features: ['macros', 'fs'] });
  });

  it('keeps keys such as optional and default-features', function () {
    const merged = mergeDependency('0.8', { version: '0.7', 'default-features': false });
    assert.deepEqual(merged, { version: '0.8', 'default-features': false });
  });

  it('writes a plain version when nothing else is set', function () {
    assert.equal(mergeDependency('1', '0.9'), '1');
  });
});
