/** docker-compose.yml for each database, validated against the Compose specification's JSON Schema. */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

import { DEFAULT_RUST_LOG } from '../../src/files/conventions.js';
import { composeDocument, POSTGRES_IMAGE } from '../../src/files/docker-compose.js';
import { DEV_CARGO_HOME } from '../../src/files/dockerfile-dev.js';
import { DATABASES, resolveAnswers } from '../../src/options.js';
import { RustMcpProject } from '../../src/project.js';
import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/schemas/compose-spec.json'), 'utf8')) as object;
const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(schema);

interface Compose {
  version?: string;
  services: Record<string, {
    image?: string;
    build?: { dockerfile: string };
    environment?: Record<string, string | null>;
    read_only?: boolean;
    tmpfs?: string[];
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test: string[] };
    volumes?: string[];
  }>;
  volumes: Record<string, unknown>;
}

describe('docker-compose.yml', function () {
  for (const database of DATABASES) {
    it(`validates against the Compose schema with database ${database}`, function () {
      const outdir = temporaryDirectory('compose');
      new RustMcpProject({ name: 'compose-server', database, outdir }).synth();
      const written = parse(readFileSync(join(outdir, 'docker-compose.yml'), 'utf8')) as Compose;

      const valid = validate(written);
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));
      assert.equal(written.version, undefined, 'no obsolete top-level version');
      assert.equal(written.services.app.build?.dockerfile, 'Dockerfile.dev');
      assert.ok(written.services.app.volumes?.includes('.:/app'), 'the source is bind-mounted');
      assert.ok('cargo-home' in written.volumes, 'CARGO_HOME has a named volume');
      assert.equal(written.services.app.read_only, true);
      assert.deepEqual(written.services.app.tmpfs, ['/tmp']);
    });
  }

  it('validates with a private registry and passes its token through', function () {
    const outdir = temporaryDirectory('compose');
    new RustMcpProject({ name: 'compose-server', privateRegistry: 'acme=sparse+https://cargo.acme.example/index/', outdir }).synth();
    const written = parse(readFileSync(join(outdir, 'docker-compose.yml'), 'utf8')) as Compose;

    assert.ok(validate(written), JSON.stringify(validate.errors, null, 2));
    const environment = written.services.app.environment ?? {};
    assert.ok('CARGO_REGISTRIES_ACME_TOKEN' in environment, 'the token variable is listed');
    assert.equal(environment.CARGO_REGISTRIES_ACME_TOKEN, null, 'its value comes from the shell, not from the file');
  });

  it('gives the app writable volumes only where it writes', function () {
    for (const database of DATABASES) {
      const compose = composeDocument(resolveAnswers({ database }, { directoryName: 'rw-app' })) as unknown as Compose;
      const targets = (compose.services.app.volumes ?? []).map((volume) => volume.split(':')[1]).sort();
      const expected = ['/app', DEV_CARGO_HOME, '/target', ...(database === 'sqlite' ? ['/data'] : [])].sort();
      assert.deepEqual(targets, expected, database);
      assert.equal(compose.services.app.environment?.RUST_LOG, DEFAULT_RUST_LOG);
      assert.equal(compose.services.app.environment?.RUST_BACKTRACE, '1');
    }
  });

  it('runs Postgres with a TCP healthcheck that the app waits for', function () {
    const compose = composeDocument(resolveAnswers({ database: 'postgres' }, { directoryName: 'pg-app' })) as unknown as Compose;
    const postgres = compose.services.postgres;

    assert.equal(postgres.image, POSTGRES_IMAGE);
    assert.deepEqual(postgres.healthcheck?.test.slice(0, 4), ['CMD', 'pg_isready', '-h', '127.0.0.1']);
    assert.deepEqual(compose.services.app.depends_on, { postgres: { condition: 'service_healthy' } });
    assert.equal(compose.services.app.environment?.DATABASE_URL, 'postgres://app:app@postgres:5432/app');
    assert.ok(postgres.volumes?.includes('postgres-data:/var/lib/postgresql'));
    assert.ok('postgres-data' in compose.volumes, 'the database has a named data volume');
  });

  it('runs only the app without a database', function () {
    const compose = composeDocument(resolveAnswers({}, { directoryName: 'plain-app' })) as unknown as Compose;
    assert.deepEqual(Object.keys(compose.services), ['app']);
    assert.equal(compose.services.app.environment?.DATABASE_URL, undefined);
  });
});
