/** docs/options.md matches the option schema, and `--help` lists every option with its default. */

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OPTIONS } from '../../src/options.js';
import { renderOptionsReference } from '../../src/options-reference.js';
import { REPO_ROOT, runCli } from '../support/helpers.js';

describe('options reference', function () {
  it('docs/options.md is current (regenerate it with npx projen options-doc)', function () {
    const written = readFileSync(join(REPO_ROOT, 'docs', 'options.md'), 'utf8');
    assert.equal(written, renderOptionsReference());
  });

  it('--help lists every option with its default', function () {
    const result = runCli(['--help']);
    assert.equal(result.status, 0);
    // commander wraps long descriptions; compare with the line breaks folded.
    const help = { stdout: result.stdout.replace(/\s+/g, ' ') };
    for (const spec of OPTIONS) {
      const flag = spec.type === 'boolean' ? new RegExp(`--(no-)?${spec.flag}\\b`) : new RegExp(`--${spec.flag} <`);
      assert.match(help.stdout, flag, `--help lacks --${spec.flag}`);
    }
    assert.equal((help.stdout.match(/\[default: /g) ?? []).length >= OPTIONS.length, true, 'every option shows a default');
  });
});
