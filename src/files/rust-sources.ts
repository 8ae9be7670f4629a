/** The Rust sources of the server: sample files, written once and then owned by the user. */

import type { Answers } from '../options.js';
import { renderTemplate } from '../render.js';
import { SampleFile } from '../sync/kinds.js';
import { crateIdent } from '../validate.js';
import type { RustMcpProject } from '../project.js';

/**
 * Template paths under templates/rust, without `.ejs`, which are also their paths in the generated
 * repo. Every server gets the database code and migrations behind Cargo features, so switching the
 * database option later only changes Cargo.toml and the managed files.
 */
export const RUST_SOURCES = [
  'migrations/mysql/0001_create_notes.sql',
  'migrations/postgres/0001_create_notes.sql',
  'migrations/sqlite/0001_create_notes.sql',
  'src/build_info.rs',
  'src/config.rs',
  'src/db.rs',
  'src/http.rs',
  'src/lib.rs',
  'src/main.rs',
  'src/notes.rs',
  'src/server.rs',
  'src/shutdown.rs',
  'src/state.rs',
  'src/telemetry.rs',
  'tests/http.rs',
] as const;

/** Templates that take values; the others are copied verbatim. */
const TEMPLATED = new Set<string>(['src/main.rs', 'tests/http.rs']);

export function addRustSources(project: RustMcpProject, answers: Answers): void {
  const values = { crateIdent: crateIdent(answers.name), description: answers.description };

  for (const path of RUST_SOURCES) {
    const template = TEMPLATED.has(path) ? `rust/${path}.ejs` : `rust/${path}`;
    new SampleFile(project, path, renderTemplate(template, values));
  }
}
