/** Calls a generated server with the official MCP TypeScript SDK client. */

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** What the example tools returned, for the assertions of a test. */
export interface ToolCheck {
  readonly serverName: string | undefined;
  /** Version from the server info, such as `0.1.0+0123456789ab` for a build with a known commit. */
  readonly serverVersion: string | undefined;
  readonly toolNames: readonly string[];
  readonly greeting: unknown;
  readonly stats: unknown;
  readonly statsText: unknown;
}

async function exerciseTools(transport: Transport): Promise<ToolCheck> {
  const client = new Client({ name: 'create-rust-mcp-tests', version: '0.0.0' });
  await client.connect(transport);
  try {
    const tools = await client.listTools();
    const greeting = await client.callTool({ name: 'greet', arguments: { name: 'Ada' } });
    const stats = await client.callTool({ name: 'text_stats', arguments: { text: 'one two\nthree four five' } });
    const statsContent = stats.content as Array<{ type: string; text?: string }>;
    return {
      serverName: client.getServerVersion()?.name,
      serverVersion: client.getServerVersion()?.version,
      toolNames: tools.tools.map((tool) => tool.name).sort(),
      greeting: (greeting.content as Array<{ text?: string }>)[0]?.text,
      stats: stats.structuredContent,
      statsText: statsContent[0]?.text,
    };
  } finally {
    await client.close();
  }
}

/** Connects over Streamable HTTP to `url`, lists the tools and calls each example tool. */
export function exerciseHttp(url: string, headers: Record<string, string> = {}): Promise<ToolCheck> {
  return exerciseTools(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
}

/** Starts `binary stdio` as the client's child process and calls each example tool. */
export function exerciseStdio(binary: string): Promise<ToolCheck> {
  return exerciseTools(new StdioClientTransport({ command: binary, args: ['stdio'], stderr: 'pipe' }));
}

/** Connects a client over Streamable HTTP, runs `action` with it, and closes it. */
export async function withHttpClient<T>(url: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: 'create-rust-mcp-tests', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    return await action(client);
  } finally {
    await client.close();
  }
}

/**
 * Returns one message per tool schema that Ajv in strict mode, with the standard formats, does not
 * compile. Strict mode rejects unknown keywords and formats, where the SDK's validator only prints
 * a warning in every client.
 */
export async function strictSchemaErrors(url: string): Promise<string[]> {
  const { tools } = await withHttpClient(url, (client) => client.listTools());
  const ajv = new Ajv2020.default({ strict: true });
  addFormats.default(ajv);

  const errors: string[] = [];
  for (const tool of tools) {
    for (const [kind, schema] of [['input', tool.inputSchema], ['output', tool.outputSchema]] as const) {
      try {
        if (schema !== undefined) {
          ajv.compile(schema);
        }
      } catch (error) {
        errors.push(`${tool.name} ${kind} schema: ${(error as Error).message}: ${JSON.stringify(schema)}`);
      }
    }
  }
  return errors;
}
