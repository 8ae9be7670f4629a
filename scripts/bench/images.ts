/**
 * Container images of the default server, one per base image: uncompressed size, cold build time,
 * and rebuild time after a one-line change in src/ with the layers cached. Built with buildah from
 * the local base images that the tests assemble (test/support/images.ts).
 */

import { appendFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { RUNTIME_IMAGES } from '../../src/files/dockerfile.js';
import type { BaseImage } from '../../src/options.js';
import { REPO_ROOT, runCli, runChecked, WORK_DIR } from '../../test/support/helpers.js';
import { buildImage, ensureBaseImages, inspectImage, STORAGE_DRIVER } from '../../test/support/images.js';
import { formatBytes, formatMilliseconds, median, sample } from './measure.js';

/** Cold builds compile every dependency, about two minutes each on 2 cores, so one is the default. */
const COLD_RUNS = Number(process.env.BENCH_IMAGE_COLD_RUNS ?? 1);
const REBUILD_RUNS = Number(process.env.BENCH_IMAGE_REBUILD_RUNS ?? 3);

interface Variant {
  readonly baseImage: BaseImage;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Size target, in decimal megabytes. */
  readonly targetMegabytes: number;
}

const VARIANTS: readonly Variant[] = [
  { baseImage: 'scratch', buildArgs: { RUST_LIBC: 'gnu', RUSTFLAGS: '-C target-feature=+crt-static' }, targetMegabytes: 8 },
  { baseImage: 'distroless', buildArgs: {}, targetMegabytes: 30 },
  { baseImage: 'debian-slim', buildArgs: {}, targetMegabytes: 90 },
];

interface Row {
  readonly variant: Variant;
  readonly size: number;
  readonly cold: readonly number[];
  readonly rebuilds: readonly number[];
}

function measure(variant: Variant): Row {
  const root = join(WORK_DIR, 'bench', 'images', variant.baseImage);
  const project = join(root, 'bench-server');
  rmSync(root, { recursive: true, force: true });
  const created = runCli([project, '--yes', '--no-install', '--quiet', '--base-image', variant.baseImage], REPO_ROOT);
  if (created.status !== 0) {
    throw new Error(created.stderr);
  }

  // A repository commits Cargo.lock; without it, every build would resolve the versions again.
  runChecked('cargo', ['generate-lockfile'], project);

  const tag = `localhost/create-rust-mcp-bench:${variant.baseImage}`;
  const buildArgs = { RUST_VERSION: ensureBaseImages(variant.baseImage), ...variant.buildArgs };
  const cold = sample(COLD_RUNS, () => buildImage({ context: project, tag, buildArgs, noCache: true }).seconds * 1000);
  const size = inspectImage(tag).size;

  const main = join(project, 'src', 'main.rs');
  chmodSync(main, 0o644);
  const rebuilds = sample(REBUILD_RUNS, (run) => {
    // The line names the base image, so no variant reuses the build layer of another.
    appendFileSync(main, `// Benchmark rebuild ${run + 1} of the ${variant.baseImage} image.\n`);
    return buildImage({ context: project, tag, buildArgs }).seconds * 1000;
  });
  return { variant, size, cold, rebuilds };
}

export async function run(): Promise<string> {
  const rows = VARIANTS.map((variant) => {
    console.error(`  ${variant.baseImage}...`);
    return measure(variant);
  });
  const buildah = runChecked('buildah', ['--version'], REPO_ROOT).stdout.trim();

  const lines = rows.map(({ variant, size, cold, rebuilds }) => {
    const ratio = (100 * median(rebuilds)) / median(cold);
    const runtime = RUNTIME_IMAGES[variant.baseImage].image;
    return `| ${variant.baseImage} (\`${runtime}\`) | ${formatBytes(size)} (${(size / 1e6).toFixed(1)} MB) | ≤ ${variant.targetMegabytes} MB | ${formatMilliseconds(median(cold))} | ${formatMilliseconds(median(rebuilds))} | ${ratio.toFixed(0)} % |`;
  });

  return `## Container images

The default server (\`--yes\` with each \`--base-image\`, plus the \`Cargo.lock\` of
\`cargo generate-lockfile\`), built for linux/amd64 by ${buildah} with the ${STORAGE_DRIVER} storage
driver:

\`\`\`sh
buildah bud --isolation chroot --pull=never --layers --format docker --platform linux/amd64 \\
  --build-arg RUST_VERSION=<this machine's rustc> [--no-cache] --tag IMAGE .
\`\`\`

- **Size**: the sum of the image's uncompressed layers, base image included.
- **Cold build**: \`--no-cache\`, every stage rebuilt with the base images present and the crates
  already in the registry cache mount; median of ${COLD_RUNS} run(s), because each compiles every
  dependency.
- **Rebuild**: after appending one comment line to \`src/main.rs\`, with the cached layers, so the
  dependency layer that cargo-chef cooked is reused and only the crate compiles; median of ${REBUILD_RUNS} runs.
  The \`release\` profile links with fat LTO, so a rebuild still runs the link-time optimization of the
  whole program.

| Base image | Size | Target | Cold build | Rebuild | Rebuild / cold (target ≤ 30 %) |
| --- | --- | --- | --- | --- | --- |
${lines.join('\n')}

The base images are local stand-ins that test/support/images.ts assembles from Debian packages and
this machine's Rust toolchain, because no container registry is reachable here: debian-slim from a
minbase debootstrap without documentation, distroless from the packages of distroless cc. The
builder has cargo-chef preinstalled, so no build here compiles it. The scratch image links glibc
statically (\`RUST_LIBC=gnu\`, \`RUSTFLAGS="-C target-feature=+crt-static"\`), because the musl target
that users get by default cannot be installed on this machine.
`;
}
