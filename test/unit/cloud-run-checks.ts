/**
 * Checks of the generated deploy files, shared by the unit and end-to-end suites: schema validation
 * of service.yaml and cloudbuild.yaml, the Cloud Run field rules, and a local run of the Cloud
 * Build step scripts with stand-ins for docker and gcloud.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Service } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

import { REPO_ROOT, temporaryDirectory } from '../support/helpers.js';

const SCHEMAS = join(REPO_ROOT, 'test', 'fixtures', 'schemas');

/** Cloud Build's built-in substitutions (Cloud Build docs, "Substituting variable values"). */
export const CLOUD_BUILD_BUILT_INS = new Set([
  'PROJECT_ID', 'BUILD_ID', 'PROJECT_NUMBER', 'LOCATION', 'TRIGGER_NAME', 'COMMIT_SHA', 'REVISION_ID',
  'SHORT_SHA', 'REPO_NAME', 'REPO_FULL_NAME', 'BRANCH_NAME', 'TAG_NAME', 'REF_NAME',
  'TRIGGER_BUILD_CONFIG_PATH', 'SERVICE_ACCOUNT_EMAIL', 'SERVICE_ACCOUNT',
]);

/** Values the local run gives the built-in substitutions, as a build trigger would. */
export const BUILT_IN_VALUES: Readonly<Record<string, string>> = {
  PROJECT_ID: 'test-project-1',
  PROJECT_NUMBER: '123456789012',
  COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567',
  BUILD_ID: '00000000-0000-0000-0000-000000000000',
  LOCATION: 'us-central1',
};

/** Returns the Knative schema's errors for a parsed service.yaml, or [] when it is valid. */
export function knativeErrors(document: unknown): string[] {
  try {
    new Service(document as ConstructorParameters<typeof Service>[0]).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: Array<{ instancePath: string; message?: string }> }).errors;
    return details === undefined ? [String(error)] : details.map((detail) => `${detail.instancePath} ${detail.message ?? ''}`);
  }
}

interface CloudRunFields {
  readonly paths: readonly string[];
  readonly serviceAnnotations: Readonly<Record<string, readonly string[] | null>>;
  readonly revisionAnnotations: Readonly<Record<string, readonly string[] | null>>;
  readonly reservedEnvironmentVariables: readonly string[];
}

const CLOUD_RUN_FIELDS = JSON.parse(readFileSync(join(SCHEMAS, 'cloud-run-service.fields.json'), 'utf8')) as CloudRunFields;

/** Lists every leaf of a parsed document as a path with [] for array items and * under labels and annotations. */
function leafPaths(value: unknown, prefix: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      leafPaths(item, `${prefix}[]`, out);
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const isMap = prefix.endsWith('.labels') || prefix.endsWith('.annotations');
    for (const [key, child] of Object.entries(value)) {
      leafPaths(child, prefix === '' ? key : `${prefix}.${isMap ? '*' : key}`, out);
    }
    return;
  }
  out.push(prefix);
}

function annotationViolations(annotations: Record<string, string> | undefined, known: CloudRunFields['serviceAnnotations'], where: string): string[] {
  const violations: string[] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!(key in known)) {
      violations.push(`${where} annotation ${key} is not a Cloud Run annotation`);
      continue;
    }
    const allowed = known[key];
    if (allowed !== null && !allowed.includes(value)) {
      violations.push(`${where} annotation ${key} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`);
    }
  }
  return violations;
}

/**
 * Returns what Cloud Run would reject in a parsed service.yaml, beyond the Knative schema: fields
 * it does not support, unknown annotations and values, reserved variables, and limits.
 */
export function cloudRunViolations(document: Record<string, any>): string[] {
  const violations: string[] = [];

  const paths: string[] = [];
  leafPaths(document, '', paths);
  for (const path of paths) {
    if (!CLOUD_RUN_FIELDS.paths.includes(path)) {
      violations.push(`${path} is not a field of a Cloud Run service`);
    }
  }

  violations.push(...annotationViolations(document.metadata?.annotations, CLOUD_RUN_FIELDS.serviceAnnotations, 'service'));
  const template = document.spec?.template ?? {};
  violations.push(...annotationViolations(template.metadata?.annotations, CLOUD_RUN_FIELDS.revisionAnnotations, 'revision'));

  const annotations = template.metadata?.annotations ?? {};
  const minScale = Number(annotations['autoscaling.knative.dev/minScale'] ?? 0);
  const maxScale = Number(annotations['autoscaling.knative.dev/maxScale'] ?? 100);
  if (minScale > maxScale) {
    violations.push(`minScale ${minScale} exceeds maxScale ${maxScale}`);
  }

  const spec = template.spec ?? {};
  if (spec.containerConcurrency !== undefined && (spec.containerConcurrency < 1 || spec.containerConcurrency > 1000)) {
    violations.push(`containerConcurrency ${spec.containerConcurrency} is outside 1 to 1000`);
  }
  if (spec.timeoutSeconds !== undefined && (spec.timeoutSeconds < 1 || spec.timeoutSeconds > 3600)) {
    violations.push(`timeoutSeconds ${spec.timeoutSeconds} is outside 1 to 3600`);
  }

  const containers: Array<Record<string, any>> = spec.containers ?? [];
  if (containers.length !== 1) {
    violations.push(`the service has ${containers.length} containers; this generator writes exactly one`);
  }
  for (const container of containers) {
    for (const variable of container.env ?? []) {
      if (CLOUD_RUN_FIELDS.reservedEnvironmentVariables.includes(variable.name)) {
        violations.push(`environment variable ${variable.name} is reserved by Cloud Run`);
      }
    }
    for (const port of container.ports ?? []) {
      if (port.name !== 'http1' && port.name !== 'h2c') {
        violations.push(`port name ${port.name} is neither http1 nor h2c`);
      }
    }
    for (const [probeName, longestPeriod] of [['startupProbe', 240], ['livenessProbe', 3600]] as const) {
      const probe = container[probeName];
      if (probe === undefined) {
        continue;
      }
      if (probe.periodSeconds < 1 || probe.periodSeconds > longestPeriod) {
        violations.push(`${probeName}.periodSeconds ${probe.periodSeconds} is outside 1 to ${longestPeriod}`);
      }
      if (probe.timeoutSeconds > probe.periodSeconds) {
        violations.push(`${probeName}.timeoutSeconds exceeds its periodSeconds`);
      }
    }
  }
  return violations;
}

/** Merges `overlay` into `base`: objects key by key, any other value replaces. */
function deepMerge(base: unknown, overlay: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof overlay !== 'object' || overlay === null || Array.isArray(overlay)) {
    return overlay;
  }
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = key in merged ? deepMerge(merged[key], value) : value;
  }
  return merged;
}

let cloudBuildValidator: ValidateFunction | undefined;

/** Returns the Cloud Build schema's errors for a parsed cloudbuild.yaml, or [] when it is valid. */
export function cloudBuildErrors(document: unknown): string[] {
  if (cloudBuildValidator === undefined) {
    const base = JSON.parse(readFileSync(join(SCHEMAS, 'cloudbuild.schemastore.json'), 'utf8')) as Record<string, unknown>;
    const extension = JSON.parse(readFileSync(join(SCHEMAS, 'cloudbuild.extension.json'), 'utf8')) as Record<string, unknown>;
    delete extension.$comment;
    const ajv = new Ajv({ allErrors: true });
    // Documentation keywords of the SchemaStore schema, which validate nothing.
    ajv.addKeyword('enumDescriptions');
    ajv.addKeyword('markdownDescription');
    cloudBuildValidator = ajv.compile(deepMerge(base, extension) as object);
  }
  if (cloudBuildValidator(document)) {
    return [];
  }
  return (cloudBuildValidator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** Returns the text without its comment lines (YAML or shell), which may mention placeholders. */
export function withoutComments(text: string): string {
  return text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
}

/** Returns the names a shell script reads as `$NAME` or `${NAME...}`, outside comment lines. */
export function shellVariables(script: string): Set<string> {
  const names = new Set<string>();
  for (const match of withoutComments(script).matchAll(/\$\{?!?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    names.add(match[1]);
  }
  return names;
}

/** Returns the names a shell script assigns, as `name=` or in `for name in`. */
export function shellAssignments(script: string): Set<string> {
  const names = new Set<string>();
  for (const match of script.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=|for ([A-Za-z_][A-Za-z0-9_]*) in/gm)) {
    names.add(match[1] ?? match[2]);
  }
  return names;
}

/** What one local run of the build steps did. */
export interface StepRun {
  readonly id: string;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BuildRun {
  readonly steps: readonly StepRun[];
  /** Every docker and gcloud call, as its argument list, in order. */
  readonly calls: ReadonlyArray<readonly string[]>;
  /** The file the deploy step passed to `gcloud run services replace`, if it got that far. */
  readonly deployed: string | undefined;
}

const COMMAND_STUB = `#!/usr/bin/env bash
# Records its arguments, tab-separated, one call per line.
{ printf '%s' "$(basename "$0")"; for argument in "$@"; do printf '\\t%s' "$argument"; done; printf '\\n'; } >> "$STUB_LOG"
if [ "$(basename "$0")" = gcloud ] && [ "$1 $2 $3" = "run services replace" ]; then
  cp "$4" "$STUB_DEPLOYED"
fi
if [ "$(basename "$0")" = gcloud ] && [ "$1 $2 $3" = "run services describe" ]; then
  echo "https://$4-$PROJECT_NUMBER.us-central1.run.app"
fi
# On-Demand Scanning: the scan name, then one effective severity per line from STUB_SEVERITIES.
if [ "$(basename "$0")" = gcloud ] && [ "$1 $2 $3 $4" = "artifacts docker images scan" ]; then
  echo "projects/$PROJECT_ID/locations/us/scans/scan-0001"
fi
if [ "$(basename "$0")" = gcloud ] && [ "$1 $2 $3 $4" = "artifacts docker images list-vulnerabilities" ]; then
  printf '%s' "\${STUB_SEVERITIES:-}" | tr ',' '\n'
fi
exit 0
`;

/**
 * Runs the step scripts of a cloudbuild.yaml in order, in `workspace` (which contains service.yaml),
 * as Cloud Build would with automapSubstitutions: the substitutions and built-ins are environment
 * variables. docker and gcloud are stand-ins that record their arguments and change nothing; the
 * gcloud stand-in reports the comma-separated severities of STUB_SEVERITIES as a scan's findings.
 */
export function runBuildSteps(cloudbuild: Record<string, any>, workspace: string, overrides: Readonly<Record<string, string>> = {}): BuildRun {
  const stubs = temporaryDirectory('cloud-build-stubs');
  for (const command of ['docker', 'gcloud']) {
    writeFileSync(join(stubs, command), COMMAND_STUB);
    chmodSync(join(stubs, command), 0o755);
  }
  const log = join(stubs, 'calls.log');
  const deployed = join(stubs, 'deployed.yaml');
  writeFileSync(log, '');

  const environment: Record<string, string> = {
    PATH: `${stubs}:/usr/local/bin:/usr/bin:/bin`,
    HOME: stubs,
    STUB_LOG: log,
    STUB_DEPLOYED: deployed,
    ...BUILT_IN_VALUES,
    ...(cloudbuild.substitutions as Record<string, string>),
    ...overrides,
  };

  const steps: StepRun[] = [];
  for (const step of cloudbuild.steps as Array<Record<string, string>>) {
    const scriptPath = join(stubs, `${step.id}.sh`);
    writeFileSync(scriptPath, step.script);
    const result = spawnSync('bash', [scriptPath], { cwd: workspace, env: environment, encoding: 'utf8' });
    steps.push({ id: step.id, status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr });
    if (result.status !== 0) {
      break;
    }
  }

  const calls = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
  return { steps, calls, deployed: existsSync(deployed) ? readFileSync(deployed, 'utf8') : undefined };
}

/** Writes service.yaml into a fresh workspace and returns its path. */
export function workspaceWith(serviceYaml: string): string {
  const workspace = temporaryDirectory('cloud-build-workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'service.yaml'), serviceYaml);
  return workspace;
}

/** Parses YAML text into plain data. */
export function parseYaml(text: string): Record<string, any> {
  return parse(text) as Record<string, any>;
}

/** Returns the values of `--flag value` pairs in an argument list. */
export function flagValues(args: readonly string[], flag: string): string[] {
  const values: string[] = [];
  args.forEach((argument, index) => {
    if (argument === flag && index + 1 < args.length) {
      values.push(args[index + 1]);
    }
  });
  return values;
}
