/**
 * cloudbuild.yaml, managed: builds the container image from the Dockerfile, pushes it to Artifact
 * Registry and deploys service.yaml to Cloud Run with that image.
 */

import type { Project } from 'projen/lib/project.js';

import type { Answers, Architecture, VulnerabilityScan } from '../options.js';
import { parsePrivateRegistry } from '../validate.js';
import { BUILT_IN_PLACEHOLDERS, DOCKERFILE_PATH, IMAGE_NAME, MOVING_TAG, REGISTRY_TOKEN_BUILD_VARIABLE, REGISTRY_TOKEN_SECRET_ID, SUBSTITUTIONS } from './conventions.js';
import { imagePlatforms } from './dockerfile.js';
import { addServiceYaml, SERVICE_YAML_PATH, YamlFileWithHeader } from './service-yaml.js';

export const CLOUDBUILD_YAML_PATH = 'cloudbuild.yaml';

/** Cloud Build's Docker builder: the docker CLI with the buildx plugin, talking to the worker's daemon. */
export const DOCKER_BUILDER = 'gcr.io/cloud-builders/docker';

/** The gcloud CLI, for the deploy step. */
export const CLOUD_SDK_BUILDER = 'gcr.io/google.com/cloudsdktool/cloud-sdk:slim';

/** Registers QEMU with the kernel so that buildx can run the build steps of foreign platforms. */
export const BINFMT_IMAGE = 'tonistiigi/binfmt';

/** Tag of the registry cache that every build reads and writes. */
export const BUILD_CACHE_TAG = 'buildcache';

/** A Cloud Build step as plain data. */
export type BuildStep = Record<string, unknown>;

/** Returns the platforms the image is built for: the Dockerfile's, which always include linux/amd64 for Cloud Run. */
export function buildPlatforms(arch: readonly Architecture[]): string[] {
  return imagePlatforms(arch).architectures.map((architecture) => `linux/${architecture}`);
}

/** Joins the lines of a step script; every script stops at the first failing command or unset variable. */
function script(lines: readonly string[]): string {
  return ['#!/usr/bin/env bash', 'set -euo pipefail', ...lines].join('\n') + '\n';
}

const SET_IMAGE = `image="${IMAGE_NAME}"`;

// Single quotes keep the shell from running the $(...) in the message.
const REQUIRE_COMMIT_SHA = [
  'if [ -z "${COMMIT_SHA:-}" ]; then',
  "  echo 'Missing COMMIT_SHA: build triggers set it; with gcloud builds submit, pass --substitutions=COMMIT_SHA=$(git rev-parse HEAD)' >&2",
  '  exit 1',
  'fi',
];

/**
 * Returns the build step: buildx builds every platform, tags the image with the commit and `latest`, and
 * pushes it. The docker-container driver is needed for a registry cache of every stage, because
 * the Dockerfile builds the dependencies (cargo-chef) in a stage before the final one, which an
 * inline cache would not keep.
 */
function buildStep(platforms: readonly string[], hasRegistry: boolean): BuildStep {
  const foreign = platforms.filter((platform) => platform !== 'linux/amd64').map((platform) => platform.replace('linux/', ''));
  const emulation =
    foreign.length === 0
      ? []
      : [
          '# The compiler runs natively and cross-compiles; QEMU runs the RUN instructions of the',
          '# runtime stage for the other platforms.',
          `docker run --privileged --rm ${BINFMT_IMAGE} --install ${foreign.join(',')}`,
        ];

  const build = script([
    ...REQUIRE_COMMIT_SHA,
    SET_IMAGE,
    ...emulation,
    'docker buildx create --name cloud-build --driver docker-container --use',
    '# The cache lives in the registry beside the image. The first build finds none, and buildx',
    '# only warns and builds without it.',
    "# NOTE: create-rust-mcp's tests cannot reach Artifact Registry, so whether it accepts this",
    '# cache manifest (image-manifest=true, oci-mediatypes=true) is unverified.',
    'docker buildx build \\',
    `  --platform ${platforms.join(',')} \\`,
    `  --file ${DOCKERFILE_PATH} \\`,
    `  --cache-from "type=registry,ref=$image:${BUILD_CACHE_TAG}" \\`,
    `  --cache-to "type=registry,ref=$image:${BUILD_CACHE_TAG},mode=max,image-manifest=true,oci-mediatypes=true" \\`,
    '  --build-arg IMAGE_REVISION="$COMMIT_SHA" \\',
    '  --build-arg IMAGE_CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \\',
    '  --build-arg IMAGE_VERSION="${TAG_NAME:-}" \\',
    ...(hasRegistry ? [`  --secret id=${REGISTRY_TOKEN_SECRET_ID},env=${REGISTRY_TOKEN_BUILD_VARIABLE} \\`] : []),
    '  --tag "$image:$COMMIT_SHA" \\',
    `  --tag "$image:${MOVING_TAG}" \\`,
    '  --push \\',
    '  .',
  ]);
  // The token reaches buildx as an environment variable of this step only, and the Dockerfile
  // mounts it as a build secret, so it is in no image layer and no build log.
  // NOTE: secretEnv on a `script` step is not verified here: the tests cannot run Cloud Build.
  return hasRegistry ? { id: 'build', name: DOCKER_BUILDER, script: build, secretEnv: [REGISTRY_TOKEN_BUILD_VARIABLE] } : { id: 'build', name: DOCKER_BUILDER, script: build };
}

/** Joins words as a list in prose: "A", "A or B", "A, B or C". */
export function listing(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** On-Demand Scanning severities, from the most severe; a scan fails at the chosen one and above. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;

/** Returns the severities that fail the scan step at the chosen threshold. */
export function blockingSeverities(threshold: Exclude<VulnerabilityScan, 'off'>): string[] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(threshold.toUpperCase() as (typeof SEVERITIES)[number]) + 1);
}

/**
 * Returns the scan step: Artifact Registry's On-Demand Scanning reads the pushed image, and the
 * step fails when a vulnerability's effective severity is a blocking one, before the deploy step
 * runs. The image stays in the registry, tagged, but Cloud Run never receives it.
 */
function scanStep(threshold: Exclude<VulnerabilityScan, 'off'>): BuildStep {
  const blocking = blockingSeverities(threshold);
  const scan = script([
    ...REQUIRE_COMMIT_SHA,
    SET_IMAGE,
    '# --remote scans the image in the registry, as pushed by the build step.',
    'scan="$(gcloud artifacts docker images scan "$image:$COMMIT_SHA" --remote --format=\'value(response.scan)\')"',
    'severities="$(gcloud artifacts docker images list-vulnerabilities "$scan" --format=\'value(vulnerability.effectiveSeverity)\')"',
    'for severity in CRITICAL HIGH MEDIUM LOW MINIMAL; do',
    '  echo "$severity: $(grep -cx "$severity" <<<"$severities" || true)"',
    'done',
    `if grep -Exq '${blocking.join('|')}' <<<"$severities"; then`,
    `  echo "The image has vulnerabilities of severity ${listing(blocking)}, so it is not deployed. List them with: gcloud artifacts docker images list-vulnerabilities $scan" >&2`,
    '  exit 1',
    'fi',
  ]);
  return { id: 'scan', name: CLOUD_SDK_BUILDER, script: scan };
}

/** Returns the deploy step, which fills the placeholders of service.yaml and replaces the Cloud Run service with it. */
function deployStep(): BuildStep {
  const placeholders = [...Object.values(SUBSTITUTIONS), ...BUILT_IN_PLACEHOLDERS];
  const deploy = script([
    ...REQUIRE_COMMIT_SHA,
    `rendered="$(mktemp --suffix=.yaml)"`,
    `cp ${SERVICE_YAML_PATH} "$rendered"`,
    `# Each \${NAME} in ${SERVICE_YAML_PATH} becomes the value of NAME. The values are checked first, because`,
    '# sed would read | & or \\ in them as syntax.',
    `for name in ${placeholders.join(' ')}; do`,
    '  value="${!name:-}"',
    '  if [[ -z "$value" || "$value" =~ [^A-Za-z0-9._-] ]]; then',
    `    echo "Invalid $name \\"$value\\": ${SERVICE_YAML_PATH} needs a value of letters, digits, dots, hyphens or underscores" >&2`,
    '    exit 1',
    '  fi',
    '  sed -i "s|\\${$name}|$value|g" "$rendered"',
    'done',
    '# Comment lines may name placeholders; every other line must be filled.',
    `if grep -nE '^[^#]*\\$\\{' "$rendered"; then`,
    `  echo "${SERVICE_YAML_PATH} has placeholders that the deploy step does not fill, listed above" >&2`,
    '  exit 1',
    'fi',
    `gcloud run services replace "$rendered" --region="$${SUBSTITUTIONS.region}"`,
    `gcloud run services describe "$${SUBSTITUTIONS.service}" --region="$${SUBSTITUTIONS.region}" --format='value(status.url)'`,
  ]);
  return { id: 'deploy', name: CLOUD_SDK_BUILDER, script: deploy };
}

/** Returns the build config for the answers. */
export function buildConfig(answers: Answers): Record<string, unknown> {
  const platforms = buildPlatforms(answers.arch);
  const hasRegistry = parsePrivateRegistry(answers.privateRegistry) !== undefined;
  const steps = [buildStep(platforms, hasRegistry)];
  if (answers.vulnerabilityScan !== 'off') {
    steps.push(scanStep(answers.vulnerabilityScan));
  }
  steps.push(deployStep());
  return {
    steps,
    // A release build with fat LTO takes minutes; each extra platform compiles the server again.
    timeout: `${1800 * platforms.length}s`,
    substitutions: {
      [SUBSTITUTIONS.region]: answers.region,
      [SUBSTITUTIONS.repository]: answers.artifactRepository,
      [SUBSTITUTIONS.service]: answers.serviceName,
    },
    ...(hasRegistry
      ? { availableSecrets: { secretManager: [{ versionName: `projects/$PROJECT_ID/secrets/${answers.registryTokenSecret}/versions/latest`, env: REGISTRY_TOKEN_BUILD_VARIABLE }] } }
      : {}),
    options: {
      automapSubstitutions: true,
      substitutionOption: 'ALLOW_LOOSE',
      ...(answers.buildMachineType === 'UNSPECIFIED' ? {} : { machineType: answers.buildMachineType }),
      logging: 'CLOUD_LOGGING_ONLY',
    },
  };
}

/** Adds cloudbuild.yaml and the service.yaml it deploys. */
export function addCloudRunDeployment(project: Project, answers: Answers): void {
  addServiceYaml(project, answers);
  new YamlFileWithHeader(project, CLOUDBUILD_YAML_PATH, {
    obj: buildConfig(answers),
    header: [
      'Builds the image from the Dockerfile, pushes it to Artifact Registry and deploys service.yaml to',
      'Cloud Run. Build triggers set COMMIT_SHA; from a checkout, run:',
      '  gcloud builds submit --config cloudbuild.yaml --substitutions=COMMIT_SHA=$(git rev-parse HEAD)',
      'and add _REGION=..., _REPOSITORY=... or _SERVICE=... to deploy elsewhere.',
      '',
      'The steps are scripts, which read the substitutions as environment variables',
      '(automapSubstitutions). Cloud Build does not look for substitutions inside scripts, so',
      'ALLOW_LOOSE keeps it from rejecting them as unused. CLOUD_LOGGING_ONLY lets the build run as a',
      'user-managed service account, which has no default logs bucket.',
    ],
  });
}
