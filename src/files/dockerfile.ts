/**
 * Dockerfile, managed: the production image of the server, one layout per `baseImage`. Every choice
 * is made here and handed to templates/docker/Dockerfile.ejs as plain values.
 */

import type { Architecture, Answers, BaseImage } from '../options.js';
import * as output from '../output.js';
import type { RustMcpProject } from '../project.js';
import { parsePrivateRegistry, registryTokenVariable } from '../validate.js';
import { RUST_VERSION } from './cargo-toml.js';
import { CARGO_CONFIG_PATH, CONTAINER_PORT, DEFAULT_RUST_LOG, DOCKERFILE_PATH, REGISTRY_TOKEN_SECRET_ID } from './conventions.js';
import { ManagedTemplate } from './managed-template.js';

/**
 * Debian release of the builder and of every runtime image. They must match, because a binary
 * linked against a newer glibc fails to start on an older one.
 */
export const DEBIAN_RELEASE = { codename: 'bookworm', version: '12' } as const;

/** cargo-chef release the builder installs from crates.io. */
export const CARGO_CHEF_VERSION = '0.1.78';

/** Builder image; `${RUST_VERSION}` is the Dockerfile's build argument, filled in by the build. */
export const BUILDER_IMAGE = `docker.io/library/rust:\${RUST_VERSION}-slim-${DEBIAN_RELEASE.codename}`;

/** Runtime base image of each `baseImage` choice, and the C library its binary links. */
export const RUNTIME_IMAGES: Readonly<Record<BaseImage, { readonly image: string; readonly libc: 'gnu' | 'musl' }>> = {
  'debian-slim': { image: `docker.io/library/debian:${DEBIAN_RELEASE.codename}-slim`, libc: 'gnu' },
  distroless: { image: `gcr.io/distroless/cc-debian${DEBIAN_RELEASE.version}:nonroot`, libc: 'gnu' },
  scratch: { image: 'scratch', libc: 'musl' },
};

/** The `nonroot` user of the distroless images; the other images create the same user, so files keep one owner whatever the base. */
export const RUNTIME_USER = { name: 'nonroot', uid: 65532 } as const;

/** Architecture that Cloud Run runs: every image manifest includes it. */
export const CLOUD_RUN_ARCHITECTURE: Architecture = 'amd64';

/** Rust target architecture and Debian C cross toolchain of each image architecture. */
export const ARCHITECTURE_TOOLCHAINS: Readonly<Record<Architecture, { readonly rustArch: string; readonly gccTriple: string; readonly gccPackage: string; readonly libcPackage: string }>> = {
  amd64: { rustArch: 'x86_64', gccTriple: 'x86_64-linux-gnu', gccPackage: 'gcc-x86-64-linux-gnu', libcPackage: 'libc6-dev-amd64-cross' },
  arm64: { rustArch: 'aarch64', gccTriple: 'aarch64-linux-gnu', gccPackage: 'gcc-aarch64-linux-gnu', libcPackage: 'libc6-dev-arm64-cross' },
};

/**
 * Cargo flags of both `cargo chef cook` and `cargo build`. cargo-chef reuses the cooked dependencies
 * only when both use the same profile, target and features, so the template inserts this one string twice.
 */
export const CARGO_BUILD_FLAGS = '--profile "$CARGO_PROFILE" --target "$(cat /rust-target)" --no-default-features --features "$CARGO_FEATURES"';

/** Architectures of the image manifest, and whether amd64 was added because Cloud Run needs it. */
export interface ImagePlatforms {
  readonly architectures: readonly Architecture[];
  readonly addedCloudRunArchitecture: boolean;
}

/** Returns the architectures to build: the chosen ones, plus amd64 when they lack it. */
export function imagePlatforms(chosen: readonly Architecture[]): ImagePlatforms {
  if (chosen.includes(CLOUD_RUN_ARCHITECTURE)) {
    return { architectures: [...chosen], addedCloudRunArchitecture: false };
  }
  return { architectures: [CLOUD_RUN_ARCHITECTURE, ...chosen], addedCloudRunArchitecture: true };
}

/** Quotes a value for a Dockerfile LABEL: backslash, double quote and `$` (variable expansion) are escaped. */
export function dockerfileString(value: string): string {
  return `"${value.replace(/[\\"$]/g, (character) => `\\${character}`)}"`;
}

/** Debian suite the builder installs UPX from: bookworm itself has no upx-ucl package. */
export const UPX_SUITE = 'bookworm-backports';

/** Returns the plain values that templates/docker/Dockerfile.ejs renders. */
export function dockerfileValues(answers: Answers): Record<string, unknown> {
  const runtime = RUNTIME_IMAGES[answers.baseImage];
  const libcIsBuildArgument = answers.baseImage === 'scratch';
  const { architectures } = imagePlatforms(answers.arch);

  // Linker and C compiler of every target the build may select; a target other than the
  // builder's own uses them through the cross toolchain installed for it.
  const libcs = libcIsBuildArgument ? ['gnu', 'musl'] : [runtime.libc];
  const crossEnvironment: Array<[string, string]> = [];
  for (const architecture of architectures) {
    const toolchain = ARCHITECTURE_TOOLCHAINS[architecture];
    for (const libc of libcs) {
      const target = `${toolchain.rustArch}-unknown-linux-${libc}`;
      crossEnvironment.push([`CARGO_TARGET_${target.toUpperCase().replace(/-/g, '_')}_LINKER`, `${toolchain.gccTriple}-gcc`]);
      crossEnvironment.push([`CC_${target.replace(/-/g, '_')}`, `${toolchain.gccTriple}-gcc`]);
    }
  }

  const binaryPath = `/usr/local/bin/${answers.name}`;
  const registry = parsePrivateRegistry(answers.privateRegistry);
  return {
    name: answers.name,
    title: dockerfileString(answers.name),
    description: dockerfileString(answers.description),
    platforms: architectures.map((architecture) => `linux/${architecture}`).join(','),
    rustVersion: RUST_VERSION,
    cargoChefVersion: CARGO_CHEF_VERSION,
    debianCodename: DEBIAN_RELEASE.codename,
    builderImage: BUILDER_IMAGE,
    runtimeImage: runtime.image,
    isDebianSlim: answers.baseImage === 'debian-slim',
    isDistroless: answers.baseImage === 'distroless',
    isScratch: answers.baseImage === 'scratch',
    libcIsBuildArgument,
    defaultLibc: runtime.libc,
    targetLibc: libcIsBuildArgument ? '${RUST_LIBC}' : runtime.libc,
    architectures: architectures.map((architecture) => ({ architecture, ...ARCHITECTURE_TOOLCHAINS[architecture] })),
    crossEnvironment,
    cargoFlags: CARGO_BUILD_FLAGS,
    binaryPath,
    healthcheckCommand: JSON.stringify([binaryPath, 'healthcheck']).replace(/,/g, ', '),
    entrypoint: JSON.stringify([binaryPath]),
    userName: RUNTIME_USER.name,
    uid: RUNTIME_USER.uid,
    port: CONTAINER_PORT,
    rustLog: DEFAULT_RUST_LOG,
    registry: registry === undefined ? undefined : registrySecretValues(registry.name),
    upx: answers.upx,
    upxSuite: UPX_SUITE,
  };
}

/**
 * Returns the Dockerfile lines that hand the private registry's token to cargo. They are the secret
 * mount, a check that fails with a clear message when the build has no such secret, and the
 * variable that cargo reads, set for that one cargo command.
 */
function registrySecretValues(registryName: string): Record<string, string> {
  const secretPath = `/run/secrets/${REGISTRY_TOKEN_SECRET_ID}`;
  const tokenVariable = registryTokenVariable(registryName);
  const message = `Missing build secret ${REGISTRY_TOKEN_SECRET_ID}: pass the token of the cargo registry ${registryName} with --secret id=${REGISTRY_TOKEN_SECRET_ID},src=FILE`;
  return {
    name: registryName,
    secretId: REGISTRY_TOKEN_SECRET_ID,
    configPath: CARGO_CONFIG_PATH,
    tokenVariable,
    mount: `--mount=type=secret,id=${REGISTRY_TOKEN_SECRET_ID}`,
    loadToken: `{ [ -s ${secretPath} ] || { echo "${message}" >&2; exit 1; }; }`,
    tokenAssignment: `${tokenVariable}="$(cat ${secretPath})"`,
  };
}

/** Adds the managed Dockerfile; warns when amd64 is added to an arm64-only choice. */
export function addDockerfile(project: RustMcpProject, answers: Answers): ManagedTemplate {
  if (imagePlatforms(answers.arch).addedCloudRunArchitecture) {
    output.warn(`arch lists ${answers.arch.join(', ')} only, but Cloud Run runs linux/amd64 only, so the Dockerfile builds linux/amd64 too; add "amd64" to arch in .projenrc.ts to make this explicit`);
  }
  return new ManagedTemplate(project, DOCKERFILE_PATH, { template: 'docker/Dockerfile.ejs', values: dockerfileValues(answers) });
}
