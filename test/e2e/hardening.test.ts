/**
 * Hardening of the generated server: the request body limit, Host and Origin checks, malformed
 * JSON and invalid JSON-RPC, the concurrency limit, the request timeout, and SIGTERM under load.
 * Every request goes to 127.0.0.1; each load is bounded in time and request count.
 */

import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { cargo, CARGO_TARGET_DIR, freePort, runCli, startServer, temporaryDirectory, type ServerProcess } from '../support/helpers.js';
import { startLoad } from '../support/load.js';
import { connect, greetCall, HeldRequest, httpRequest, MCP_HEADERS, sendRaw, type RawResponse } from '../support/raw-http.js';

const TOOLS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** Returns the JSON-RPC error code of a response body, or undefined. */
function errorCode(response: RawResponse): number | undefined {
  return (JSON.parse(response.body) as { error?: { code?: number } }).error?.code;
}

describe('generated server hardening', function () {
  let binary: string;
  let server: ServerProcess | undefined;

  before(function () {
    const project = join(temporaryDirectory('hardening'), 'hardened-server');
    const result = runCli([project, '--yes', '--no-install']);
    assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);
    cargo(['build'], project);
    binary = join(CARGO_TARGET_DIR, 'debug', 'hardened-server');
  });

  afterEach(function () {
    server?.kill();
    server = undefined;
  });

  /** Starts the server on a free loopback port with `env` added. */
  async function start(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const port = await freePort();
    server = await startServer(binary, { BIND_ADDRESS: `127.0.0.1:${port}`, ...env }, port);
    return server;
  }

  /** Sends a greet call with a correct Host and checks the greeting in the response. */
  async function assertServing(port: number): Promise<void> {
    const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', greetCall(99, 'still-up'), MCP_HEADERS));
    assert.equal(response.status, 200, response.body);
    assert.match(response.body, /Hello, still-up!/);
  }

  function assertNoPanic(logs: string): void {
    assert.doesNotMatch(logs, /panicked/);
  }

  describe('request body limit', function () {
    it('rejects an oversize body with 413 and stays up', async function () {
      const { port, logs } = await start({ MCP_MAX_REQUEST_BODY_BYTES: '4096' });
      const text = 'x'.repeat(8192);
      const oversize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'text_stats', arguments: { text } } });

      const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', oversize, MCP_HEADERS));

      assert.equal(response.status, 413);
      assert.match(response.body, /exceeds 4096 bytes/);
      await assertServing(port);
      assertNoPanic(logs());
    });

    it('rejects an oversize chunked body with 413', async function () {
      const { port } = await start({ MCP_MAX_REQUEST_BODY_BYTES: '4096' });
      const chunk = 'x'.repeat(1024);
      const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
      const head = httpRequest(port, 'POST', '/mcp', '', { ...MCP_HEADERS, 'transfer-encoding': 'chunked' });

      const response = await sendRaw(port, Buffer.concat([head, Buffer.from(`${chunks}0\r\n\r\n`)]));

      assert.equal(response.status, 413);
      await assertServing(port);
    });

    it('accepts a body of exactly the limit', async function () {
      const { port } = await start({ MCP_MAX_REQUEST_BODY_BYTES: '4096' });
      const call = (text: string) => JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'text_stats', arguments: { text } } });
      const text = 'x'.repeat(4096 - call('').length);
      assert.equal(Buffer.byteLength(call(text)), 4096);

      const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', call(text), MCP_HEADERS));

      assert.equal(response.status, 200, response.body);
      assert.match(response.body, /"characters":\d+/);
    });
  });

  describe('Host and Origin checks', function () {
    it('rejects a Host off the allow-list with 403', async function () {
      const { port, logs } = await start();

      for (const host of ['attacker.example', `attacker.example:${port}`, 'localhost.attacker.example']) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, host }));
        assert.equal(response.status, 403, host);
        assert.equal(response.body, 'Forbidden: Host header is not allowed', host);
      }
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, host }));
        assert.equal(response.status, 200, host);
      }
      assertNoPanic(logs());
    });

    it('rejects every Origin when MCP_ALLOWED_ORIGINS is unset', async function () {
      const { port } = await start();

      for (const origin of ['https://attacker.example', `http://localhost:${port}`, 'null']) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, origin }));
        assert.equal(response.status, 403, origin);
        assert.match(response.body, /^Forbidden: .*Origin header/, origin);
      }
      const withoutOrigin = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, MCP_HEADERS));
      assert.equal(withoutOrigin.status, 200, withoutOrigin.body);
    });

    it('rejects an Origin off MCP_ALLOWED_ORIGINS with 403', async function () {
      const { port } = await start({ MCP_ALLOWED_ORIGINS: 'https://app.example.com:443' });

      for (const origin of ['https://attacker.example', 'http://app.example.com', 'https://app.example.com:8443', 'null', 'not a url']) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, origin }));
        assert.equal(response.status, 403, origin);
        assert.match(response.body, /^Forbidden: .*Origin header/, origin);
      }
    });

    it('accepts a listed Origin and a request without one', async function () {
      const { port } = await start({ MCP_ALLOWED_ORIGINS: 'https://app.example.com:443' });

      const cases: ReadonlyArray<Record<string, string>> = [{ origin: 'https://app.example.com' }, { origin: 'https://app.example.com:443' }, {}];
      for (const headers of cases) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, ...headers }));
        assert.equal(response.status, 200, JSON.stringify(headers));
        assert.match(response.body, /"name":"greet"/);
      }
    });
  });

  describe('malformed requests', function () {
    const notJson: ReadonlyArray<readonly [string, string | Buffer]> = [
      ['truncated object', '{"jsonrpc":"2.0","id":1,'],
      ['empty body', ''],
      ['bare word', 'tools/list'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ['nesting deeper than the parser allows', '['.repeat(100_000)],
    ];
    for (const [title, body] of notJson) {
      it(`returns a parse error for ${title}`, async function () {
        const { port, logs } = await start();

        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', body, MCP_HEADERS));

        assert.equal(response.status, 400, response.body);
        assert.equal(response.headers['content-type'], 'application/json');
        assert.equal(errorCode(response), -32700);
        assert.equal((JSON.parse(response.body) as { id: unknown }).id, null);
        await assertServing(port);
        assertNoPanic(logs());
      });
    }

    const notJsonRpc: ReadonlyArray<readonly [string, string]> = [
      ['an empty batch', '[]'],
      ['a batch of requests', `[${TOOLS_LIST},${TOOLS_LIST}]`],
      ['an object without jsonrpc', '{"id":1,"method":"tools/list"}'],
      ['JSON-RPC 1.0', '{"jsonrpc":"1.0","id":1,"method":"tools/list"}'],
      ['an object id', '{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}'],
      ['a string', '"tools/list"'],
      ['null', 'null'],
    ];
    for (const [title, body] of notJsonRpc) {
      it(`returns an invalid request error for ${title}`, async function () {
        const { port, logs } = await start();

        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', body, MCP_HEADERS));

        assert.equal(response.status, 400, response.body);
        assert.equal(errorCode(response), -32600);
        await assertServing(port);
        assertNoPanic(logs());
      });
    }

    it('returns JSON-RPC errors for unknown method and tool', async function () {
      const { port } = await start();
      const cases: ReadonlyArray<readonly [string, number]> = [
        ['{"jsonrpc":"2.0","id":7,"method":"no/such"}', -32601],
        ['{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"no_such_tool"}}', -32602],
      ];

      for (const [body, code] of cases) {
        const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', body, MCP_HEADERS));
        assert.equal(response.status, 200, body);
        const message = JSON.parse(response.body) as { id: number; error?: { code: number } };
        assert.equal(message.id, 7, body);
        assert.equal(message.error?.code, code, body);
      }
    });

    it('returns a tool error for mistyped arguments', async function () {
      const { port, logs } = await start();
      const body = '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"greet","arguments":{"name":42}}}';

      const response = await sendRaw(port, httpRequest(port, 'POST', '/mcp', body, MCP_HEADERS));

      assert.equal(response.status, 200);
      const message = JSON.parse(response.body) as { id: number; result?: { isError?: boolean } };
      assert.equal(message.id, 8);
      assert.equal(message.result?.isError, true);
      assertNoPanic(logs());
    });

    it('rejects wrong Content-Type and Accept headers', async function () {
      const { port } = await start();

      const text = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, 'content-type': 'text/plain' }));
      const accept = await sendRaw(port, httpRequest(port, 'POST', '/mcp', TOOLS_LIST, { ...MCP_HEADERS, accept: 'text/html' }));

      assert.equal(text.status, 415);
      assert.equal(accept.status, 406);
    });

    it('rejects bytes that are not HTTP with 400', async function () {
      const { port, logs } = await start();

      const response = await sendRaw(port, Buffer.from('\x00\x01\x02 GARBAGE \xff\r\n\r\n', 'latin1'));

      assert.equal(response.status, 400);
      await assertServing(port);
      assertNoPanic(logs());
    });
  });

  describe('concurrency limit and request timeout', function () {
    it('rejects requests over the concurrency limit with 503', async function () {
      // The request timeout outlasts the retries below, so the held requests keep their places
      // until the test completes them.
      const { port, logs } = await start({ MCP_MAX_CONCURRENT_REQUESTS: '2', MCP_REQUEST_TIMEOUT_SECONDS: '30' });
      const call = httpRequest(port, 'POST', '/mcp', greetCall(1, 'held'), MCP_HEADERS);
      const third = httpRequest(port, 'POST', '/mcp', greetCall(2, 'third'), MCP_HEADERS);
      // Two requests whose bodies are not complete occupy both places. The server handles each
      // connection in its own task, so a third request can take the last place first. The held
      // request then gets the 503 itself and is opened again.
      const open = (): Promise<HeldRequest> => HeldRequest.open(port, call, 10);
      const held = [await open(), await open()];
      let started = performance.now();
      let rejected = await sendRaw(port, third);
      const deadline = Date.now() + 10_000;
      while (rejected.status === 200 && Date.now() < deadline) {
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
        for (const [index, request] of held.entries()) {
          if (request.state !== 'held') {
            held[index] = await open();
          }
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
        started = performance.now();
        rejected = await sendRaw(port, third);
      }
      const rejectedMs = performance.now() - started;
      const liveness = await sendRaw(port, httpRequest(port, 'GET', '/health/live'));
      const readiness = await sendRaw(port, httpRequest(port, 'GET', '/health'));

      assert.equal(rejected.status, 503, `${rejected.body}\nheld requests: ${held.map((request) => request.state).join(', ')}\nserver log:\n${logs()}`);
      assert.equal(rejected.headers['retry-after'], '1');
      assert.ok(rejectedMs < 1000, `the rejection took ${rejectedMs.toFixed(0)} ms`);
      assert.equal(liveness.status, 200);
      assert.equal(readiness.status, 200);

      for (const request of held) {
        request.finish();
        const response = await request.response;
        assert.equal(response.status, 200, response.body);
        assert.match(response.body, /Hello, held!/);
      }
      await assertServing(port);
      assert.match(logs(), /rejected a request: MCP_MAX_CONCURRENT_REQUESTS requests are running/);
      assert.match(logs(), /"rejectedTotal":1\b/);
    });

    it('stops a request over the timeout with 504', async function () {
      const { port, logs } = await start({ MCP_REQUEST_TIMEOUT_SECONDS: '1' });
      const call = httpRequest(port, 'POST', '/mcp', greetCall(1, 'slow'), MCP_HEADERS);

      const started = performance.now();
      const slow = await HeldRequest.open(port, call, 10);
      const response = await slow.response;
      const elapsedMs = performance.now() - started;

      assert.equal(response.status, 504, response.body);
      assert.ok(elapsedMs >= 900, `the timeout took only ${elapsedMs.toFixed(0)} ms`);
      assert.ok(elapsedMs < 3000, `the timeout took ${elapsedMs.toFixed(0)} ms`);
      await assertServing(port);
      assert.match(logs(), /request timed out/);
      assertNoPanic(logs());
    });

    it('frees the place of a timed-out request', async function () {
      const { port } = await start({ MCP_MAX_CONCURRENT_REQUESTS: '1', MCP_REQUEST_TIMEOUT_SECONDS: '1' });
      const slow = await HeldRequest.open(port, httpRequest(port, 'POST', '/mcp', greetCall(1, 'slow'), MCP_HEADERS), 10);

      assert.equal((await slow.response).status, 504);

      await assertServing(port);
    });
  });

  describe('SIGTERM under load', function () {
    it('finishes in-flight requests, refuses new ones and exits 0 within 10 s', async function () {
      const running = await start();
      const { port } = running;
      const load = startLoad({ port, clients: 16, durationMs: 20_000, maxRequests: 200_000 });
      const call = (name: string) => httpRequest(port, 'POST', '/mcp', greetCall(1, name), MCP_HEADERS);
      const held = await Promise.all(['first', 'second', 'third'].map((name) => HeldRequest.open(port, call(`in-flight-${name}`), 10)));
      const loadDeadline = Date.now() + 10_000;
      while (load.okSoFar() < 500 && Date.now() < loadDeadline) {
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
      assert.ok(load.okSoFar() >= 500, `only ${load.okSoFar()} calls succeeded before SIGTERM`);

      const signalled = performance.now();
      const exit = running.terminate();
      await new Promise((resolveWait) => setTimeout(resolveWait, 500));
      const refused = await connect(port).then(
        (socket) => {
          socket.destroy();
          return 'connected';
        },
        (error: NodeJS.ErrnoException) => error.code,
      );
      for (const request of held) {
        request.finish();
      }
      const heldResponses = await Promise.all(held.map((request) => request.response));
      load.stop();
      const result = await load.result;
      const { code, seconds } = await exit;

      assert.equal(refused, 'ECONNREFUSED');
      for (const [index, response] of heldResponses.entries()) {
        assert.equal(response.status, 200, response.body);
        assert.match(response.body, new RegExp(`Hello, in-flight-${['first', 'second', 'third'][index]}!`));
      }
      assert.deepEqual([...result.statuses.keys()], [200], `statuses: ${JSON.stringify([...result.statuses])}`);
      const early = result.failures.filter((failure) => failure.at < signalled);
      assert.deepEqual(early, [], 'calls failed before SIGTERM');
      const late = result.failures.filter((failure) => !/ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|other side closed/.test(failure.message));
      assert.deepEqual(late, [], 'calls after SIGTERM failed other than by a refused or closed connection');
      assert.equal(code, 0);
      assert.ok(seconds < 10, `the server took ${seconds.toFixed(1)} s to exit`);
      assertNoPanic(running.logs());
    });
  });
});
