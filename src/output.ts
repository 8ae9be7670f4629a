/** The single place where the CLI and synthesis print: colour and quiet mode are decided here once. */

const useColor = process.stderr.isTTY === true && process.env.NO_COLOR === undefined && process.env.CI === undefined;

function paint(code: number, text: string): string {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}

let quiet = false;

/** Suppresses informational lines; warnings and errors still print. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Prints a progress or result line on stderr, so stdout stays free for data such as diffs. */
export function info(message: string): void {
  if (!quiet) {
    process.stderr.write(`${message}\n`);
  }
}

export function success(message: string): void {
  if (!quiet) {
    process.stderr.write(`${paint(32, message)}\n`);
  }
}

export function warn(message: string): void {
  process.stderr.write(`${paint(33, `warning: ${message}`)}\n`);
}

export function error(message: string): void {
  process.stderr.write(`${paint(31, `error: ${message}`)}\n`);
}

/** Prints data on stdout, such as a unified diff. */
export function data(text: string): void {
  process.stdout.write(text);
}
