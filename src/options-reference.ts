/** Renders docs/options.md, the options reference, from the option schema. */

import { OPTIONS, type OptionSpec } from './options.js';

function typeOf(spec: OptionSpec): string {
  switch (spec.type) {
    case 'string':
      return 'text';
    case 'choice':
      return `one of ${spec.choices.map((choice) => `\`${choice}\``).join(', ')}`;
    case 'list':
      return `comma-separated list of ${spec.choices.map((choice) => `\`${choice}\``).join(', ')}`;
    case 'integer':
      return `whole number, ${spec.min} to ${spec.max}${spec.unit === undefined ? '' : ` ${spec.unit}`}`;
    case 'boolean':
      return `on/off (\`--${spec.flag}\`, \`--no-${spec.flag}\`)`;
  }
}

function defaultOf(spec: OptionSpec): string {
  if (typeof spec.defaultValue === 'function') {
    return spec.defaultHelp ?? 'computed';
  }
  const value = spec.defaultValue as unknown;
  if (value === '') {
    return 'empty';
  }
  return `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Returns the Markdown of the options reference. */
export function renderOptionsReference(): string {
  const rows = OPTIONS.map((spec) =>
    [`\`--${spec.flag}\`${spec.advanced === true ? ' (not asked)' : ''}`, `\`${spec.key}\``, typeOf(spec), defaultOf(spec), spec.help, spec.affects.map((path) => `\`${path}\``).join(', ')]
      .map(escapeCell)
      .join(' | '),
  );

  return `# Options

Generated from the option schema in \`src/options.ts\` by \`npx projen options-doc\`; a test fails when
this page and the schema differ. Every option is a command-line flag of \`create-rust-mcp\`, a question
in interactive mode, and a key of the \`RustMcpProject\` options in the generated \`.projenrc.ts\`.

| Flag | \`.projenrc.ts\` key | Value | Default | Meaning | Files it affects |
| --- | --- | --- | --- | --- | --- |
${rows.map((row) => `| ${row} |`).join('\n')}

README.md and the files under \`src/\`, \`tests/\` and \`migrations/\` are samples: an option shapes them
when the repository is created, and a later change of the option in \`.projenrc.ts\` leaves them as
they are. Every other file in the last column follows the option on each \`npx projen\`.

Options marked "not asked" are tuning options that interactive mode leaves at their defaults; set
them with their flag, in a preset, or in \`.projenrc.ts\`.

Other flags of \`create-rust-mcp\`: \`--yes\` takes the defaults for every option not given and never
prompts; \`--no-install\` skips \`npm install\` in the new repository; \`--quiet\` prints only warnings
and errors. Without a terminal, or with \`CI\` set, the command never prompts.
`;
}
