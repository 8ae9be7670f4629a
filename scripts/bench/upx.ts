/**
 * UPX for the scratch image: image and binary sizes with and without it, and the cold start of each
 * binary. Both images come from the same generated server (the UPX one with `--upx`) and are built
 * one after the other, so the UPX build reuses every layer up to its own stage. The binaries are
 * copied out of the images and started on this machine, alternating, to share its load.
 */

import { copyFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, REPO_ROOT, runChecked, runCli, WORK_DIR } from '../../test/support/helpers.js';
import { buildImage, ensureBaseImages, inspectImage, readFromImage } from '../../test/support/images.js';
import { coldStart, formatBytes, formatMilliseconds, median } from './measure.js';

const START_RUNS = Number(process.env.BENCH_UPX_START_RUNS ?? 20);

interface Variant {
  readonly label: string;
  readonly flags: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  { label: 'scratch', flags: [] },
  { label: 'scratch with UPX', flags: ['--upx'] },
];

export async function run(): Promise<string> {
  const root = join(WORK_DIR, 'bench', 'upx');
  rmSync(root, { recursive: true, force: true });
  const rustVersion = ensureBaseImages('scratch');
  const buildArgs = { RUST_VERSION: rustVersion, RUST_LIBC: 'gnu', RUSTFLAGS: '-C target-feature=+crt-static' };

  const built = VARIANTS.map((variant, index) => {
    console.error(`  ${variant.label}...`);
    const project = join(root, `variant-${index}`, 'upx-bench');
    const created = runCli([project, '--yes', '--no-install', '--quiet', '--base-image', 'scratch', ...variant.flags], REPO_ROOT);
    if (created.status !== 0) {
      throw new Error(created.stderr);
    }
    // The same Cargo.lock in both, so both compile the same dependency versions.
    if (index === 0) {
      runChecked('cargo', ['generate-lockfile'], project);
    } else {
      copyFileSync(join(root, 'variant-0', 'upx-bench', 'Cargo.lock'), join(project, 'Cargo.lock'));
    }
    const tag = `localhost/create-rust-mcp-bench:upx-${index}`;
    buildImage({ context: project, tag, buildArgs });
    // Copied out of the image, so it starts on this machine like any binary.
    const binary = join(root, `upx-bench-${index}`);
    writeFileSync(binary, readFromImage(tag, '/usr/local/bin/upx-bench'), { mode: 0o755 });
    return { variant, imageSize: inspectImage(tag).size, binarySize: statSync(binary).size, binary, starts: [] as number[] };
  });

  for (let run = 0; run < START_RUNS; run++) {
    for (const entry of built) {
      const port = await freePort();
      const { milliseconds, child } = await coldStart(entry.binary, ['http'], { BIND_ADDRESS: `127.0.0.1:${port}`, RUST_LOG: 'warn' }, port);
      entry.starts.push(milliseconds);
      child.kill('SIGTERM');
      await new Promise((resolveExit) => child.once('exit', resolveExit));
    }
  }

  const [plain, packed] = built;
  const rows = built.map((entry) => `| ${entry.variant.label} | ${formatBytes(entry.binarySize)} | ${formatBytes(entry.imageSize)} (${(entry.imageSize / 1e6).toFixed(1)} MB) | ${formatMilliseconds(median(entry.starts))} |`);
  const startRatio = median(packed.starts) / median(plain.starts);
  const sizeRatio = packed.imageSize / plain.imageSize;

  return `## UPX for the scratch image

The default server generated with \`--base-image scratch\` and with \`--base-image scratch --upx\`,
built for linux/amd64 with glibc linked statically (\`RUST_LIBC=gnu\`) by buildah as in the section
above. The binary of each image is copied out and started on this machine with \`http\`, alternating
between the two; **cold start** is the median of ${START_RUNS} runs from spawning the process to its
first \`tools/list\` answer over HTTP. UPX is Debian's \`upx-ucl\` from bookworm-backports, run with
\`--best --lzma\`.

| Image | Binary | Image size | Cold start |
| --- | --- | --- | --- |
${rows.join('\n')}

With UPX, the image is ${(sizeRatio * 100).toFixed(0)} % of the plain scratch image, and a cold start takes
${startRatio.toFixed(1)} × as long: the binary decompresses itself into memory at every start.
`;
}
