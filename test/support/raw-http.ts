/**
 * HTTP/1.1 over a plain TCP socket, for requests that fetch cannot send: a Host header of the
 * test's choice (fetch replaces it with the URL's authority), a body sent in two parts, or bytes
 * that are not HTTP at all. Every request goes to 127.0.0.1.
 */

import { Socket } from 'node:net';

/** A parsed HTTP response. Header names are lowercase. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Headers of a Streamable HTTP POST, without Host and Content-Length. */
export const MCP_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

/** Returns a JSON-RPC `tools/call` of the `greet` tool. */
export function greetCall(id: number, name: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'greet', arguments: { name } } });
}

/**
 * Builds the bytes of one HTTP/1.1 request with `Connection: close`.
 * `headers` may override the defaults, and a `host` entry replaces the Host header.
 */
export function httpRequest(port: number, method: string, path: string, body: string | Buffer = '', headers: Record<string, string> = {}): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const all: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...headers };
  if (method !== 'GET' || payload.length > 0) {
    all['content-length'] = String(payload.length);
  }
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(all).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Parses a whole response as read up to the server's close; decodes a chunked body. */
export function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) {
    throw new Error(`incomplete HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    body = decodeChunked(body);
  }
  return { status, headers, body };
}

function decodeChunked(encoded: string): string {
  let decoded = '';
  let rest = encoded;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (lineEnd < 0 || Number.isNaN(size) || size === 0) {
      return decoded;
    }
    decoded += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** Opens a connection to 127.0.0.1:`port`, or rejects with the socket error (such as ECONNREFUSED). */
export function connect(port: number, timeoutMs = 5_000): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = new Socket();
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`connecting to 127.0.0.1:${port} timed out after ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => {
      socket.removeListener('error', reject);
      socket.setTimeout(0);
      resolveSocket(socket);
    });
  });
}

/** Reads everything the server sends until it closes the connection, and parses it. */
function readResponse(socket: Socket, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolveResponse, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response within ${timeoutMs} ms; received ${JSON.stringify(Buffer.concat(chunks).toString('utf8').slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server that responds before reading the whole body may reset the connection afterwards.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolveResponse(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/** Sends `request` (built by {@link httpRequest}) and resolves with the response. */
export async function sendRaw(port: number, request: Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const socket = await connect(port);
  const response = readResponse(socket, timeoutMs);
  socket.write(request);
  return response;
}

/**
 * A request whose headers and first body bytes are sent, and whose remaining bytes wait for
 * {@link HeldRequest.finish}. To the server, the request stays in flight until then.
 */
export class HeldRequest {
  /** `held` until the response settles, then its status or the error, for failure messages. */
  state = 'held';

  private constructor(
    private readonly socket: Socket,
    private readonly rest: Buffer,
    /** The response, which settles once the server responds and closes the connection. */
    readonly response: Promise<RawResponse>,
  ) {
    response.then(
      (settled) => (this.state = `answered ${settled.status}`),
      (error: Error) => (this.state = `failed: ${error.message}`),
    );
  }

  /** Sends everything of `request` except its last `heldBytes` bytes. */
  static async open(port: number, request: Buffer, heldBytes: number, timeoutMs = 20_000): Promise<HeldRequest> {
    const socket = await connect(port);
    const response = readResponse(socket, timeoutMs);
    // A rejection before the test awaits the response is not reported as unhandled. The test gets it on await.
    response.catch(() => undefined);
    socket.write(request.subarray(0, request.length - heldBytes));
    return new HeldRequest(socket, request.subarray(request.length - heldBytes), response);
  }

  /** Sends the held bytes, completing the request. */
  finish(): void {
    this.socket.write(this.rest);
  }

  /** Closes the connection without completing the request. */
  abandon(): void {
    this.socket.destroy();
  }
}
