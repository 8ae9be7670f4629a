/**
 * The option schema: every question the generator asks is one entry here. Prompts, command-line
 * flags, validation, `--help`, the project type's options and the docs reference derive from it.
 */

import {
  OptionError,
  validateAllowedHosts,
  validateAllowedOrigins,
  validateArtifactRepository,
  validateCloudSqlDatabase,
  validateCloudSqlInstance,
  validateCpuMemory,
  validateGcpProject,
  validateMemory,
  validateName,
  validatePrivateRegistry,
  validateRegion,
  validateScaling,
  validateSecretId,
  validateServiceAccount,
  validateServiceName,
  validateUpxBaseImage,
} from './validate.js';

/** Database engines a generated server can use. */
export const DATABASES = ['none', 'postgres', 'mysql', 'sqlite'] as const;
export type Database = (typeof DATABASES)[number];

/** CPU architectures the container image is built for. */
export const ARCHITECTURES = ['amd64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Runtime base images of the production Dockerfile. */
export const BASE_IMAGES = ['debian-slim', 'distroless', 'scratch'] as const;
export type BaseImage = (typeof BASE_IMAGES)[number];

/** CPU limits of a Cloud Run instance. Values below 1 require a concurrency of 1, so they are not offered. */
export const CPUS = ['1', '2', '4', '6', '8'] as const;
export type Cpu = (typeof CPUS)[number];

/** Machine types of a Cloud Build worker; `UNSPECIFIED` is the default pool's e2-standard-2. */
export const BUILD_MACHINE_TYPES = ['E2_HIGHCPU_8', 'E2_HIGHCPU_32', 'E2_MEDIUM', 'N1_HIGHCPU_8', 'N1_HIGHCPU_32', 'UNSPECIFIED'] as const;
export type BuildMachineType = (typeof BUILD_MACHINE_TYPES)[number];

/** Lowest vulnerability severity that fails the Cloud Build scan step, or `off` for no scan. */
export const VULNERABILITY_SCANS = ['off', 'critical', 'high', 'medium', 'low'] as const;
export type VulnerabilityScan = (typeof VULNERABILITY_SCANS)[number];

/** Resolved answers: every option has a value. */
export interface Answers {
  readonly name: string;
  readonly description: string;
  readonly database: Database;
  readonly arch: readonly Architecture[];
  readonly baseImage: BaseImage;
  readonly region: string;
  readonly gcpProject: string;
  readonly serviceName: string;
  readonly artifactRepository: string;
  readonly allowUnauthenticated: boolean;
  readonly serviceAccount: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly cpu: Cpu;
  readonly memory: string;
  readonly concurrency: number;
  readonly requestTimeout: number;
  readonly cloudSqlInstance: string;
  readonly allowedHosts: string;
  readonly allowedOrigins: string;
  readonly buildMachineType: BuildMachineType;
  readonly privateRegistry: string;
  readonly registryTokenSecret: string;
  readonly vulnerabilityScan: VulnerabilityScan;
  readonly upx: boolean;
}

/** Context for computing defaults that depend on where the generator runs. */
export interface DefaultsContext {
  /** Base name of the target directory. */
  readonly directoryName: string;
  /** Values of the options before this one in {@link OPTIONS}, for defaults that follow another option. */
  readonly resolved?: Partial<Answers>;
}

interface OptionBase<K extends keyof Answers> {
  /** Key in {@link Answers}, in `.projenrc.ts` and in presets. */
  readonly key: K;
  /** Long command-line flag, without the leading dashes. */
  readonly flag: string;
  /** One line for `--help`, prompts and the options reference. */
  readonly help: string;
  /** Question shown in interactive mode. */
  readonly message: string;
  /** Generated files whose content depends on this option. */
  readonly affects: readonly string[];
  /** Default value; a function when it depends on the context. */
  readonly defaultValue: Answers[K] | ((context: DefaultsContext) => Answers[K]);
  /** Text that `--help` shows for a default computed by a function, such as "the directory name". */
  readonly defaultHelp?: string;
  /** Tuning options that interactive mode does not ask; flags, presets and .projenrc.ts set them. */
  readonly advanced?: boolean;
}

/** A free-text option, checked by `validate`. */
export interface StringOption<K extends keyof Answers> extends OptionBase<K> {
  readonly type: 'string';
  readonly validate: (value: string) => void;
}

/** An option with one value out of a fixed list. */
export interface ChoiceOption<K extends keyof Answers> extends OptionBase<K> {
  readonly type: 'choice';
  readonly choices: readonly string[];
  /** Choices this version lists but cannot generate yet, with the reason. */
  readonly unavailable?: Readonly<Record<string, string>>;
}

/** An option with one or more values out of a fixed list, given on the command line comma-separated. */
export interface ListOption<K extends keyof Answers> extends OptionBase<K> {
  readonly type: 'list';
  readonly choices: readonly string[];
}

/** A whole number from `min` to `max`; the command line gives it as decimal digits. */
export interface IntegerOption<K extends keyof Answers> extends OptionBase<K> {
  readonly type: 'integer';
  readonly min: number;
  readonly max: number;
  /** Unit of the value for `--help` and messages, such as "seconds". */
  readonly unit?: string;
}

/** An on/off option: `--flag` turns it on and `--no-flag` off. */
export interface BooleanOption<K extends keyof Answers> extends OptionBase<K> {
  readonly type: 'boolean';
}

export type OptionSpec =
  | StringOption<'name'>
  | StringOption<'description'>
  | ChoiceOption<'database'>
  | ListOption<'arch'>
  | ChoiceOption<'baseImage'>
  | StringOption<'region'>
  | StringOption<'gcpProject'>
  | StringOption<'serviceName'>
  | StringOption<'artifactRepository'>
  | BooleanOption<'allowUnauthenticated'>
  | StringOption<'serviceAccount'>
  | IntegerOption<'minInstances'>
  | IntegerOption<'maxInstances'>
  | ChoiceOption<'cpu'>
  | StringOption<'memory'>
  | IntegerOption<'concurrency'>
  | IntegerOption<'requestTimeout'>
  | StringOption<'cloudSqlInstance'>
  | StringOption<'allowedHosts'>
  | StringOption<'allowedOrigins'>
  | ChoiceOption<'buildMachineType'>
  | StringOption<'privateRegistry'>
  | StringOption<'registryTokenSecret'>
  | ChoiceOption<'vulnerabilityScan'>
  | BooleanOption<'upx'>;

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: 'name',
    type: 'string',
    flag: 'name',
    help: 'Name of the crate, binary, container image and Cloud Run service.',
    message: 'Server name',
    affects: ['Cargo.toml', 'README.md', 'Dockerfile', 'Dockerfile.dev', 'docker-compose.yml', 'cloudbuild.yaml', 'src/main.rs', 'tests/http.rs'],
    defaultValue: (context) => context.directoryName,
    defaultHelp: 'the directory name',
    validate: validateName,
  },
  {
    key: 'description',
    type: 'string',
    flag: 'description',
    help: 'One-line description, used in Cargo.toml and the server instructions.',
    message: 'Description',
    affects: ['Cargo.toml', 'README.md', 'Dockerfile', 'src/main.rs'],
    defaultValue: 'An MCP server.',
    validate: validateDescription,
  },
  {
    key: 'database',
    type: 'choice',
    flag: 'database',
    help: 'Database the server uses through sqlx.',
    message: 'Database',
    affects: ['Cargo.toml', 'README.md', 'docker-compose.yml', 'service.yaml'],
    defaultValue: 'none',
    choices: DATABASES,
  },
  {
    key: 'arch',
    type: 'list',
    flag: 'arch',
    help: 'CPU architectures of the container image, comma-separated.',
    message: 'Target architectures',
    affects: ['Dockerfile', 'cloudbuild.yaml'],
    defaultValue: ['amd64'],
    choices: ARCHITECTURES,
  },
  {
    key: 'baseImage',
    type: 'choice',
    flag: 'base-image',
    help: 'Runtime base image of the production container.',
    message: 'Base image',
    affects: ['Dockerfile'],
    defaultValue: 'distroless',
    choices: BASE_IMAGES,
  },
  {
    key: 'region',
    type: 'string',
    flag: 'region',
    help: 'Cloud Run region, such as us-central1.',
    message: 'Cloud Run region',
    affects: ['cloudbuild.yaml'],
    defaultValue: 'us-central1',
    validate: validateRegion,
  },
  {
    key: 'gcpProject',
    type: 'string',
    flag: 'gcp-project',
    help: 'GCP project ID to deploy to; empty leaves it to the deploy command.',
    message: 'GCP project ID (empty to set it at deploy time)',
    affects: ['.projenrc.ts'],
    defaultValue: '',
    validate: validateGcpProject,
  },
  {
    key: 'serviceName',
    advanced: true,
    type: 'string',
    flag: 'service-name',
    help: 'Cloud Run service name, also the container image name.',
    message: 'Cloud Run service name',
    affects: ['cloudbuild.yaml'],
    defaultValue: (context) => context.resolved?.name ?? context.directoryName,
    defaultHelp: 'the server name',
    validate: validateServiceName,
  },
  {
    key: 'artifactRepository',
    advanced: true,
    type: 'string',
    flag: 'artifact-repository',
    help: 'Artifact Registry Docker repository, in the Cloud Run region, that receives the image.',
    message: 'Artifact Registry repository',
    affects: ['cloudbuild.yaml'],
    defaultValue: 'mcp-servers',
    validate: validateArtifactRepository,
  },
  {
    key: 'allowUnauthenticated',
    type: 'boolean',
    flag: 'allow-unauthenticated',
    help: 'Let anyone call the service; without it, callers need the Cloud Run Invoker role and an identity token.',
    message: 'Allow unauthenticated (public) access?',
    affects: ['service.yaml'],
    defaultValue: false,
  },
  {
    key: 'serviceAccount',
    advanced: true,
    type: 'string',
    flag: 'service-account',
    help: 'E-mail of the service account the service runs as; empty uses the Compute Engine default account.',
    message: 'Runtime service account e-mail (empty for the default)',
    affects: ['service.yaml'],
    defaultValue: '',
    validate: validateServiceAccount,
  },
  {
    key: 'minInstances',
    advanced: true,
    type: 'integer',
    flag: 'min-instances',
    help: 'Instances kept running when idle; 0 scales to zero.',
    message: 'Minimum instances',
    affects: ['service.yaml'],
    defaultValue: 0,
    min: 0,
    max: 1000,
  },
  {
    key: 'maxInstances',
    advanced: true,
    type: 'integer',
    flag: 'max-instances',
    help: 'Most instances Cloud Run starts under load.',
    message: 'Maximum instances',
    affects: ['service.yaml'],
    defaultValue: 10,
    min: 1,
    max: 1000,
  },
  {
    key: 'cpu',
    advanced: true,
    type: 'choice',
    flag: 'cpu',
    help: 'vCPUs of each instance.',
    message: 'CPU limit (vCPUs)',
    affects: ['service.yaml'],
    defaultValue: '1',
    choices: CPUS,
  },
  {
    key: 'memory',
    advanced: true,
    type: 'string',
    flag: 'memory',
    help: 'Memory limit of each instance, such as 512Mi or 2Gi; Cloud Run bounds it by the CPU limit.',
    message: 'Memory limit',
    affects: ['service.yaml'],
    defaultValue: '512Mi',
    validate: validateMemory,
  },
  {
    key: 'concurrency',
    advanced: true,
    type: 'integer',
    flag: 'concurrency',
    help: 'Most requests one instance serves at the same time.',
    message: 'Maximum concurrent requests per instance',
    affects: ['service.yaml'],
    defaultValue: 80,
    min: 1,
    max: 1000,
  },
  {
    key: 'requestTimeout',
    advanced: true,
    type: 'integer',
    flag: 'request-timeout',
    help: 'Time a request may take before Cloud Run ends it.',
    message: 'Request timeout (seconds)',
    affects: ['service.yaml'],
    defaultValue: 300,
    min: 1,
    max: 3600,
    unit: 'seconds',
  },
  {
    key: 'cloudSqlInstance',
    advanced: true,
    type: 'string',
    flag: 'cloud-sql-instance',
    help: 'Cloud SQL connection name PROJECT:REGION:INSTANCE mounted at /cloudsql; only with --database postgres or mysql.',
    message: 'Cloud SQL connection name (empty for none)',
    affects: ['service.yaml'],
    defaultValue: '',
    validate: validateCloudSqlInstance,
  },
  {
    key: 'allowedHosts',
    advanced: true,
    type: 'string',
    flag: 'allowed-hosts',
    help: 'Host names the MCP endpoint accepts besides the service URL SERVICE-PROJECT_NUMBER.REGION.run.app, comma-separated, such as a custom domain.',
    message: 'Extra allowed Host names (empty for none)',
    affects: ['service.yaml'],
    defaultValue: '',
    validate: validateAllowedHosts,
  },
  {
    key: 'allowedOrigins',
    advanced: true,
    type: 'string',
    flag: 'allowed-origins',
    help: 'Browser origins the MCP endpoint accepts, comma-separated, such as https://app.example.com. A request with any other Origin header gets 403. Clients outside a browser send none.',
    message: 'Allowed browser origins (empty for none)',
    affects: ['service.yaml'],
    defaultValue: '',
    validate: validateAllowedOrigins,
  },
  {
    key: 'buildMachineType',
    advanced: true,
    type: 'choice',
    flag: 'build-machine-type',
    help: 'Cloud Build machine type; Rust release builds are CPU-bound, so the default has 8 vCPUs.',
    message: 'Cloud Build machine type',
    affects: ['cloudbuild.yaml'],
    defaultValue: 'E2_HIGHCPU_8',
    choices: BUILD_MACHINE_TYPES,
  },
  {
    key: 'privateRegistry',
    type: 'string',
    flag: 'private-registry',
    help: 'Private cargo registry the crate pulls from, as NAME=sparse+https://HOST/PATH/; the image build reads its token from a build secret.',
    message: 'Private cargo registry as NAME=sparse+https://HOST/PATH/ (empty for none)',
    affects: ['.cargo/config.toml', 'Dockerfile', 'docker-compose.yml', 'cloudbuild.yaml', '.github/workflows/ci.yml', 'deny.toml', 'README.md'],
    defaultValue: '',
    validate: validatePrivateRegistry,
  },
  {
    key: 'registryTokenSecret',
    advanced: true,
    type: 'string',
    flag: 'registry-token-secret',
    help: 'Secret Manager secret, in the GCP project, that contains the private registry token for Cloud Build; set it only with privateRegistry.',
    message: 'Secret Manager secret of the registry token',
    affects: ['cloudbuild.yaml'],
    defaultValue: 'cargo-registry-token',
    validate: validateSecretId,
  },
  {
    key: 'vulnerabilityScan',
    type: 'choice',
    flag: 'vulnerability-scan',
    help: 'Scan the pushed image with Artifact Registry On-Demand Scanning and fail the build on a vulnerability of this severity or higher; off skips the scan.',
    message: 'Fail the build on image vulnerabilities of at least this severity',
    affects: ['cloudbuild.yaml'],
    defaultValue: 'off',
    choices: VULNERABILITY_SCANS,
  },
  {
    key: 'upx',
    advanced: true,
    type: 'boolean',
    flag: 'upx',
    help: 'Compress the binary of the scratch image with UPX: a smaller image for a slower start; scratch only.',
    message: 'Compress the binary with UPX?',
    affects: ['Dockerfile'],
    defaultValue: false,
  },
];

/** Rules between options, checked after each value passed its own check. Each throws {@link OptionError}. */
export const COMBINATION_RULES: ReadonlyArray<(answers: Answers) => void> = [
  (answers) => validateScaling(answers.minInstances, answers.maxInstances),
  (answers) => validateCpuMemory(answers.cpu, answers.memory),
  (answers) => validateCloudSqlDatabase(answers.database, answers.cloudSqlInstance),
  (answers) => validateUpxBaseImage(answers.upx, answers.baseImage),
];

/** Returns the schema entry of `key`. */
export function optionSpec(key: keyof Answers): OptionSpec {
  const spec = OPTIONS.find((candidate) => candidate.key === key);
  if (spec === undefined) {
    throw new Error(`No option ${key} in the schema`);
  }
  return spec;
}

/** Returns the default of `spec` in `context`. */
export function defaultOf(spec: OptionSpec, context: DefaultsContext): Answers[keyof Answers] {
  return typeof spec.defaultValue === 'function' ? spec.defaultValue(context) : spec.defaultValue;
}

/** Checks one value against its option and returns it in its resolved type. Throws {@link OptionError}. */
export function checkValue(spec: OptionSpec, value: unknown): Answers[keyof Answers] {
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') {
        throw new OptionError(spec.flag, value, 'it must be a string', `pass --${spec.flag} <text>`);
      }
      spec.validate(value);
      return value;
    }

    case 'choice': {
      if (typeof value !== 'string' || !spec.choices.includes(value)) {
        throw new OptionError(
          spec.flag,
          value,
          `it is not one of ${spec.choices.join(', ')}`,
          `use one of: ${spec.choices.map((choice) => `--${spec.flag} ${choice}`).join(', ')}`,
        );
      }
      const reason = spec.unavailable?.[value];
      if (reason !== undefined) {
        const available = spec.choices.filter((choice) => spec.unavailable?.[choice] === undefined);
        throw new OptionError(spec.flag, value, reason, `use ${available.map((choice) => `--${spec.flag} ${choice}`).join(' or ')}`);
      }
      return value;
    }

    case 'integer': {
      const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value.trim()) : value;
      const range = `from ${spec.min} to ${spec.max}${spec.unit === undefined ? '' : ` ${spec.unit}`}`;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        throw new OptionError(spec.flag, value, `it is not a whole number ${range}`, `pass --${spec.flag} ${String(spec.defaultValue)}`);
      }
      if (number < spec.min || number > spec.max) {
        throw new OptionError(spec.flag, value, `it is outside the range ${range}`, `pass a number ${range}`);
      }
      return number;
    }

    case 'boolean': {
      if (value === true || value === 'true') {
        return true;
      }
      if (value === false || value === 'false') {
        return false;
      }
      throw new OptionError(spec.flag, value, 'it is neither true nor false', `pass --${spec.flag} or --no-${spec.flag}`);
    }

    case 'list': {
      const items = typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
      if (!Array.isArray(items) || items.length === 0 || items.some((item) => item === '')) {
        throw new OptionError(spec.flag, value, 'it must list at least one value', `pass --${spec.flag} ${spec.choices[0]}`);
      }
      for (const item of items) {
        if (typeof item !== 'string' || !spec.choices.includes(item)) {
          throw new OptionError(spec.flag, item, `it is not one of ${spec.choices.join(', ')}`, `pass a comma-separated list such as --${spec.flag} ${spec.choices.join(',')}`);
        }
      }
      const unique = [...new Set(items as string[])].sort((a, b) => spec.choices.indexOf(a) - spec.choices.indexOf(b));
      return unique as Architecture[];
    }
  }
}

/**
 * Resolves partial answers: fills defaults, checks every value and the {@link COMBINATION_RULES},
 * and returns the complete set. Throws {@link OptionError} on the first invalid value, on a broken
 * rule and on unknown keys.
 */
export function resolveAnswers(given: Readonly<Record<string, unknown>>, context: DefaultsContext): Answers {
  const known = new Set<string>(OPTIONS.map((spec) => spec.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key) && key !== 'outdir') {
      throw new OptionError(key, given[key], 'it is not a known option', `use one of: ${[...known].join(', ')}`);
    }
  }

  const resolved: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    const value = given[spec.key] === undefined ? defaultOf(spec, { ...context, resolved: resolved as Partial<Answers> }) : given[spec.key];
    resolved[spec.key] = checkValue(spec, value);
  }

  const answers = resolved as unknown as Answers;
  for (const rule of COMBINATION_RULES) {
    rule(answers);
  }
  return answers;
}

function validateDescription(value: string): void {
  if (value.trim() === '') {
    throw new OptionError('description', value, 'it is empty', 'pass a one-line description');
  }
  if (/[\r\n]/.test(value)) {
    throw new OptionError('description', value, 'it spans several lines', 'pass a single line');
  }
  if (value.length > 200) {
    throw new OptionError('description', value, `it has ${value.length} characters, more than 200`, 'shorten it');
  }
}

/** Words that follow a flag in messages without being its value, as in "raise --max-instances or ...". */
const NOT_A_VALUE = new Set(['or', 'and', 'is', 'to', 'out', 'for', 'in', 'with', 'at', 'of']);

/** Writes a flag's value from a message as a TypeScript literal of the option's type. */
function optionLiteral(spec: OptionSpec, value: string): string {
  switch (spec.type) {
    case 'integer':
      return /^-?[0-9]+$/.test(value) ? value : JSON.stringify(value);
    case 'list':
      return `[${value.split(',').map((item) => JSON.stringify(item)).join(', ')}]`;
    default:
      return JSON.stringify(value);
  }
}

/**
 * Rewords command-line flags in a message as `.projenrc.ts` options: `pass --min-instances 2` reads
 * `set minInstances: 2`, and `--no-upx` reads `upx: false`.
 */
export function toOptionWording(text: string): string {
  const byFlag = new Map<string, OptionSpec>(OPTIONS.map((spec) => [spec.flag, spec]));
  const renamed = text.replace(/--(no-)?([a-z][a-z0-9-]*)(?: ([^\s;]+))?/g, (match, negated: string | undefined, flag: string, token: string | undefined) => {
    const spec = byFlag.get(flag);
    if (spec === undefined) {
      return match;
    }
    if (spec.type === 'boolean') {
      return `${spec.key}: ${negated === undefined ? 'true' : 'false'}${token === undefined ? '' : ` ${token}`}`;
    }
    if (token === undefined || NOT_A_VALUE.has(token)) {
      return token === undefined ? spec.key : `${spec.key} ${token}`;
    }
    const trailing = /[,.)]+$/.exec(token)?.[0] ?? '';
    return `${spec.key}: ${optionLiteral(spec, token.slice(0, token.length - trailing.length))}${trailing}`;
  });
  return renamed.replace(/\bpass (?=[a-z][A-Za-z]*: )/g, 'set ').replace('pass a comma-separated list such as ', 'set a list such as ');
}

/**
 * Returns the message of an invalid option in `.projenrc.ts`: the option by its key, the value,
 * the reason and the fix, worded for that file rather than for the command line.
 */
export function projenrcErrorMessage(error: OptionError): string {
  const spec = OPTIONS.find((candidate) => candidate.flag === error.option);
  const option = spec?.key ?? error.option;
  return `Invalid ${option} ${JSON.stringify(error.value)} in .projenrc.ts: ${toOptionWording(error.reason)}. To fix it, ${toOptionWording(error.fix)}, then run npx projen again.`;
}
