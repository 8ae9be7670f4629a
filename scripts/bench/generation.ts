/**
 * Generation and re-synthesis times: `create-rust-mcp --yes --no-install`, and `npx projen` in a
 * generated repository next to a stock projen TypeScript project synthesized in the same run.
 */

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT, WORK_DIR } from '../../test/support/helpers.js';
import { formatMilliseconds, median, sample, timeCommand } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Creates a stock projen TypeScript project with `projen new typescript` once, and reuses it after. */
function stockProject(directory: string): string {
  if (!existsSync(join(directory, 'node_modules', '.bin', 'ts-node'))) {
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    // Without CI set: projen installs with `npm ci` under CI, which needs a lockfile the new project lacks.
    timeCommand('npx', ['--yes', 'projen@0.103.25', 'new', 'typescript', '--no-git'], directory, { CI: '' });
  }
  return directory;
}

export async function run(): Promise<string> {
  const root = join(WORK_DIR, 'bench', 'generation');
  mkdirSync(root, { recursive: true });
  const cli = join(REPO_ROOT, 'bin', 'create-rust-mcp.js');

  const generation = sample(RUNS, (index) => {
    const target = join(root, `gen-${index}`);
    rmSync(target, { recursive: true, force: true });
    return timeCommand(process.execPath, [cli, target, '--yes', '--no-install', '--quiet'], root, { CI: 'true' });
  });

  const synced = join(root, 'synced-server');
  if (!existsSync(join(synced, 'node_modules'))) {
    rmSync(synced, { recursive: true, force: true });
    timeCommand(process.execPath, [cli, synced, '--yes', '--quiet'], root, { CI: 'true' });
  }
  const stock = stockProject(join(root, 'stock-typescript'));
  // Both warm once, so the first sample does not pay for a cold file cache.
  timeCommand('npx', ['projen'], synced);
  timeCommand('npx', ['projen'], stock);
  const resynthesis: number[] = [];
  const stockSynthesis: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    resynthesis.push(timeCommand('npx', ['projen'], synced));
    stockSynthesis.push(timeCommand('npx', ['projen'], stock));
  }

  const generationMedian = median(generation);
  const resynthesisMedian = median(resynthesis);
  const stockMedian = median(stockSynthesis);
  return `## Generation and re-synthesis

Median of ${RUNS} runs each; the two synthesis commands alternate, so both see the same machine load.

| Measurement | Command | Median | Target |
| --- | --- | --- | --- |
| Generation, no npm install | \`create-rust-mcp DIR --yes --no-install\` | ${formatMilliseconds(generationMedian)} | ≤ 1 s |
| Re-synthesis of a generated repo | \`npx projen\` | ${formatMilliseconds(resynthesisMedian)} | ≤ 1 s and ≤ half the stock time |
| Stock projen TypeScript project (peer) | \`npx projen\` after \`projen new typescript\` | ${formatMilliseconds(stockMedian)} | — |

Re-synthesis takes ${(resynthesisMedian / stockMedian).toFixed(2)} × the stock project's time. The generated
repository runs \`.projenrc.ts\` with tsx's loader inside node (\`node --import tsx\`), which does not
type-check. The stock project runs it with ts-node, which does.
`;
}
