/** Option values: the name in every role it plays, regions, project ids and choices. */

import { strict as assert } from 'node:assert';

import { checkValue, optionSpec, resolveAnswers } from '../../src/options.js';
import { crateIdent, OptionError, parsePrivateRegistry, registryHostWarning, suggestName, validateAllowedOrigins, validateGcpProject, validateName, validateRegion } from '../../src/validate.js';

describe('validateName', function () {
  const invalid: Array<[string, RegExp]> = [
    ['', /it is empty/],
    ['My Server!', /must start with a lowercase letter/],
    ['1abc', /must start with a lowercase letter/],
    ['my_server', /only lowercase letters, digits and hyphens/],
    ['my-server-', /must not end with a hyphen/],
    ['self', /Rust keyword/],
    ['async', /Rust keyword/],
    ['test', /cargo reserves it/],
    ['a'.repeat(50), /at most 49/],
  ];
  for (const [value, reason] of invalid) {
    it(`rejects ${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}...` : value)}`, function () {
      assert.throws(() => validateName(value), (error: unknown) => {
        assert.ok(error instanceof OptionError);
        assert.match(error.message, reason);
        assert.ok(error.message.includes(JSON.stringify(value)), 'the message names the value');
        assert.match(error.message, /To fix it, /);
        return true;
      });
    });
  }

  for (const value of ['my-server', 'a', 'mcp2', 'x'.repeat(49)]) {
    it(`accepts ${value.length > 20 ? `${value.slice(0, 10)}...` : value}`, function () {
      validateName(value);
    });
  }

  it('suggests a valid name', function () {
    assert.equal(suggestName('My Server!'), 'my-server');
    assert.equal(suggestName('1 Bad__Name'), 'bad-name');
  });

  it('maps the name to a Rust identifier', function () {
    assert.equal(crateIdent('my-mcp-server'), 'my_mcp_server');
  });
});

describe('validateRegion and validateGcpProject', function () {
  it('accepts real region names', function () {
    for (const region of ['us-central1', 'europe-west4', 'northamerica-northeast2', 'asia-southeast1']) {
      validateRegion(region);
    }
  });

  it('rejects malformed regions', function () {
    for (const region of ['us-central', 'US-CENTRAL1', 'uscentral1', '']) {
      assert.throws(() => validateRegion(region), OptionError);
    }
  });

  it('accepts project ids and the empty value', function () {
    validateGcpProject('');
    validateGcpProject('my-project-123');
  });

  it('rejects malformed project ids', function () {
    for (const project of ['short', 'My-Project', 'project-', '1project', 'a'.repeat(31)]) {
      assert.throws(() => validateGcpProject(project), OptionError);
    }
  });
});

describe('validateAllowedOrigins', function () {
  it('accepts origins with and without ports', function () {
    for (const value of ['', 'https://app.example.com', 'https://app.example.com:8443,http://localhost:*', 'http://localhost:3000']) {
      assert.doesNotThrow(() => validateAllowedOrigins(value), value);
    }
  });

  it('rejects values that are not origins', function () {
    for (const value of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://app.example.com', 'https://App.example.com', 'https://a.example.com, https://b.example.com', 'null']) {
      assert.throws(() => validateAllowedOrigins(value), (error: unknown) => error instanceof OptionError && error.message.includes('it is not an origin'), value);
    }
  });
});

describe('registryHostWarning', function () {
  function warningFor(value: string): string | undefined {
    const registry = parsePrivateRegistry(value);
    assert.ok(registry !== undefined);
    return registryHostWarning(registry);
  }

  it('warns about an IPv4 host', function () {
    const warning = warningFor('acme=sparse+https://127.0.0.1:8443/index/');
    assert.match(warning ?? '', /IPv4 address 127\.0\.0\.1/);
    assert.match(warning ?? '', /Give the registry a host name/);
  });

  it('accepts host names and IPv6', function () {
    assert.equal(warningFor('acme=sparse+https://cargo.acme.example/index/'), undefined);
    assert.equal(warningFor('acme=sparse+https://localhost:8443/index/'), undefined);
    assert.equal(warningFor('acme=sparse+https://[::1]:8443/index/'), undefined);
  });
});

describe('option schema', function () {
  it('fills defaults from the directory name', function () {
    const answers = resolveAnswers({}, { directoryName: 'dir-server' });

    assert.equal(answers.name, 'dir-server');
    assert.equal(answers.database, 'none');
    assert.deepEqual(answers.arch, ['amd64']);
    assert.equal(answers.baseImage, 'distroless');
    assert.equal(answers.region, 'us-central1');
  });

  it('parses and orders a comma-separated architecture list', function () {
    assert.deepEqual(checkValue(optionSpec('arch'), 'arm64, amd64,arm64'), ['amd64', 'arm64']);
  });

  it('rejects unknown keys in project options', function () {
    assert.throws(() => resolveAnswers({ bogus: 1 }, { directoryName: 'x' }), /Invalid bogus 1: it is not a known option/);
  });

  it('rejects an unknown database, listing the choices', function () {
    assert.throws(() => checkValue(optionSpec('database'), 'oracle'), /Invalid database "oracle": it is not one of none, postgres, mysql, sqlite/);
  });
});
