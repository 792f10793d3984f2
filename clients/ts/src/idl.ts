// The committed Anchor IDLs in the repository's `idl/`, read at run time so
// that folder stays the single source of truth (no copies in this package).

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Idl } from "@anchor-lang/core";

/** The five Encore programs, named as in their IDLs and the Rust crates. */
export const PROGRAM_NAMES = [
  "track_registry",
  "stream_escrow",
  "royalty_shares",
  "royalty_pool",
  "governance",
] as const;

export type ProgramName = (typeof PROGRAM_NAMES)[number];

/** The nearest `idl/` folder above this file: the repository's, whether run from `src/` or `dist/src/`. */
function idlDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, "idl");
    if (existsSync(join(candidate, "track_registry.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no idl/ folder with the Encore IDLs above ${__dirname}`);
    }
    dir = parent;
  }
}

function load(name: ProgramName): Idl {
  const idl = JSON.parse(readFileSync(join(idlDir(), `${name}.json`), "utf8")) as Idl;
  if (idl.metadata.name !== name) {
    throw new Error(`idl/${name}.json describes ${idl.metadata.name}, not ${name}`);
  }
  return idl;
}

/** Each program's IDL, as committed (snake_case; Anchor's `Program` camelCases it). */
export const IDLS: Readonly<Record<ProgramName, Idl>> = Object.freeze(
  Object.fromEntries(PROGRAM_NAMES.map((name) => [name, load(name)])) as Record<ProgramName, Idl>,
);
