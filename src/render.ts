/** EJS rendering of the text templates under templates/, and the location of this package. */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import ejs from 'ejs';

/** Returns the root directory of this package, found from this module upward (src/ or lib/src/). */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'templates')) || !existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`create-rust-mcp cannot find its templates/ directory above ${fileURLToPath(import.meta.url)}; the installation is incomplete, so reinstall the package`);
    }
    directory = parent;
  }
  return directory;
}

/** Returns the version of this package. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

/** Returns the absolute path of a template, relative to templates/. */
export function templatePath(relative: string): string {
  return join(packageRoot(), 'templates', relative);
}

/**
 * Renders a template with plain values. A template ending in `.ejs` is rendered. Any other file is
 * returned as it is, so Rust sources that need no values stay buildable files in templates/.
 */
export function renderTemplate(relative: string, values: Readonly<Record<string, unknown>> = {}): string {
  const source = readFileSync(templatePath(relative), 'utf8');
  if (!relative.endsWith('.ejs')) {
    return source;
  }
  // The templates produce source code, not HTML, so `<%= %>` inserts values without HTML escaping.
  return ejs.render(source, values, { filename: templatePath(relative), escape: String });
}
