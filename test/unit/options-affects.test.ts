/**
 * The `affects` list of each option, which docs/options.md prints, names exactly the synthesized
 * files whose content changes when the option changes.
 */

import { strict as assert } from 'node:assert';

import { OPTIONS } from '../../src/options.js';
import { RustMcpProject, type RustMcpProjectOptions } from '../../src/project.js';
import { temporaryDirectory } from '../support/helpers.js';

interface Variant {
  /** Options both projects share, where the option needs another one to be valid. */
  readonly base?: Partial<RustMcpProjectOptions>;
  /** The changed option, with a value other than the default of `base`. */
  readonly changed: Partial<RustMcpProjectOptions>;
}

const VARIANTS: Record<string, Variant> = {
  name: { changed: { name: 'other-server' } },
  description: { changed: { description: 'Another MCP server.' } },
  database: { changed: { database: 'postgres' } },
  arch: { changed: { arch: ['amd64', 'arm64'] } },
  baseImage: { changed: { baseImage: 'scratch' } },
  region: { changed: { region: 'europe-west1' } },
  gcpProject: { changed: { gcpProject: 'acme-prod' } },
  serviceName: { changed: { serviceName: 'other-service' } },
  artifactRepository: { changed: { artifactRepository: 'other-images' } },
  allowUnauthenticated: { changed: { allowUnauthenticated: true } },
  serviceAccount: { changed: { serviceAccount: 'mcp-runtime@acme-prod.iam.gserviceaccount.com' } },
  minInstances: { changed: { minInstances: 1 } },
  maxInstances: { changed: { maxInstances: 5 } },
  cpu: { changed: { cpu: '2' } },
  memory: { changed: { memory: '1Gi' } },
  concurrency: { changed: { concurrency: 40 } },
  requestTimeout: { changed: { requestTimeout: 120 } },
  cloudSqlInstance: { base: { database: 'postgres' }, changed: { cloudSqlInstance: 'acme-prod:us-central1:main' } },
  allowedHosts: { changed: { allowedHosts: 'mcp.example.com' } },
  allowedOrigins: { changed: { allowedOrigins: 'https://app.example.com' } },
  buildMachineType: { changed: { buildMachineType: 'UNSPECIFIED' } },
  privateRegistry: { changed: { privateRegistry: 'acme=sparse+https://cargo.acme.example/index/' } },
  registryTokenSecret: { base: { privateRegistry: 'acme=sparse+https://cargo.acme.example/index/' }, changed: { registryTokenSecret: 'acme-cargo-token' } },
  vulnerabilityScan: { changed: { vulnerabilityScan: 'high' } },
  upx: { base: { baseImage: 'scratch' }, changed: { upx: true } },
};

/** Returns the content of every file synthesis plans, merged files as written into an empty directory. */
function synthesizedFiles(options: RustMcpProjectOptions): Map<string, string> {
  const project = new RustMcpProject({ ...options, outdir: temporaryDirectory('affects') });
  const files = new Map<string, string>();
  for (const file of project.plannedFiles()) {
    const content = file.kind === 'merged' ? file.merge(undefined, []).content : file.content;
    if (content !== undefined) {
      files.set(file.path, content);
    }
  }
  return files;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

describe('option affects lists', function () {
  it('has a variant for every option', function () {
    assert.deepEqual(OPTIONS.map((spec) => spec.key).sort(), Object.keys(VARIANTS).sort());
  });

  for (const spec of OPTIONS) {
    it(`names the files ${spec.key} changes`, function () {
      const variant = VARIANTS[spec.key];
      assert.ok(variant !== undefined, `no variant for ${spec.key}`);
      const base: RustMcpProjectOptions = { name: 'affects-server', ...variant.base };
      const before = synthesizedFiles(base);
      const after = synthesizedFiles({ ...base, ...variant.changed });

      // .projenrc.ts is written by the generator, not by synthesis.
      const expected = spec.affects.filter((path) => path !== '.projenrc.ts').sort();
      assert.deepEqual(changedPaths(before, after), expected);
    });
  }
});
