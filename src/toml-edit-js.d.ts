// Types of the synchronous entry of @rainbowatcher/toml-edit-js, which ships none of its own.
declare module '@rainbowatcher/toml-edit-js/index' {
  export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
  export function parse(input: string): unknown;
  export function edit(input: string, path: string, value: unknown, opts?: { finalNewline?: boolean; inline?: boolean }): string;
}
