// The TypeScript peer of the peers benchmark: the official MCP TypeScript SDK serving the `greet`
// tool over stateless Streamable HTTP with JSON responses at /mcp, on node:http without a web
// framework. Plain JavaScript, so node runs it without a transpiler and cold start measures Node
// and the SDK only. Listens on 127.0.0.1:$PORT.

import { createServer } from 'node:http';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
// zod is the SDK's own dependency; McpServer takes tool parameters as a zod shape.
import * as z from 'zod/v4';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`invalid PORT ${JSON.stringify(process.env.PORT)}; set it to a number from 1 to 65535`);
  process.exit(2);
}

// Stateless mode binds one server to one transport, so each request gets both, as the SDK's
// stateless example does.
function mcpServer() {
  const server = new McpServer({ name: 'typescript-peer', version: '0.0.0' });
  server.registerTool(
    'greet',
    { description: 'Return a greeting for the given name.', inputSchema: { name: z.string().describe('Name of the person to greet.') } },
    async ({ name }) => ({ content: [{ type: 'text', text: `Hello, ${name}!` }] }),
  );
  return server;
}

async function handleMcp(request, response) {
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request, response);
}

const http = createServer((request, response) => {
  if (request.url !== '/mcp' || request.method !== 'POST') {
    response.writeHead(404).end();
    return;
  }
  handleMcp(request, response).catch((error) => {
    console.error('failed to handle an MCP request:', error);
    if (!response.headersSent) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }));
    }
  });
});
// Node's default keep-alive timeout is 5 s; the load generator's connections stay open longer between runs.
http.keepAliveTimeout = 65_000;
http.listen(port, '127.0.0.1');

process.on('SIGTERM', () => http.close(() => process.exit(0)));
