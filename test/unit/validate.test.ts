/** Option values: the name in every role it plays, regions, project ids and choices. */

import { strict as assert } from 'node:assert';

import { checkValue, optionSpec, resolveAnswers } from '../../src/options.js';
import { crateIdent, OptionError, originsWithPorts, registryHostWarning, suggestName, validateAllowedHosts, validateAllowedOrigins, validateGcpProject, validateName, validateRegion } from '../../src/validate.js';

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
    for (const value of ['', 'https://app.example.com', 'https://app.example.com:8443,http://localhost:*', 'http://127.0.0.1:3000', 'http://localhost:65535']) {
      assert.doesNotThrow(() => validateAllowedOrigins(value), value);
    }
  });

  const INVALID: ReadonlyArray<readonly [string, RegExp]> = [
    ['app.example.com', /does not start with http:\/\/ or https:\/\//],
    ['ftp://app.example.com', /does not start with http:\/\/ or https:\/\//],
    ['null', /does not start with http:\/\/ or https:\/\//],
    ['https://app.example.com/', /has "\/" after the host and port/],
    ['https://app.example.com/path', /has "\/path" after the host and port/],
    ['https://App.example.com', /lowercase, so write "https:\/\/app\.example\.com"/],
    ['https://a.example.com, https://b.example.com', /contains a space/],
    ['https://a.example.com,,https://b.example.com', /empty entry/],
    ['https://app.example.com:99999', /port "99999" is not a number from 1 to 65535/],
    ['https://app.example.com:0', /port "0" is not a number from 1 to 65535/],
    ['http://[::1]:3000', /names an IPv6 address/],
    ['https://app_example.com', /host "app_example\.com" is not a host name/],
  ];

  for (const [value, reason] of INVALID) {
    it(`rejects ${JSON.stringify(value)}`, function () {
      assert.throws(() => validateAllowedOrigins(value), (error: unknown) => error instanceof OptionError && reason.test(error.message));
    });
  }

  it('adds default ports for service.yaml', function () {
    assert.equal(originsWithPorts(''), '');
    assert.equal(originsWithPorts('https://app.example.com,http://localhost:*,http://a.example.com,https://b.example.com:8443'), 'https://app.example.com:443,http://localhost:*,http://a.example.com:80,https://b.example.com:8443');
  });
});

describe('validateAllowedHosts', function () {
  it('rejects ports outside 1 to 65535', function () {
    assert.throws(() => validateAllowedHosts('mcp.example.com:99999'), /its port 99999 is not a number from 1 to 65535/);
    assert.throws(() => validateAllowedHosts('mcp.example.com:0'), /its port 0 is not a number from 1 to 65535/);
    assert.doesNotThrow(() => validateAllowedHosts('mcp.example.com:65535'));
  });
});

describe('registryHostWarning', function () {
  it('warns about an IPv4 host', function () {
    const warning = registryHostWarning('acme=sparse+https://127.0.0.1:8443/index/');
    assert.match(warning ?? '', /IPv4 address 127\.0\.0\.1/);
    assert.match(warning ?? '', /Give the registry a host name/);
  });

  it('accepts host names, IPv6 and no registry', function () {
    assert.equal(registryHostWarning(''), undefined);
    assert.equal(registryHostWarning('acme=sparse+https://cargo.acme.example/index/'), undefined);
    assert.equal(registryHostWarning('acme=sparse+https://localhost:8443/index/'), undefined);
    assert.equal(registryHostWarning('acme=sparse+https://[::1]:8443/index/'), undefined);
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
