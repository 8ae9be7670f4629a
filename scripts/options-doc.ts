/** Writes docs/options.md from the option schema. */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { renderOptionsReference } from '../src/options-reference.js';
import { REPO_ROOT } from '../test/support/helpers.js';

const path = join(REPO_ROOT, 'docs', 'options.md');
writeFileSync(path, renderOptionsReference());
console.error(`Wrote ${path}`);
