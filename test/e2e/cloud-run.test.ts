/**
 * End to end for Cloud Run. The CLI generates a repository with deploy options, and the build steps
 * of cloudbuild.yaml run locally with stand-ins for docker and gcloud. The server then starts with
 * the environment of the service.yaml they deploy. It must pass its probes and serve an MCP client
 * whose requests carry a run.app Host header. Every request goes to 127.0.0.1.
 */

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { CONTAINER_PORT, HEALTH_PATH, LIVENESS_PATH } from '../../src/files/conventions.js';
import { cargo, CARGO_TARGET_DIR, freePort, runCli, startServer, temporaryDirectory, type ServerProcess } from '../support/helpers.js';
import { exerciseHttp } from '../support/mcp.js';
import { BUILT_IN_VALUES, cloudBuildErrors, cloudRunViolations, knativeErrors, parseYaml, runBuildSteps } from '../unit/cloud-run-checks.js';

const SERVICE = 'my-svc';
/** The older, hash-based URL host that Cloud Run also gives the service, added through --allowed-hosts. */
const HASH_HOST = 'my-svc-abc123-uc.a.run.app';
/** The deterministic URL host: SERVICE-PROJECT_NUMBER.REGION.run.app. */
const DETERMINISTIC_HOST = `${SERVICE}-${BUILT_IN_VALUES.PROJECT_NUMBER}.us-central1.run.app`;

/** Status and body of a response. */
interface Reply {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request to 127.0.0.1:`port` with the given Host header. node:http sends the Host it
 * is given; fetch (undici) replaces it with the URL's authority.
 */
function requestWithHost(port: number, host: string, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, host, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolveReply({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Starts a loopback proxy that forwards each request to 127.0.0.1:`targetPort` with the Host header
 * set to `host`, as Cloud Run's front end forwards a request for the service URL.
 */
function startHostProxy(targetPort: number, host: string): Promise<Server> {
  const proxy = createServer((incoming, reply) => {
    const forwarded = request(
      { host: '127.0.0.1', port: targetPort, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host } },
      (response) => {
        reply.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(reply);
      },
    );
    forwarded.on('error', (error) => reply.destroy(error));
    incoming.pipe(forwarded);
  });
  return new Promise((resolveProxy) => proxy.listen(0, '127.0.0.1', () => resolveProxy(proxy)));
}

/** Calls the example tools through a proxy that sends `host`, and returns what they answered. */
async function exerciseAtHost(serverPort: number, host: string): ReturnType<typeof exerciseHttp> {
  const proxy = await startHostProxy(serverPort, host);
  try {
    return await exerciseHttp(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`);
  } finally {
    proxy.closeAllConnections();
    proxy.close();
  }
}

describe('generated server with Cloud Run settings', function () {
  let project: string;
  let binary: string;
  let deployed: Record<string, any>;
  let server: ServerProcess | undefined;

  before(function () {
    project = join(temporaryDirectory('cloud-run'), 'cloud-run-server');
    const result = runCli([project, '--yes', '--no-install', '--service-name', SERVICE, '--allowed-hosts', HASH_HOST, '--max-instances', '3']);
    assert.equal(result.status, 0, `create-rust-mcp failed:\n${result.stderr}`);

    const cloudbuild = parseYaml(readFileSync(join(project, 'cloudbuild.yaml'), 'utf8'));
    const run = runBuildSteps(cloudbuild, project);
    for (const step of run.steps) {
      assert.equal(step.status, 0, `build step ${step.id} failed:\n${step.stderr}`);
    }
    assert.ok(run.deployed !== undefined, 'the deploy step did not call gcloud run services replace');
    deployed = parseYaml(run.deployed);

    cargo(['build'], project);
    binary = join(CARGO_TARGET_DIR, 'debug', 'cloud-run-server');
  });

  afterEach(function () {
    server?.kill();
    server = undefined;
  });

  /** Starts the server with the environment the deployed container gets, on a free loopback port. */
  async function startAsDeployed(): Promise<ServerProcess> {
    const container = deployed.spec.template.spec.containers[0];
    const env: NodeJS.ProcessEnv = {};
    for (const variable of container.env as Array<{ name: string; value?: string }>) {
      if (variable.value !== undefined) {
        env[variable.name] = variable.value;
      }
    }
    // Cloud Run sets PORT to the container port (8080). A free port replaces it here, so runs in parallel do not collide.
    const port = await freePort();
    env.PORT = String(port);
    return startServer(binary, env, port);
  }

  it('writes both deploy files read-only with the generated header', function () {
    for (const path of ['service.yaml', 'cloudbuild.yaml']) {
      const file = join(project, path);
      assert.ok(existsSync(file), `missing ${path}`);
      assert.equal(statSync(file).mode & 0o777, 0o444, path);
      assert.match(readFileSync(file, 'utf8').split('\n')[0], /Generated by projen/);
    }
  });

  it('writes files that validate against their schemas', function () {
    const service = parseYaml(readFileSync(join(project, 'service.yaml'), 'utf8'));
    assert.deepEqual(knativeErrors(service), []);
    assert.deepEqual(cloudRunViolations(service), []);
    assert.deepEqual(cloudBuildErrors(parseYaml(readFileSync(join(project, 'cloudbuild.yaml'), 'utf8'))), []);
    assert.deepEqual(knativeErrors(deployed), []);
    assert.deepEqual(cloudRunViolations(deployed), []);
  });

  it('deploys the allowed hosts and the chosen scaling', function () {
    const container = deployed.spec.template.spec.containers[0];
    const hosts = (container.env as Array<{ name: string; value?: string }>).find((variable) => variable.name === 'MCP_ALLOWED_HOSTS');
    assert.equal(hosts?.value, `${DETERMINISTIC_HOST},${HASH_HOST}`);
    assert.equal(deployed.spec.template.metadata.annotations['autoscaling.knative.dev/maxScale'], '3');
    assert.equal(container.ports[0].containerPort, CONTAINER_PORT);
  });

  it('answers the startup and liveness probes', async function () {
    server = await startAsDeployed();
    const container = deployed.spec.template.spec.containers[0];

    assert.equal(container.startupProbe.httpGet.path, HEALTH_PATH);
    assert.equal(container.livenessProbe.httpGet.path, LIVENESS_PATH);
    for (const probe of [container.startupProbe, container.livenessProbe]) {
      assert.equal(probe.httpGet.port, CONTAINER_PORT);
      // Cloud Run probes the container directly, not through the service URL.
      const reply = await requestWithHost(server.port, `127.0.0.1:${probe.httpGet.port}`, 'GET', probe.httpGet.path);
      assert.equal(reply.status, 200);
      assert.equal(reply.body, 'ok');
    }
  });

  it('answers an MCP client at the hash run.app host', async function () {
    server = await startAsDeployed();

    const check = await exerciseAtHost(server.port, HASH_HOST);

    assert.equal(check.serverName, 'cloud-run-server');
    assert.deepEqual(check.toolNames.includes('greet'), true);
    assert.equal(check.greeting, 'Hello, Ada!');
  });

  it('answers an MCP client at the deterministic run.app host', async function () {
    server = await startAsDeployed();

    const check = await exerciseAtHost(server.port, DETERMINISTIC_HOST);

    assert.equal(check.greeting, 'Hello, Ada!');
  });

  it('accepts the host with the HTTPS port', async function () {
    server = await startAsDeployed();

    const check = await exerciseAtHost(server.port, `${DETERMINISTIC_HOST}:443`);

    assert.equal(check.greeting, 'Hello, Ada!');
  });

  it('rejects hosts off the allow-list with 403', async function () {
    server = await startAsDeployed();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

    for (const host of ['attacker.example', `127.0.0.1:${server.port}`, 'other-svc-123456789012.us-central1.run.app', 'localhost']) {
      const reply = await requestWithHost(server.port, host, 'POST', '/mcp', body, headers);
      assert.equal(reply.status, 403, host);
      assert.equal(reply.body, 'Forbidden: Host header is not allowed', host);
    }
  });

  it('sends the Host header it is given', async function () {
    server = await startAsDeployed();
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host-check', version: '0.0.0' } } });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

    const allowed = await requestWithHost(server.port, HASH_HOST, 'POST', '/mcp', initialize, headers);

    assert.equal(allowed.status, 200, allowed.body);
    assert.match(allowed.body, /"serverInfo":\{"name":"cloud-run-server"/);
  });
});

describe('deploy options on the command line', function () {
  it('are listed by --help', function () {
    const result = runCli(['--help']);
    assert.equal(result.status, 0);
    // commander wraps long lines; one space between words makes the text searchable.
    const help = result.stdout.replace(/\s+/g, ' ');
    assert.match(help, /--min-instances <number> Instances kept running when idle; 0 scales to zero\. \(0 to 1000\) \[default: 0\]/);
    assert.match(help, /--request-timeout <number> .*\(1 to 3600 seconds\) \[default: 300\]/);
    assert.match(help, /--allow-unauthenticated .*\[default: off\]/);
    assert.match(help, /--no-allow-unauthenticated/);
    assert.match(help, /--service-name <value> .*\[default: the server name\]/);
    assert.match(help, /--cpu <choice> .*\(one of: 1, 2, 4, 6, 8\)/);
  });

  const cases: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
    ['more minimum than maximum instances', ['--min-instances', '5', '--max-instances', '2'], /Invalid min-instances 5: it is more than --max-instances 2/],
    ['memory beyond the CPU', ['--memory', '8Gi'], /Invalid memory "8Gi": Cloud Run allows at most 4Gi with --cpu 1/],
    ['Cloud SQL without a database', ['--cloud-sql-instance', 'my-project:us-central1:db'], /Invalid cloud-sql-instance .*--database is none/],
    ['a timeout that is not a number', ['--request-timeout', '5m'], /Invalid request-timeout "5m": it is not a whole number/],
  ];

  for (const [title, flags, message] of cases) {
    it(`rejects ${title} before writing`, function () {
      const target = join(temporaryDirectory('cloud-run-bad'), 'server');
      const result = runCli([target, '--yes', '--no-install', ...flags]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.equal(existsSync(target), false, 'the target was created');
    });
  }

  it('turns public access on and off', function () {
    for (const [flag, expected] of [['--allow-unauthenticated', 'true'], ['--no-allow-unauthenticated', undefined]] as const) {
      const target = join(temporaryDirectory('cloud-run-public'), 'server');
      const result = runCli([target, '--yes', '--no-install', flag]);
      assert.equal(result.status, 0, result.stderr);
      const service = parseYaml(readFileSync(join(target, 'service.yaml'), 'utf8'));
      assert.equal(service.metadata.annotations['run.googleapis.com/invoker-iam-disabled'], expected, flag);
      assert.match(readFileSync(join(target, '.projenrc.ts'), 'utf8'), new RegExp(`allowUnauthenticated: ${expected === 'true'},`));
    }
  });
});
