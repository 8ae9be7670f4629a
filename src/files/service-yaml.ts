/**
 * service.yaml, managed: the Cloud Run service as the Knative `serving.knative.dev/v1` Service
 * that `gcloud run services replace` reads. Only fields and annotations of the Cloud Run YAML
 * reference are written.
 */

// Deep imports: the package root loads every projen project type, which took about 170 ms of each
// synthesis on a 2-core machine.
import type { IResolver } from 'projen/lib/file.js';
import type { Project } from 'projen/lib/project.js';
import { YamlFile, type YamlFileOptions } from 'projen/lib/yaml.js';

import type { Answers } from '../options.js';
import { ALLOWED_HOSTS_VARIABLE, ALLOWED_ORIGINS_VARIABLE, CONTAINER_PORT, HEALTH_PATH, IMAGE_NAME, LIVENESS_PATH, IMAGE_TAG, RUN_APP_HOST, SUBSTITUTIONS } from './conventions.js';
import { originsWithPorts } from '../validate.js';

export const SERVICE_YAML_PATH = 'service.yaml';

/** Name of the server container; Cloud Run does not use it, but the Knative schema requires one. */
export const CONTAINER_NAME = 'server';

/** Secret Manager secret that contains `DATABASE_URL`, read at its latest version. */
export const DATABASE_URL_SECRET = `\${${SUBSTITUTIONS.service}}-database-url`;

/** Databases that run on Cloud SQL, so the service mounts the instance's socket under /cloudsql. */
const CLOUD_SQL_DATABASES: ReadonlySet<string> = new Set(['postgres', 'mysql']);

/**
 * The startup probe gives the server 60 seconds (30 checks, 2 seconds apart) to return 200 from its
 * health endpoint, which waits for the database when there is one.
 */
const STARTUP_PROBE = { periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 };

/** The liveness probe restarts an instance whose health endpoint fails three times in 90 seconds. */
const LIVENESS_PROBE = { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 };

/** A Knative Service as plain data, in the key order the file shows. */
export type KnativeService = Record<string, unknown>;

/** Returns the Service for the answers, with the build's values as `${NAME}` placeholders. */
export function serviceManifest(answers: Answers): KnativeService {
  const serviceAnnotations: Record<string, string> = {
    // Requests from the internet reach the service; IAM still checks callers unless it is public.
    'run.googleapis.com/ingress': 'all',
  };
  if (answers.allowUnauthenticated) {
    // Public without an allUsers IAM binding, which domain restricted sharing policies forbid.
    serviceAnnotations['run.googleapis.com/invoker-iam-disabled'] = 'true';
  }

  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: `\${${SUBSTITUTIONS.service}}`,
      labels: { 'cloud.googleapis.com/location': `\${${SUBSTITUTIONS.region}}` },
      annotations: serviceAnnotations,
    },
    spec: {
      template: {
        metadata: { annotations: revisionAnnotations(answers) },
        spec: {
          containerConcurrency: answers.concurrency,
          timeoutSeconds: answers.requestTimeout,
          ...(answers.serviceAccount === '' ? {} : { serviceAccountName: answers.serviceAccount }),
          containers: [container(answers)],
        },
      },
      // Every deploy sends all traffic to the revision it creates.
      traffic: [{ percent: 100, latestRevision: true }],
    },
  };
}

function revisionAnnotations(answers: Answers): Record<string, string> {
  const annotations: Record<string, string> = {
    'autoscaling.knative.dev/minScale': String(answers.minInstances),
    'autoscaling.knative.dev/maxScale': String(answers.maxInstances),
    // Second generation: full Linux compatibility and faster network; it needs at least 512Mi.
    'run.googleapis.com/execution-environment': 'gen2',
    // CPU only while a request runs (request-based billing): the server does no background work.
    'run.googleapis.com/cpu-throttling': 'true',
    // More CPU while an instance starts, for shorter cold starts.
    'run.googleapis.com/startup-cpu-boost': 'true',
  };
  if (answers.cloudSqlInstance !== '' && CLOUD_SQL_DATABASES.has(answers.database)) {
    annotations['run.googleapis.com/cloudsql-instances'] = answers.cloudSqlInstance;
  }
  return annotations;
}

function container(answers: Answers): Record<string, unknown> {
  const healthCheck = { httpGet: { path: HEALTH_PATH, port: CONTAINER_PORT } };
  // Liveness has its own path: restarting instances would not bring an unreachable database back.
  const livenessCheck = { httpGet: { path: LIVENESS_PATH, port: CONTAINER_PORT } };
  return {
    name: CONTAINER_NAME,
    image: `${IMAGE_NAME}:${IMAGE_TAG}`,
    // Cloud Run sets PORT to this port; http1 because the server speaks HTTP/1.1 without h2c.
    ports: [{ name: 'http1', containerPort: CONTAINER_PORT }],
    env: environment(answers),
    resources: { limits: { cpu: answers.cpu, memory: answers.memory } },
    startupProbe: { ...healthCheck, ...STARTUP_PROBE },
    livenessProbe: { ...livenessCheck, ...LIVENESS_PROBE },
  };
}

/**
 * Returns the container's environment: the allowed hosts and browser origins, the server's timeout
 * and concurrency limits, and the database URL from Secret Manager.
 */
function environment(answers: Answers): Array<Record<string, unknown>> {
  const hosts = [RUN_APP_HOST, ...(answers.allowedHosts === '' ? [] : answers.allowedHosts.split(','))];
  const variables: Array<Record<string, unknown>> = [
    { name: ALLOWED_HOSTS_VARIABLE, value: hosts.join(',') },
    // The server's own limits follow Cloud Run's, so neither cuts requests the other allows.
    { name: 'MCP_REQUEST_TIMEOUT_SECONDS', value: String(answers.requestTimeout) },
    { name: 'MCP_MAX_CONCURRENT_REQUESTS', value: String(answers.concurrency) },
  ];
  if (answers.allowedOrigins !== '') {
    variables.push({ name: ALLOWED_ORIGINS_VARIABLE, value: originsWithPorts(answers.allowedOrigins) });
  }

  // NOTE: sqlite reads DATABASE_URL from the secret too. On Cloud Run its file lives in the
  // instance's in-memory file system, so its data is lost when the instance stops.
  if (answers.database !== 'none') {
    variables.push({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: DATABASE_URL_SECRET, key: 'latest' } } });
  }
  return variables;
}

/** Options of {@link YamlFileWithHeader}. */
export interface YamlFileWithHeaderOptions extends YamlFileOptions {
  /** Comment lines written under the generated-file marker, without the leading `#`. */
  readonly header: readonly string[];
}

/** A managed YAML file whose marker line is followed by a few comment lines explaining it. */
export class YamlFileWithHeader extends YamlFile {
  private readonly header: readonly string[];

  constructor(project: Project, path: string, options: YamlFileWithHeaderOptions) {
    super(project, path, { readonly: true, marker: true, committed: true, ...options });
    this.header = options.header;
  }

  protected override synthesizeContent(resolver: IResolver): string | undefined {
    const content = super.synthesizeContent(resolver);
    if (content === undefined) {
      return undefined;
    }
    const [marker, ...rest] = content.split('\n');
    return [marker, ...this.header.map((line) => (line === '' ? '#' : `# ${line}`)), ...rest].join('\n');
  }
}

/** Adds service.yaml to the project. */
export function addServiceYaml(project: Project, answers: Answers): YamlFileWithHeader {
  return new YamlFileWithHeader(project, SERVICE_YAML_PATH, {
    obj: serviceManifest(answers),
    header: [
      'The Cloud Run service, as `gcloud run services replace` reads it. The deploy step of',
      'cloudbuild.yaml fills each ${NAME} placeholder with the build value of that name: the',
      'substitutions _SERVICE, _REGION and _REPOSITORY, and PROJECT_ID, PROJECT_NUMBER and COMMIT_SHA.',
    ],
  });
}
