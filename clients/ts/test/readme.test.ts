// The README's quick start is examples/quickstart.ts, word for word.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = join(__dirname, "..", "..");

test("the project README's TypeScript snippet is examples/quickstart.ts", () => {
  const readme = readFileSync(join(root, "..", "..", "README.md"), "utf8");
  const snippet = readme.slice(readme.indexOf("## TypeScript client")).split("```ts\n")[1]?.split("```")[0];
  assert.equal(snippet, readFileSync(join(root, "examples", "quickstart.ts"), "utf8"));
});

test("the README's quick start is examples/quickstart.ts", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const snippet = readme.slice(readme.indexOf("## Quick start")).split("```ts\n")[1]?.split("```")[0];
  assert.equal(snippet, readFileSync(join(root, "examples", "quickstart.ts"), "utf8"));
});
