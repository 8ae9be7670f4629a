/**
 * service.yaml and cloudbuild.yaml for a table of option combinations: both validate against their
 * schemas, agree with each other, and the build steps run locally (with stand-ins for docker and
 * gcloud) deploy a service.yaml that names the image they pushed.
 */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ALLOWED_HOSTS_VARIABLE, ALLOWED_ORIGINS_VARIABLE, BUILT_IN_PLACEHOLDERS, REGISTRY_TOKEN_BUILD_VARIABLE, REGISTRY_TOKEN_SECRET_ID, CONTAINER_PORT, DOCKERFILE_PATH, HEALTH_PATH, LIVENESS_PATH, SUBSTITUTIONS } from '../../src/files/conventions.js';
import { blockingSeverities, CLOUDBUILD_YAML_PATH, listing } from '../../src/files/cloudbuild-yaml.js';
import { DATABASE_URL_SECRET, SERVICE_YAML_PATH } from '../../src/files/service-yaml.js';
import { type Answers, OPTIONS } from '../../src/options.js';
import { RustMcpProject } from '../../src/project.js';
import { originsWithPorts } from '../../src/validate.js';
import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';
import {
  BUILT_IN_VALUES,
  CLOUD_BUILD_BUILT_INS,
  cloudBuildErrors,
  cloudRunViolations,
  flagValues,
  knativeErrors,
  parseYaml,
  runBuildSteps,
  shellAssignments,
  shellVariables,
  withoutComments,
  workspaceWith,
} from './cloud-run-checks.js';

interface Combination {
  readonly title: string;
  readonly options: Partial<Answers>;
}

const COMBINATIONS: readonly Combination[] = [
  { title: 'defaults', options: {} },
  {
    title: 'public, service account, custom service name and scaling',
    options: { allowUnauthenticated: true, serviceAccount: 'mcp-runtime@my-project.iam.gserviceaccount.com', serviceName: 'tools-api', minInstances: 1, maxInstances: 5 },
  },
  {
    title: 'amd64 and arm64, 2 CPUs, 2Gi, concurrency 1, longest timeout',
    options: { arch: ['amd64', 'arm64'], cpu: '2', memory: '2Gi', concurrency: 1, requestTimeout: 3600, buildMachineType: 'E2_HIGHCPU_32' },
  },
  {
    title: 'postgres on Cloud SQL with a custom domain',
    options: { database: 'postgres', cloudSqlInstance: 'my-project:us-central1:main-db', allowedHosts: 'mcp.example.com', allowedOrigins: 'https://app.example.com,http://localhost:*' },
  },
  {
    title: 'public mysql on Cloud SQL in another region',
    options: { database: 'mysql', cloudSqlInstance: 'data-project:europe-west1:orders', allowUnauthenticated: true, region: 'europe-west1', gcpProject: 'my-project' },
  },
  {
    title: 'sqlite, 8 CPUs, 32Gi, default build machine',
    options: { database: 'sqlite', cpu: '8', memory: '32Gi', buildMachineType: 'UNSPECIFIED' },
  },
  { title: 'arm64 only', options: { arch: ['arm64'] } },
  {
    title: 'private registry and a vulnerability scan at high',
    options: { privateRegistry: 'acme=sparse+https://cargo.acme.example/index/', registryTokenSecret: 'acme-cargo-token', vulnerabilityScan: 'high' },
  },
  {
    title: 'extremes of the integer ranges and several extra hosts',
    options: { cpu: '4', memory: '2Gi', minInstances: 1000, maxInstances: 1000, requestTimeout: 1, concurrency: 1000, artifactRepository: 'a', allowedHosts: 'my-svc-abc123-uc.a.run.app,mcp.example.com:8443' },
  },
];

interface Generated {
  readonly answers: Answers;
  readonly files: ReadonlyMap<string, string>;
  readonly service: Record<string, any>;
  readonly cloudbuild: Record<string, any>;
}

function generate(options: Partial<Answers>): Generated {
  const project = new RustMcpProject({ name: 'demo-server', outdir: temporaryDirectory('cloud-files'), ...options });
  const files = new Map<string, string>();
  for (const file of project.plannedFiles()) {
    files.set(file.path, file.kind === 'merged' ? '' : file.content);
  }
  const serviceYaml = files.get(SERVICE_YAML_PATH);
  const cloudbuildYaml = files.get(CLOUDBUILD_YAML_PATH);
  assert.ok(serviceYaml !== undefined, 'service.yaml is not generated');
  assert.ok(cloudbuildYaml !== undefined, 'cloudbuild.yaml is not generated');
  return { answers: project.answers, files, service: parseYaml(serviceYaml), cloudbuild: parseYaml(cloudbuildYaml) };
}

function container(service: Record<string, any>): Record<string, any> {
  return service.spec.template.spec.containers[0];
}

function scripts(cloudbuild: Record<string, any>): string[] {
  return (cloudbuild.steps as Array<{ script: string }>).map((step) => step.script);
}

const KNOWN_NAMES = new Set<string>([...CLOUD_BUILD_BUILT_INS]);

describe('Cloud Run deploy files', function () {
  for (const combination of COMBINATIONS) {
    describe(combination.title, function () {
      let generated: Generated;

      before(function () {
        generated = generate(combination.options);
      });

      it('service.yaml validates against the Knative Service schema', function () {
        assert.deepEqual(knativeErrors(generated.service), []);
      });

      it('service.yaml uses only what Cloud Run supports', function () {
        assert.deepEqual(cloudRunViolations(generated.service), []);
      });

      it('cloudbuild.yaml validates against the Cloud Build schema', function () {
        assert.deepEqual(cloudBuildErrors(generated.cloudbuild), []);
      });

      it('defines every variable the steps and service.yaml read', function () {
        const defined = new Set(Object.keys(generated.cloudbuild.substitutions));
        for (const script of scripts(generated.cloudbuild)) {
          const assigned = shellAssignments(script);
          for (const name of shellVariables(script)) {
            const known = defined.has(name) || KNOWN_NAMES.has(name) || assigned.has(name);
            assert.ok(known, `the script reads $${name}, which is no substitution, built-in or variable it assigns:\n${script}`);
          }
        }
        const serviceText = withoutComments(generated.files.get(SERVICE_YAML_PATH) ?? '');
        for (const match of serviceText.matchAll(/\$\{([^}]*)\}/g)) {
          assert.ok(defined.has(match[1]) || KNOWN_NAMES.has(match[1]), `service.yaml names \${${match[1]}}, which is no substitution or built-in`);
        }
      });

      it('uses every substitution it defines', function () {
        const text = withoutComments([...scripts(generated.cloudbuild), generated.files.get(SERVICE_YAML_PATH) ?? ''].join('\n'));
        for (const name of Object.keys(generated.cloudbuild.substitutions)) {
          assert.match(name, /^_[A-Z0-9_]+$/);
          assert.ok(text.includes(`\${${name}}`) || text.includes(`$${name}`), `substitution ${name} is never read`);
        }
      });

      it('defaults the substitutions to the answers', function () {
        assert.deepEqual(generated.cloudbuild.substitutions, {
          [SUBSTITUTIONS.region]: generated.answers.region,
          [SUBSTITUTIONS.repository]: generated.answers.artifactRepository,
          [SUBSTITUTIONS.service]: generated.answers.serviceName,
        });
      });

      it('probes the health endpoint on the container port', function () {
        const server = container(generated.service);
        assert.deepEqual(server.ports, [{ name: 'http1', containerPort: CONTAINER_PORT }]);
        assert.deepEqual(server.startupProbe.httpGet, { path: HEALTH_PATH, port: CONTAINER_PORT });
        assert.deepEqual(server.livenessProbe.httpGet, { path: LIVENESS_PATH, port: CONTAINER_PORT });
      });

      it('builds with the generated Dockerfile', function () {
        const run = runBuildSteps(generated.cloudbuild, workspaceWith(generated.files.get(SERVICE_YAML_PATH) ?? ''));
        const build = run.calls.find((call) => call[0] === 'docker' && call[1] === 'buildx' && call[2] === 'build');
        assert.ok(build !== undefined, 'no docker buildx build call');
        assert.deepEqual(flagValues(build, '--file'), [DOCKERFILE_PATH]);
        assert.ok(generated.files.has(DOCKERFILE_PATH), `${DOCKERFILE_PATH} is not generated`);
      });

      it('builds linux/amd64 and each chosen platform', function () {
        const run = runBuildSteps(generated.cloudbuild, workspaceWith(generated.files.get(SERVICE_YAML_PATH) ?? ''));
        const build = run.calls.find((call) => call[1] === 'buildx' && call[2] === 'build') ?? [];
        const platforms = flagValues(build, '--platform')[0]?.split(',') ?? [];
        assert.equal(platforms[0], 'linux/amd64');
        assert.equal(platforms.includes('linux/arm64'), generated.answers.arch.includes('arm64'));
        const emulated = run.calls.some((call) => call[0] === 'docker' && call[1] === 'run' && call.includes('--install'));
        assert.equal(emulated, platforms.length > 1, 'QEMU is registered exactly when a second platform is built');
      });

      it('deploys service.yaml with the image it pushed', function () {
        const run = runBuildSteps(generated.cloudbuild, workspaceWith(generated.files.get(SERVICE_YAML_PATH) ?? ''));
        for (const step of run.steps) {
          assert.equal(step.status, 0, `step ${step.id} failed:\n${step.stderr}`);
        }

        const { region, artifactRepository, serviceName } = generated.answers;
        const image = `${region}-docker.pkg.dev/${BUILT_IN_VALUES.PROJECT_ID}/${artifactRepository}/${serviceName}`;
        const build = run.calls.find((call) => call[1] === 'buildx' && call[2] === 'build') ?? [];
        assert.deepEqual(flagValues(build, '--tag'), [`${image}:${BUILT_IN_VALUES.COMMIT_SHA}`, `${image}:latest`]);
        assert.ok(build.includes('--push'), 'the build does not push');
        assert.ok(run.deployed !== undefined, 'gcloud run services replace was not called');

        const deployed = parseYaml(run.deployed);
        assert.equal(container(deployed).image, `${image}:${BUILT_IN_VALUES.COMMIT_SHA}`);
        assert.equal(deployed.metadata.name, serviceName);
        assert.equal(deployed.metadata.labels['cloud.googleapis.com/location'], region);
        assert.doesNotMatch(withoutComments(run.deployed), /\$\{/);
        assert.deepEqual(knativeErrors(deployed), []);
        assert.deepEqual(cloudRunViolations(deployed), []);

        const replace = run.calls.find((call) => call[0] === 'gcloud' && call[1] === 'run' && call[3] === 'replace') ?? [];
        assert.ok(replace.includes(`--region=${region}`), `gcloud run services replace runs without --region=${region}: ${replace.join(' ')}`);
      });

      it('allows the run.app host and the extra hosts', function () {
        const run = runBuildSteps(generated.cloudbuild, workspaceWith(generated.files.get(SERVICE_YAML_PATH) ?? ''));
        const deployed = parseYaml(run.deployed ?? '');
        const variable = (container(deployed).env as Array<{ name: string; value?: string }>).find((entry) => entry.name === ALLOWED_HOSTS_VARIABLE);
        const { serviceName, region, allowedHosts } = generated.answers;
        const expected = [`${serviceName}-${BUILT_IN_VALUES.PROJECT_NUMBER}.${region}.run.app`, ...(allowedHosts === '' ? [] : allowedHosts.split(','))];
        assert.equal(variable?.value, expected.join(','));
      });

      it('passes the allowed origins only when set', function () {
        const deployed = parseYaml(runBuildSteps(generated.cloudbuild, workspaceWith(generated.files.get(SERVICE_YAML_PATH) ?? '')).deployed ?? '');
        const variable = (container(deployed).env as Array<{ name: string; value?: string }>).find((entry) => entry.name === ALLOWED_ORIGINS_VARIABLE);
        const { allowedOrigins } = generated.answers;
        assert.equal(variable?.value, allowedOrigins === '' ? undefined : originsWithPorts(allowedOrigins));
      });
    });
  }

  describe('option mapping', function () {
    it('writes scaling, resources and limits as Cloud Run reads them', function () {
      const { service } = generate({ minInstances: 2, maxInstances: 7, cpu: '2', memory: '1Gi', concurrency: 40, requestTimeout: 120 });
      const annotations = service.spec.template.metadata.annotations;
      assert.equal(annotations['autoscaling.knative.dev/minScale'], '2');
      assert.equal(annotations['autoscaling.knative.dev/maxScale'], '7');
      assert.equal(service.spec.template.spec.containerConcurrency, 40);
      assert.equal(service.spec.template.spec.timeoutSeconds, 120);
      assert.deepEqual(container(service).resources, { limits: { cpu: '2', memory: '1Gi' } });
    });

    it('writes the platform defaults', function () {
      const { service, cloudbuild } = generate({});
      const annotations = service.spec.template.metadata.annotations;
      assert.equal(annotations['autoscaling.knative.dev/minScale'], '0');
      assert.equal(annotations['autoscaling.knative.dev/maxScale'], '10');
      assert.equal(annotations['run.googleapis.com/execution-environment'], 'gen2');
      assert.equal(annotations['run.googleapis.com/cpu-throttling'], 'true');
      assert.equal(annotations['run.googleapis.com/startup-cpu-boost'], 'true');
      assert.equal(service.spec.template.spec.containerConcurrency, 80);
      assert.equal(service.spec.template.spec.timeoutSeconds, 300);
      assert.deepEqual(container(service).resources, { limits: { cpu: '1', memory: '512Mi' } });
      assert.equal(service.metadata.annotations['run.googleapis.com/ingress'], 'all');
      assert.equal(cloudbuild.options.machineType, 'E2_HIGHCPU_8');
      assert.equal(cloudbuild.options.logging, 'CLOUD_LOGGING_ONLY');
    });

    it('requires authentication by default', function () {
      const { service } = generate({});
      assert.equal(service.metadata.annotations['run.googleapis.com/invoker-iam-disabled'], undefined);
    });

    it('disables the invoker check when public', function () {
      const { service } = generate({ allowUnauthenticated: true });
      assert.equal(service.metadata.annotations['run.googleapis.com/invoker-iam-disabled'], 'true');
    });

    it('runs as the service account when given', function () {
      assert.equal(generate({}).service.spec.template.spec.serviceAccountName, undefined);
      const account = 'mcp-runtime@my-project.iam.gserviceaccount.com';
      assert.equal(generate({ serviceAccount: account }).service.spec.template.spec.serviceAccountName, account);
    });

    it('reads DATABASE_URL from Secret Manager only with a database', function () {
      const none = container(generate({}).service).env as Array<{ name: string }>;
      assert.deepEqual(none.map((entry) => entry.name), [ALLOWED_HOSTS_VARIABLE, 'MCP_REQUEST_TIMEOUT_SECONDS', 'MCP_MAX_CONCURRENT_REQUESTS']);

      for (const database of ['postgres', 'mysql', 'sqlite'] as const) {
        const env = container(generate({ database }).service).env as Array<Record<string, any>>;
        const url = env.find((entry) => entry.name === 'DATABASE_URL');
        assert.deepEqual(url, { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: DATABASE_URL_SECRET, key: 'latest' } } }, database);
        assert.equal((url as Record<string, unknown> | undefined)?.value, undefined, `${database}: DATABASE_URL must not be a plain value`);
      }
    });

    it('sets the server limits from the timeout and concurrency options', function () {
      const env = container(generate({ requestTimeout: 900, concurrency: 40 }).service).env as Array<{ name: string; value?: string }>;
      assert.equal(env.find((entry) => entry.name === 'MCP_REQUEST_TIMEOUT_SECONDS')?.value, '900');
      assert.equal(env.find((entry) => entry.name === 'MCP_MAX_CONCURRENT_REQUESTS')?.value, '40');
    });

    it('mounts the Cloud SQL instance for postgres and mysql', function () {
      for (const database of ['postgres', 'mysql'] as const) {
        const { service } = generate({ database, cloudSqlInstance: 'my-project:us-central1:main-db' });
        assert.equal(service.spec.template.metadata.annotations['run.googleapis.com/cloudsql-instances'], 'my-project:us-central1:main-db', database);
      }
      const { service } = generate({ database: 'postgres' });
      assert.equal(service.spec.template.metadata.annotations['run.googleapis.com/cloudsql-instances'], undefined);
    });

    it('names the secret after the deployed service', function () {
      const run = runBuildSteps(generate({ database: 'postgres' }).cloudbuild, workspaceWith(generate({ database: 'postgres' }).files.get(SERVICE_YAML_PATH) ?? ''), { _SERVICE: 'staging-server' });
      const env = container(parseYaml(run.deployed ?? '')).env as Array<Record<string, any>>;
      assert.equal(env.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom.secretKeyRef.name, 'staging-server-database-url');
    });

    it('marks both files generated and read-only', function () {
      const { files } = generate({});
      for (const path of [SERVICE_YAML_PATH, CLOUDBUILD_YAML_PATH]) {
        assert.match(files.get(path)?.split('\n')[0] ?? '', /^# ~~ Generated by projen\. To modify, edit \.projenrc\.ts and run "npx projen"\.$/);
      }
    });
  });

  describe('build step scripts', function () {
    it('stop before building without COMMIT_SHA', function () {
      const { cloudbuild, files } = generate({});
      const run = runBuildSteps(cloudbuild, workspaceWith(files.get(SERVICE_YAML_PATH) ?? ''), { COMMIT_SHA: '' });
      assert.equal(run.steps.length, 1);
      assert.notEqual(run.steps[0].status, 0);
      assert.match(run.steps[0].stderr, /Missing COMMIT_SHA: .*--substitutions=COMMIT_SHA=\$\(git rev-parse HEAD\)/);
      assert.deepEqual(run.calls, []);
    });

    it('need no image from an earlier build', function () {
      for (const options of [{}, { arch: ['amd64', 'arm64'] as Answers['arch'] }]) {
        const { cloudbuild } = generate(options);
        for (const script of scripts(cloudbuild)) {
          assert.doesNotMatch(script, /docker pull/, 'a pull of a previous image fails on the first build');
        }
      }
    });

    it('reject a substitution that sed would misread', function () {
      const { cloudbuild, files } = generate({});
      const run = runBuildSteps(cloudbuild, workspaceWith(files.get(SERVICE_YAML_PATH) ?? ''), { _SERVICE: 'my|svc' });
      const deploy = run.steps.find((step) => step.id === 'deploy');
      assert.notEqual(deploy?.status, 0);
      assert.match(deploy?.stderr ?? '', /Invalid _SERVICE "my\|svc"/);
      assert.equal(run.deployed, undefined);
    });

    it('reject a placeholder they do not fill', function () {
      const { cloudbuild, files } = generate({});
      const edited = (files.get(SERVICE_YAML_PATH) ?? '').replace('value: ${_SERVICE}', 'value: ${_UNKNOWN}');
      const run = runBuildSteps(cloudbuild, workspaceWith(edited));
      const deploy = run.steps.find((step) => step.id === 'deploy');
      assert.notEqual(deploy?.status, 0);
      assert.match(deploy?.stderr ?? '', /has placeholders that the deploy step does not fill/);
      assert.match(deploy?.stdout ?? '', /\$\{_UNKNOWN\}/);
      assert.equal(run.deployed, undefined);
    });

    it('pass the commit and build time as build arguments', function () {
      const { cloudbuild, files } = generate({});
      const run = runBuildSteps(cloudbuild, workspaceWith(files.get(SERVICE_YAML_PATH) ?? ''));
      const build = run.calls.find((call) => call[0] === 'docker' && call[1] === 'buildx' && call[2] === 'build') ?? [];
      const buildArgs = flagValues(build, '--build-arg');
      assert.ok(buildArgs.includes(`IMAGE_REVISION=${BUILT_IN_VALUES.COMMIT_SHA}`), buildArgs.join(' '));
      const created = buildArgs.find((argument) => argument.startsWith('IMAGE_CREATED='));
      assert.match(created ?? '', /^IMAGE_CREATED=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('fill every placeholder service.yaml uses', function () {
      const { cloudbuild } = generate({});
      const deploy = (cloudbuild.steps as Array<{ id: string; script: string }>).find((step) => step.id === 'deploy');
      for (const name of [...Object.values(SUBSTITUTIONS), ...BUILT_IN_PLACEHOLDERS]) {
        assert.match(deploy?.script ?? '', new RegExp(`for name in .*\\b${name}\\b`));
      }
    });
  });

  describe('docs/deploy.md', function () {
    it('lists every deploy option with its flag', function () {
      const guide = readFileSync(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
      const rows = guide.split('\n').filter((line) => line.startsWith('| `'));
      // name, database and arch shape much more than the deploy files; the guide describes their effect in its text.
      const general = new Set(['name', 'database', 'arch']);
      const deployOptions = OPTIONS.filter((option) => !general.has(option.key) && (option.affects.includes(SERVICE_YAML_PATH) || option.affects.includes(CLOUDBUILD_YAML_PATH)));
      assert.ok(deployOptions.some((option) => option.key === 'region'), 'region is a deploy option');
      for (const spec of deployOptions) {
        const row = rows.find((line) => line.startsWith(`| \`${spec.key}\` `));
        assert.ok(row !== undefined, `docs/deploy.md has no row for ${spec.key}`);
        assert.ok(row.includes(`(\`--${spec.flag}\`)`), `the row of ${spec.key} does not name --${spec.flag}: ${row}`);
      }
    });
  });

  describe('schema checks', function () {
    it('reject fields Cloud Run does not support', function () {
      const { service } = generate({});
      container(service).securityContext = { readOnlyRootFilesystem: true };
      assert.deepEqual(knativeErrors(service), [], 'the Knative schema accepts it');
      assert.deepEqual(cloudRunViolations(service), ['spec.template.spec.containers[].securityContext.readOnlyRootFilesystem is not a field of a Cloud Run service']);
    });

    it('reject unknown annotations and values', function () {
      const { service } = generate({});
      service.metadata.annotations['run.googleapis.com/ingress'] = 'public';
      service.spec.template.metadata.annotations['run.googleapis.com/unknown'] = 'x';
      assert.deepEqual(cloudRunViolations(service), [
        'service annotation run.googleapis.com/ingress is "public", not one of all, internal, internal-and-cloud-load-balancing',
        'revision annotation run.googleapis.com/unknown is not a Cloud Run annotation',
      ]);
    });

    it('reject a reserved environment variable', function () {
      const { service } = generate({});
      container(service).env.push({ name: 'PORT', value: '9000' });
      assert.deepEqual(cloudRunViolations(service), ['environment variable PORT is reserved by Cloud Run']);
    });

    it('reject a step with both script and args', function () {
      const { cloudbuild } = generate({});
      cloudbuild.steps[0].args = ['build'];
      assert.notDeepEqual(cloudBuildErrors(cloudbuild), []);
    });

    it('reject an unknown top-level key', function () {
      const { cloudbuild } = generate({});
      cloudbuild.step = [];
      assert.ok(cloudBuildErrors(cloudbuild).some((error) => error.includes('additionalProperty')), cloudBuildErrors(cloudbuild).join('\n'));
    });

    it('reject a Knative Service without containers', function () {
      const { service } = generate({});
      delete service.spec.template.spec.containers;
      assert.deepEqual(knativeErrors(service), ['/spec/template/spec must have required property containers']);
    });
  });

  describe('private registry token', function () {
    const registry = { privateRegistry: 'acme=sparse+https://cargo.acme.example/index/', registryTokenSecret: 'acme-cargo-token' } as const;

    it('reads the token from Secret Manager into the build step only', function () {
      const { cloudbuild } = generate(registry);
      assert.deepEqual(cloudbuild.availableSecrets, {
        secretManager: [{ versionName: 'projects/$PROJECT_ID/secrets/acme-cargo-token/versions/latest', env: REGISTRY_TOKEN_BUILD_VARIABLE }],
      });
      const withSecret = (cloudbuild.steps as Array<{ id: string; secretEnv?: string[] }>).filter((step) => step.secretEnv !== undefined);
      assert.deepEqual(withSecret.map((step) => [step.id, step.secretEnv]), [['build', [REGISTRY_TOKEN_BUILD_VARIABLE]]]);
    });

    it('hands the token to buildx as a build secret', function () {
      const { cloudbuild, files } = generate(registry);
      const run = runBuildSteps(cloudbuild, workspaceWith(files.get(SERVICE_YAML_PATH) ?? ''));
      const build = run.calls.find((call) => call[0] === 'docker' && call[1] === 'buildx' && call[2] === 'build') ?? [];
      assert.deepEqual(flagValues(build, '--secret'), [`id=${REGISTRY_TOKEN_SECRET_ID},env=${REGISTRY_TOKEN_BUILD_VARIABLE}`]);
      assert.ok(!flagValues(build, '--build-arg').some((argument) => argument.includes(REGISTRY_TOKEN_BUILD_VARIABLE)), 'the token is no build argument, which the image history would keep');
    });

    it('asks for no secret without a private registry', function () {
      const { cloudbuild } = generate({});
      assert.equal(cloudbuild.availableSecrets, undefined);
      assert.ok((cloudbuild.steps as Array<Record<string, unknown>>).every((step) => step.secretEnv === undefined));
    });
  });

  describe('vulnerability scan step', function () {
    function scanRun(threshold: Answers['vulnerabilityScan'], severities: string): ReturnType<typeof runBuildSteps> {
      const { cloudbuild, files } = generate({ vulnerabilityScan: threshold });
      return runBuildSteps(cloudbuild, workspaceWith(files.get(SERVICE_YAML_PATH) ?? ''), { STUB_SEVERITIES: severities });
    }

    it('is left out when off', function () {
      const { cloudbuild } = generate({});
      assert.deepEqual((cloudbuild.steps as Array<{ id: string }>).map((step) => step.id), ['build', 'deploy']);
    });

    it('runs between build and deploy', function () {
      const { cloudbuild } = generate({ vulnerabilityScan: 'critical' });
      assert.deepEqual((cloudbuild.steps as Array<{ id: string }>).map((step) => step.id), ['build', 'scan', 'deploy']);
    });

    it('scans the pushed image of the commit', function () {
      const run = scanRun('high', '');
      const scan = run.calls.find((call) => call.slice(0, 5).join(' ') === 'gcloud artifacts docker images scan') ?? [];
      assert.equal(scan[5], `us-central1-docker.pkg.dev/${BUILT_IN_VALUES.PROJECT_ID}/mcp-servers/demo-server:${BUILT_IN_VALUES.COMMIT_SHA}`);
      assert.ok(scan.includes('--remote'), scan.join(' '));
      const list = run.calls.find((call) => call.slice(0, 5).join(' ') === 'gcloud artifacts docker images list-vulnerabilities') ?? [];
      assert.equal(list[5], `projects/${BUILT_IN_VALUES.PROJECT_ID}/locations/us/scans/scan-0001`);
    });

    const cases: ReadonlyArray<{ threshold: Exclude<Answers['vulnerabilityScan'], 'off'>; severities: string; fails: boolean }> = [
      { threshold: 'critical', severities: '', fails: false },
      { threshold: 'critical', severities: 'HIGH,HIGH,MEDIUM', fails: false },
      { threshold: 'critical', severities: 'LOW,CRITICAL', fails: true },
      { threshold: 'high', severities: 'MEDIUM,LOW,MINIMAL', fails: false },
      { threshold: 'high', severities: 'LOW,HIGH', fails: true },
      { threshold: 'medium', severities: 'LOW,MINIMAL', fails: false },
      { threshold: 'medium', severities: 'MEDIUM', fails: true },
      { threshold: 'low', severities: 'MINIMAL,MINIMAL', fails: false },
      { threshold: 'low', severities: 'LOW', fails: true },
    ];
    for (const { threshold, severities, fails } of cases) {
      it(`at ${threshold} ${fails ? 'fails' : 'passes'} on [${severities}]`, function () {
        const run = scanRun(threshold, severities);
        const scan = run.steps.find((step) => step.id === 'scan');
        assert.equal(scan?.status === 0, !fails, `${scan?.stdout}${scan?.stderr}`);
        assert.equal(run.deployed === undefined, fails, 'deployed only when the scan passes');
        if (fails) {
          assert.match(scan?.stderr ?? '', new RegExp(`severity ${listing(blockingSeverities(threshold))}, so it is not deployed`));
        }
      });
    }

    it('lists the blocking severities in prose', function () {
      const scan = scanRun('low', 'LOW').steps.find((step) => step.id === 'scan');
      assert.match(scan?.stderr ?? '', /severity CRITICAL, HIGH, MEDIUM or LOW, so it is not deployed/);
    });

    it('counts each severity in the log', function () {
      const scan = scanRun('critical', 'HIGH,HIGH,LOW').steps.find((step) => step.id === 'scan');
      assert.match(scan?.stdout ?? '', /^HIGH: 2$/m);
      assert.match(scan?.stdout ?? '', /^LOW: 1$/m);
      assert.match(scan?.stdout ?? '', /^CRITICAL: 0$/m);
    });
  });
});
