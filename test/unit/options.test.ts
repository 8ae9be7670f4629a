/** The option schema's integer and boolean options, the deploy options and the rules between options. */

import { strict as assert } from 'node:assert';

import { renderProjenrc } from '../../src/generate.js';
import { type Answers, checkValue, optionSpec, resolveAnswers } from '../../src/options.js';
import { type Preset, resolveWithPreset } from '../../src/preset.js';
import { OptionError } from '../../src/validate.js';

const CONTEXT = { directoryName: 'demo-server' };

/** Resolves `given` and returns the OptionError it raises, failing when it raises none. */
function rejection(given: Record<string, unknown>): OptionError {
  try {
    resolveAnswers(given, CONTEXT);
  } catch (error) {
    assert.ok(error instanceof OptionError, `expected an OptionError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${JSON.stringify(given)} was accepted`);
}

describe('option types and deploy options', function () {
  describe('defaults', function () {
    it('match what a platform team expects', function () {
      const answers = resolveAnswers({}, CONTEXT);
      assert.equal(answers.serviceName, 'demo-server');
      assert.equal(answers.artifactRepository, 'mcp-servers');
      assert.equal(answers.allowUnauthenticated, false);
      assert.equal(answers.serviceAccount, '');
      assert.equal(answers.minInstances, 0);
      assert.equal(answers.maxInstances, 10);
      assert.equal(answers.cpu, '1');
      assert.equal(answers.memory, '512Mi');
      assert.equal(answers.concurrency, 80);
      assert.equal(answers.requestTimeout, 300);
      assert.equal(answers.cloudSqlInstance, '');
      assert.equal(answers.allowedHosts, '');
      assert.equal(answers.buildMachineType, 'E2_HIGHCPU_8');
    });

    it('service name follows the server name', function () {
      assert.equal(resolveAnswers({ name: 'weather-tools' }, CONTEXT).serviceName, 'weather-tools');
      assert.equal(resolveAnswers({ name: 'weather-tools', serviceName: 'weather' }, CONTEXT).serviceName, 'weather');
    });
  });

  describe('integer options', function () {
    const spec = optionSpec('requestTimeout');

    it('accept numbers and decimal strings', function () {
      assert.equal(checkValue(spec, 60), 60);
      assert.equal(checkValue(spec, '60'), 60);
      assert.equal(checkValue(spec, ' 3600 '), 3600);
    });

    it('reject what is not a whole number', function () {
      for (const value of ['1.5', 'ten', '', 1.5, true, '0x10']) {
        assert.throws(() => checkValue(spec, value), (error: OptionError) => {
          assert.equal(error.option, 'request-timeout');
          assert.match(error.message, /it is not a whole number from 1 to 3600 seconds\. To fix it, pass --request-timeout 300\.$/);
          return true;
        });
      }
    });

    it('reject values outside their range', function () {
      assert.throws(() => checkValue(spec, 0), /Invalid request-timeout 0: it is outside the range from 1 to 3600 seconds\. To fix it, pass a number from 1 to 3600 seconds\./);
      assert.throws(() => checkValue(spec, '3601'), /Invalid request-timeout "3601": it is outside the range/);
      assert.throws(() => checkValue(optionSpec('minInstances'), -1), /Invalid min-instances -1: it is outside the range from 0 to 1000/);
      assert.throws(() => checkValue(optionSpec('concurrency'), 1001), /Invalid concurrency 1001: it is outside the range from 1 to 1000/);
      assert.throws(() => checkValue(optionSpec('maxInstances'), 0), /Invalid max-instances 0: it is outside the range from 1 to 1000/);
    });
  });

  describe('boolean options', function () {
    const spec = optionSpec('allowUnauthenticated');

    it('accept booleans and their spellings', function () {
      assert.equal(checkValue(spec, true), true);
      assert.equal(checkValue(spec, 'false'), false);
    });

    it('reject anything else', function () {
      assert.throws(() => checkValue(spec, 'yes'), /Invalid allow-unauthenticated "yes": it is neither true nor false\. To fix it, pass --allow-unauthenticated or --no-allow-unauthenticated\./);
      assert.throws(() => checkValue(spec, 1), /Invalid allow-unauthenticated 1/);
    });
  });

  describe('deploy option values', function () {
    const cases: ReadonlyArray<readonly [keyof Answers, unknown, RegExp]> = [
      ['serviceName', 'My Service', /Invalid service-name "My Service": Cloud Run service names contain only lowercase letters.*use --service-name my-service/],
      ['serviceName', 'a'.repeat(50), /it has 50 characters and Cloud Run service names allow at most 49/],
      ['serviceName', 'tools-', /do not end with a hyphen/],
      ['artifactRepository', 'My_Repo', /Invalid artifact-repository "My_Repo": an Artifact Registry repository ID/],
      ['artifactRepository', 'repo-', /ends with a letter or digit/],
      ['memory', '512MB', /Invalid memory "512MB": it is not a memory size in Mi or Gi.*pass --memory 512Mi/],
      ['memory', '256Mi', /the second generation execution environment of Cloud Run needs at least 512Mi/],
      ['memory', '64Gi', /Cloud Run allows at most 32Gi/],
      ['cpu', '3', /Invalid cpu "3": it is not one of 1, 2, 4, 6, 8/],
      ['cpu', '0.5', /Invalid cpu "0.5"/],
      ['serviceAccount', 'mcp-runtime', /Invalid service-account "mcp-runtime": it is not the e-mail of a service account/],
      ['serviceAccount', 'me@example.com', /Invalid service-account "me@example.com"/],
      ['cloudSqlInstance', 'main-db', /Invalid cloud-sql-instance "main-db": it is not a Cloud SQL connection name of the form PROJECT:REGION:INSTANCE.*gcloud sql instances describe/],
      ['cloudSqlInstance', 'my-project:US:db', /Invalid cloud-sql-instance/],
      ['allowedHosts', 'https://mcp.example.com', /Invalid allowed-hosts "https:\/\/mcp.example.com": it is not a lowercase host name/],
      ['allowedHosts', 'mcp.example.com, b.example.com', /Invalid allowed-hosts " b.example.com"/],
      ['allowedHosts', 'localhost', /Invalid allowed-hosts "localhost": .*with at least one dot/],
      ['allowedOrigins', 'app.example.com', /Invalid allowed-origins "app.example.com": it does not start with http:\/\/ or https:\/\//],
      ['buildMachineType', 'e2-highcpu-8', /Invalid build-machine-type "e2-highcpu-8": it is not one of E2_HIGHCPU_8/],
      ['privateRegistry', 'acme', /Invalid private-registry "acme": it has no "=" between the registry name and its index URL.*pass --private-registry NAME=sparse\+https:\/\/HOST\/PATH\//],
      ['privateRegistry', '9acme=sparse+https://cargo.acme.example/index/', /the registry name "9acme" must start with a letter/],
      ['privateRegistry', 'crates-io=sparse+https://index.crates.io/', /crates-io is the name of the public registry/],
      ['privateRegistry', 'acme=https://github.com/acme/index', /the index "https:\/\/github.com\/acme\/index" is not a sparse index over HTTPS/],
      ['privateRegistry', 'acme=sparse+http://cargo.acme.example/index/', /is not a sparse index over HTTPS/],
      ['privateRegistry', 'acme=sparse+https://cargo.acme.example/index', /does not end with "\/", which cargo requires.*--private-registry acme=sparse\+https:\/\/cargo.acme.example\/index\//],
      ['privateRegistry', 'acme=sparse+https://[bad/', /the index "sparse\+https:\/\/\[bad\/" is not a URL/],
      ['privateRegistry', 'acme=sparse+https://cargo.acme.example/index/ ', /contains a space, quote, backslash/],
      ['privateRegistry', 'acme=sparse+https://ci:s3cret@cargo.acme.example/index/', /the index URL contains credentials, which would be committed.*remove the user and password from the URL/],
      ['privateRegistry', 'acme=sparse+https://cargo.acme.example/index/?x=1', /has a query or fragment/],
      ['registryTokenSecret', 'projects/p/secrets/token', /Invalid registry-token-secret "projects\/p\/secrets\/token": a Secret Manager secret ID has 1 to 255 letters/],
      ['vulnerabilityScan', 'severe', /Invalid vulnerability-scan "severe": it is not one of off, critical, high, medium, low/],
    ];

    for (const [key, value, message] of cases) {
      it(`rejects ${key} ${JSON.stringify(value).slice(0, 30)}`, function () {
        assert.throws(() => checkValue(optionSpec(key), value), message);
      });
    }

    it('accepts valid values', function () {
      const accepted: ReadonlyArray<readonly [keyof Answers, unknown]> = [
        ['serviceName', 'tools-api'],
        ['artifactRepository', 'a'],
        ['memory', '1536Mi'],
        ['memory', '32Gi'],
        ['serviceAccount', 'mcp-runtime@my-project.iam.gserviceaccount.com'],
        ['serviceAccount', '123456789012-compute@developer.gserviceaccount.com'],
        ['cloudSqlInstance', 'my-project:europe-west1:main-db'],
        ['allowedHosts', 'my-svc-abc123-uc.a.run.app,mcp.example.com:8443'],
        ['privateRegistry', 'acme=sparse+https://cargo.acme.example/index/'],
        ['privateRegistry', 'my_corp-registry=sparse+https://europe-west1-cargo.pkg.dev/p/r/'],
        ['privateRegistry', ''],
        ['registryTokenSecret', 'acme-cargo_token'],
        ['vulnerabilityScan', 'medium'],
      ];
      for (const [key, value] of accepted) {
        assert.equal(checkValue(optionSpec(key), value), value, `${key} ${String(value)}`);
      }
    });
  });

  describe('rules between options', function () {
    it('reject more minimum than maximum instances', function () {
      const error = rejection({ minInstances: 5, maxInstances: 2 });
      assert.equal(error.message, 'Invalid min-instances 5: it is more than --max-instances 2. To fix it, pass --min-instances 2 or less, or raise --max-instances.');
    });

    it('accept equal minimum and maximum', function () {
      assert.equal(resolveAnswers({ minInstances: 3, maxInstances: 3 }, CONTEXT).minInstances, 3);
    });

    it('reject more memory than the CPU allows', function () {
      const error = rejection({ memory: '8Gi' });
      assert.equal(error.message, 'Invalid memory "8Gi": Cloud Run allows at most 4Gi with --cpu 1. To fix it, pass --memory 4Gi or less, or --cpu 2.');
    });

    it('reject less memory than the CPU needs', function () {
      const error = rejection({ cpu: '6', memory: '2Gi' });
      assert.equal(error.message, 'Invalid memory "2Gi": Cloud Run needs at least 4Gi with --cpu 6. To fix it, pass --memory 4Gi or more, or --cpu 4.');
    });

    it('accept each CPU at the ends of its memory range', function () {
      const ends: ReadonlyArray<readonly [string, string, string]> = [['1', '512Mi', '4Gi'], ['2', '512Mi', '8Gi'], ['4', '2Gi', '16Gi'], ['6', '4Gi', '24Gi'], ['8', '4Gi', '32Gi']];
      for (const [cpu, least, most] of ends) {
        assert.equal(resolveAnswers({ cpu, memory: least }, CONTEXT).memory, least, `cpu ${cpu}`);
        assert.equal(resolveAnswers({ cpu, memory: most }, CONTEXT).memory, most, `cpu ${cpu}`);
      }
    });

    it('reject a Cloud SQL instance without postgres or mysql', function () {
      for (const database of ['none', 'sqlite']) {
        const error = rejection({ database, cloudSqlInstance: 'my-project:us-central1:main-db' });
        assert.equal(error.message, `Invalid cloud-sql-instance "my-project:us-central1:main-db": a Cloud SQL instance serves a postgres or mysql database, and --database is ${database}. To fix it, pass --database postgres or --database mysql, or leave --cloud-sql-instance out.`);
      }
    });

    it('reject UPX without the scratch image', function () {
      for (const baseImage of ['distroless', 'debian-slim']) {
        const error = rejection({ upx: true, baseImage });
        assert.equal(error.message, `Invalid upx true: UPX compresses the binary of the scratch image only, and the base image is ${baseImage}, whose own files outweigh the binary. To fix it, pass --base-image scratch with --upx, or drop --upx.`);
      }
    });

    it('accept UPX with the scratch image', function () {
      assert.equal(resolveAnswers({ upx: true, baseImage: 'scratch' }, CONTEXT).upx, true);
    });

    it('accept a Cloud SQL instance with postgres or mysql', function () {
      for (const database of ['postgres', 'mysql']) {
        assert.equal(resolveAnswers({ database, cloudSqlInstance: 'my-project:us-central1:main-db' }, CONTEXT).cloudSqlInstance, 'my-project:us-central1:main-db');
      }
    });
  });

  describe('.projenrc.ts', function () {
    it('writes numbers and booleans as literals', function () {
      const chosen = new Set(['minInstances', 'allowUnauthenticated', 'memory', 'serviceName']);
      const text = renderProjenrc(resolveAnswers({ minInstances: 2, allowUnauthenticated: true }, CONTEXT), chosen);
      assert.match(text, /^ {2}minInstances: 2,$/m);
      assert.match(text, /^ {2}allowUnauthenticated: true,$/m);
      assert.match(text, /^ {2}memory: "512Mi",$/m);
      assert.match(text, /^ {2}serviceName: "demo-server",$/m);
    });
  });
});

describe('registry token secret without a registry', function () {
  const preset: Preset = { name: '@acme/preset', version: '1.0.0', defaults: { registryTokenSecret: 'acme-cargo-token' } };
  const registry = 'acme=sparse+https://cargo.acme.example/index/';

  it('rejects the secret given alone', function () {
    assert.throws(() => resolveWithPreset({ name: 'token-server', registryTokenSecret: 'acme-cargo-token' }, undefined, { directoryName: 'x' }), /Invalid registry-token-secret "acme-cargo-token"/);
  });

  it('rejects it under a preset too', function () {
    assert.throws(() => resolveWithPreset({ name: 'token-server', registryTokenSecret: 'other-token' }, preset, { directoryName: 'x' }), /Invalid registry-token-secret "other-token"/);
  });

  it('accepts a preset default secret', function () {
    const answers = resolveWithPreset({ name: 'token-server' }, preset, { directoryName: 'x' });
    assert.equal(answers.registryTokenSecret, 'acme-cargo-token');
    assert.equal(answers.privateRegistry, '');
  });

  it('accepts the secret with a registry', function () {
    const answers = resolveWithPreset({ name: 'token-server', privateRegistry: registry, registryTokenSecret: 'other-token' }, preset, { directoryName: 'x' });
    assert.equal(answers.registryTokenSecret, 'other-token');
  });
});
