/**
 * Writes docs/benchmarks.md. Each section is a module under scripts/bench/ with a `run()` that
 * returns Markdown; name sections as arguments to run only those, as in `tsx scripts/benchmark.ts server`.
 * Sections not run keep their text from the previous docs/benchmarks.md.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../test/support/helpers.js';
import { machineDescription } from './bench/measure.js';

const SECTIONS = ['generation', 'server', 'images', 'upx', 'peers'] as const;

const requested = process.argv.slice(2);
for (const name of requested) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    console.error(`Unknown section ${JSON.stringify(name)}; use one of: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const selected = requested.length > 0 ? requested : [...SECTIONS];

const output = join(REPO_ROOT, 'docs', 'benchmarks.md');
const previous = existsSync(output) ? readFileSync(output, 'utf8') : '';

function previousSection(name: string): string | undefined {
  const match = new RegExp(`<!-- section:${name} -->\\n([\\s\\S]*?)<!-- /section:${name} -->`).exec(previous);
  return match?.[1];
}

const parts: string[] = [];
for (const name of SECTIONS) {
  let body = previousSection(name);
  if (selected.includes(name)) {
    console.error(`Running the ${name} benchmark...`);
    const module = (await import(`./bench/${name}.js`)) as { run: () => Promise<string> };
    const stamp = `_Measured ${new Date().toISOString().slice(0, 10)} on ${machineDescription()}._\n\n`;
    body = `${stamp}${await module.run()}`;
  }
  if (body !== undefined) {
    parts.push(`<!-- section:${name} -->\n${body}<!-- /section:${name} -->`);
  }
}

writeFileSync(output, `# Benchmarks

Written by \`npm run benchmark\` (\`tsx scripts/benchmark.ts [section...]\`). Each section states the
machine and date it was measured on; medians are over the runs given. These are measurements of one
machine, not guarantees.

${parts.join('\n\n')}
`);
console.error(`Wrote ${output}`);
