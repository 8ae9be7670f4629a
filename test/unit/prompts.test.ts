/** Interactive questions validate answers with the same schema checks as flags. */

import { strict as assert } from 'node:assert';

import { question } from '../../generators/app/index.js';
import { optionSpec } from '../../src/options.js';

function validate(key: Parameters<typeof optionSpec>[0], value: unknown): true | string {
  const asked = question(optionSpec(key), 'prompt-dir', {}) as { validate: (value: unknown) => true | string };
  return asked.validate(value);
}

describe('prompt validation', function () {
  const rejected: Array<[Parameters<typeof optionSpec>[0], unknown, RegExp]> = [
    ['name', 'My Server!', /Invalid name "My Server!".*use --name my-server/],
    ['name', 'self', /Rust keyword/],
    ['region', 'Mars', /Invalid region "Mars"/],
    ['gcpProject', 'x', /Invalid gcp-project "x"/],
    ['maxInstances', 0, /Invalid max-instances 0/],
  ];
  for (const [key, value, message] of rejected) {
    it(`rejects ${key} ${JSON.stringify(value)} with the schema message`, function () {
      const result = validate(key, value);
      assert.notEqual(result, true);
      assert.match(String(result), message);
    });
  }

  it('accepts a valid answer', function () {
    assert.equal(validate('name', 'prompt-server'), true);
  });
});
