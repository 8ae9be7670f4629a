/** docker-compose.yml for each database, validated against the Compose specification's JSON Schema. */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

import { composeDocument, POSTGRES_IMAGE } from '../../src/files/docker-compose.js';
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
    environment?: Record<string, string>;
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
      assert.ok('cargo-registry' in written.volumes, 'the cargo registry has a named volume');
    });
  }

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
