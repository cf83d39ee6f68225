"""A small local runner for GitHub Actions workflows, enough to run our templates for real.

It reads a workflow (or a composite action), evaluates the `${{ }}` expressions the templates
use, and runs every `run:` step with bash and the environment a runner gives: GITHUB_OUTPUT,
GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY files (fresh per step, as on GitHub),
GITHUB_ACTIONS=true, RUNNER_TEMP, the step/job/workflow `env:` blocks. `uses:` steps are
handed to callbacks chosen by the test (the network actions get local equivalents); a
`uses:` without a callback is an error, so nothing silently passes.
"""

import json
import os
import re
import subprocess
import tempfile

import yaml


class ExprError(Exception):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>&&|\|\||==|!=|<=|>=|[<>!().,\[\]])"
    r"|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))")


def _tokens(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"cannot parse expression at: {text[pos:]!r}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


def _format(template, *args):
    # GitHub's format(): {N} is argument N, {{ and }} are literal braces.
    out = re.sub(r"\{(\d+)\}", lambda m: to_string(args[int(m.group(1))]),
                 template.replace("{{", "\0").replace("}}", "\1"))
    return out.replace("\0", "{").replace("\1", "}")


# The functions every expression may call (status functions are added per step or job).
FUNCTIONS = {
    "format": _format,
    "fromJSON": json.loads,
    "toJSON": json.dumps,
    "contains": lambda a, b: (b in a) if isinstance(a, list) else
    (to_string(b).lower() in to_string(a).lower()),
    "startsWith": lambda a, b: to_string(a).lower().startswith(to_string(b).lower()),
}


class _Parser:
    """Recursive descent over GitHub's expression grammar (the subset templates need)."""

    def __init__(self, text, ctx, funcs):
        self.toks, self.i, self.ctx = _tokens(text), 0, ctx
        self.funcs = dict(FUNCTIONS, **funcs)

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ExprError(f"expected {value!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self):
        v = self.or_()
        if self.i != len(self.toks):
            raise ExprError(f"trailing tokens: {self.toks[self.i:]}")
        return v

    def or_(self):
        v = self.and_()
        while self.peek()[1] == "||":
            self.take()
            rhs = self.and_()
            v = v if truthy(v) else rhs
        return v

    def and_(self):
        v = self.cmp()
        while self.peek()[1] == "&&":
            self.take()
            rhs = self.cmp()
            v = rhs if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek()[1] in ("==", "!=", "<", ">", "<=", ">="):
            op = self.take()[1]
            rhs = self.unary()
            a, b = _norm(v), _norm(rhs)
            if op in ("==", "!="):
                v = (a == b) == (op == "==")
            elif type(a) is not type(b) and not all(isinstance(x, (int, float)) for x in (a, b)):
                v = False  # GitHub yields false for ordering across types
            else:
                v = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return v

    def unary(self):
        if self.peek()[1] == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, val = self.take()
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return float(val) if "." in val else int(val)
        if val == "(":
            v = self.or_()
            self.take(")")
            return v
        if kind != "id":
            raise ExprError(f"unexpected {val!r}")
        if val in ("true", "false"):
            return val == "true"
        if val == "null":
            return None
        if self.peek()[1] == "(":
            self.take()
            args = []
            while self.peek()[1] != ")":
                args.append(self.or_())
                if self.peek()[1] == ",":
                    self.take()
            self.take(")")
            if val not in self.funcs:
                raise ExprError(f"unknown function {val}()")
            return self.funcs[val](*args)
        if val not in self.ctx:
            raise ExprError(f"unknown context {val!r}")
        v = self.ctx[val]
        while self.peek()[1] in (".", "["):
            if self.take()[1] == ".":
                key = self.take()[1]
            else:
                key = self.or_()
                self.take("]")
            v = v.get(key) if isinstance(v, dict) else None
        return v


def _norm(v):
    # GitHub compares loosely: strings that are numbers compare as numbers; case-insensitive.
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return v.lower()
    return 0 if v is None else v


def truthy(v):
    return v not in (None, False, 0, "", 0.0)


def to_string(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def interpolate(text, ctx, funcs):
    """Replaces each ${{ expr }} in a string (as the runner does before a step starts)."""
    if not isinstance(text, str):
        return text
    return _EXPR.sub(lambda m: to_string(_Parser(m.group(1), ctx, funcs).parse()), text)


def evaluate_if(cond, ctx, funcs):
    if cond is None:
        cond = "success()"
    if isinstance(cond, bool):
        return cond
    cond = str(cond).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", cond, re.S)
    if m:
        cond = m.group(1)
    text = cond
    # Like GitHub: a condition without a status function gets an implicit success() &&.
    if not re.search(r"\b(always|success|failure|cancelled)\(", text):
        text = f"success() && ({text})"
    return truthy(_Parser(text, ctx, funcs).parse())


def parse_output_file(path):
    """Reads a GITHUB_OUTPUT / GITHUB_ENV file: name=value lines and name<<DELIM blocks."""
    values = {}
    if not os.path.exists(path):
        return values
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body = []
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise ValueError(f"{path}: unterminated {name}<<{delim}")
            i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise ValueError(f"{path}: malformed line {line!r}")
    return values


class StepResult:
    def __init__(self, name, outcome, outputs, stdout, stderr, code):
        self.name, self.outcome, self.outputs = name, outcome, outputs
        self.stdout, self.stderr, self.code = stdout, stderr, code

    def annotations(self, level="error"):
        return [line for line in self.stdout.splitlines() if line.startswith(f"::{level}")]


class JobRun:
    """One job (or composite action) run: step results, summary, annotations, and for a job
    its `outputs:` evaluated after its steps."""

    def __init__(self):
        self.steps = []
        self.summary = ""
        self.env = {}
        self.outputs = {}

    @property
    def success(self):
        return all(s.outcome != "failure" for s in self.steps)

    def needs_entry(self):
        """What a later job sees of this one as needs.<id>."""
        return {"result": "success" if self.success else "failure", "outputs": self.outputs}

    def step(self, key):
        for s in self.steps:
            if s.name == key:
                return s
        raise KeyError(key)

    def annotations(self, level="error"):
        return [a for s in self.steps for a in s.annotations(level)]

    def output(self):
        return "".join(s.stdout + s.stderr for s in self.steps)


class Runner:
    """Runs jobs of a loaded workflow. `uses` maps an action prefix to a callback
    (runner, step, with_inputs, env, step_dir) -> (outcome, outputs, stdout, stderr)."""

    def __init__(self, workspace, inputs=None, variables=None, uses=None, base_env=None):
        self.workspace = workspace
        self.inputs = inputs or {}
        self.needs = {}
        self.matrix = {}
        self.vars = variables or {}
        self.uses = uses or {}
        self.base_env = dict(base_env if base_env is not None else os.environ)
        self.temp = tempfile.mkdtemp(prefix="runner-temp-")
        self.counter = 0

    def github_env(self):
        return {
            "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": self.workspace,
            "GITHUB_REPOSITORY": "octo-org/octo-app", "GITHUB_SHA": "3f9c2ab" + "0" * 33,
            "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_ACTOR": "octocat",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_EVENT_NAME": "workflow_dispatch",
            "GITHUB_REF": "refs/heads/main", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
            "RUNNER_TEMP": self.temp, "HOME": self.base_env.get("HOME", self.temp),
        }

    def context(self, steps, inputs, env, action_path=""):
        return {
            "inputs": inputs, "vars": self.vars, "env": env,
            "steps": {k: {"outputs": v.outputs, "outcome": v.outcome,
                          "conclusion": v.outcome} for k, v in steps.items()},
            "github": {"run_id": "4242", "repository": "octo-org/octo-app",
                       "action_path": action_path, "workspace": self.workspace,
                       "ref": "refs/heads/main", "sha": "3f9c2ab" + "0" * 33},
            "runner": {"os": "Linux", "arch": "X64", "temp": self.temp},
            "matrix": self.matrix, "needs": self.needs, "secrets": {},
        }

    def job_runs(self, workflow, job_id, needs=None):
        """Whether the job's `if:` lets it run, given the results of the jobs it needs
        ({id: JobRun.needs_entry()}); without a status function, success() of all of them."""
        self.needs = dict(needs or {})
        results = [n["result"] for n in self.needs.values()]
        funcs = {"always": lambda: True, "cancelled": lambda: False,
                 "success": lambda: all(r == "success" for r in results),
                 "failure": lambda: any(r == "failure" for r in results)}
        return evaluate_if(workflow["jobs"][job_id].get("if"), self.context({}, self.inputs, {}),
                           funcs)

    def run_job(self, workflow, job_id, extra_env=None, needs=None, matrix=None):
        job = workflow["jobs"][job_id]
        self.needs = dict(needs or {})
        self.matrix = dict(matrix or {})
        env = {}
        ctx = self.context({}, self.inputs, env)
        for block in (workflow.get("env") or {}, job.get("env") or {}):
            for k, v in block.items():
                env[k] = interpolate(to_string(v) if not isinstance(v, str) else v, ctx, {})
        env.update(extra_env or {})
        run = self.run_steps(job.get("steps") or [], self.inputs, env)
        ctx = self.context({s.name: s for s in run.steps}, self.inputs, env)
        run.outputs = {k: interpolate(v, ctx, {}) for k, v in (job.get("outputs") or {}).items()}
        return run

    def run_composite(self, action, inputs, env, action_path):
        declared = action.get("inputs") or {}
        values = {k: to_string(spec.get("default", "")) for k, spec in declared.items()}
        for k, v in inputs.items():
            if k not in declared:
                raise ExprError(f"input {k!r} is not declared by the action")
            values[k] = v
        run = self.run_steps(action["runs"]["steps"], values, dict(env), action_path)
        ctx = self.context({s.name: s for s in run.steps}, values, env, action_path)
        outputs = {k: interpolate(spec["value"], ctx, {})
                   for k, spec in (action.get("outputs") or {}).items()}
        return run, outputs

    def run_steps(self, steps, inputs, env, action_path=""):
        run = JobRun()
        by_id = {}
        path_prefix = []
        failed = False
        for index, step in enumerate(steps):
            key = step.get("id") or step.get("name") or f"step{index + 1}"
            ctx = self.context(by_id, inputs, env, action_path)
            funcs = {"always": lambda: True, "success": lambda: not failed,
                     "failure": lambda: failed, "cancelled": lambda: False}
            if not evaluate_if(step.get("if"), ctx, funcs):
                result = StepResult(key, "skipped", {}, "", "", None)
            else:
                result = self.run_step(step, key, ctx, env, path_prefix, run)
            run.steps.append(result)
            by_id[key] = result
            if result.outcome == "failure" and not step.get("continue-on-error"):
                failed = True
        run.env = env
        return run

    def run_step(self, step, key, ctx, env, path_prefix, run):
        self.counter += 1
        step_dir = os.path.join(self.temp, f"step{self.counter}")
        os.makedirs(step_dir)
        files = {n: os.path.join(step_dir, n.lower()) for n in
                 ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
        for p in files.values():
            open(p, "w").close()
        step_env = dict(env)
        for k, v in (step.get("env") or {}).items():
            step_env[k] = interpolate(v if isinstance(v, str) else to_string(v), ctx, {})
        full_env = dict(self.base_env)
        full_env.update(self.github_env())
        full_env.update(step_env)
        full_env.update(files)
        if path_prefix:
            full_env["PATH"] = ":".join(path_prefix + [full_env.get("PATH", "")])
        if "run" in step:
            script = interpolate(step["run"], ctx, {})
            shell = step.get("shell", "bash")
            if shell != "bash":
                raise ExprError(f"step {key}: only bash steps are supported, not {shell}")
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                  cwd=self.workspace, env=full_env, capture_output=True,
                                  text=True, timeout=600)
            outcome = "success" if proc.returncode == 0 else "failure"
            stdout, stderr, code = proc.stdout, proc.stderr, proc.returncode
            outputs = parse_output_file(files["GITHUB_OUTPUT"])
        else:
            action = step["uses"]
            handler = next((h for prefix, h in self.uses.items() if action.startswith(prefix)),
                           None)
            if handler is None:
                raise ExprError(f"step {key}: no local equivalent for uses: {action}")
            with_inputs = {k: interpolate(v if isinstance(v, str) else to_string(v), ctx, {})
                           for k, v in (step.get("with") or {}).items()}
            outcome, outputs, stdout, stderr = handler(self, step, with_inputs, full_env, files)
            outputs = dict(outputs)
            outputs.update(parse_output_file(files["GITHUB_OUTPUT"]))
            code = 0 if outcome == "success" else 1
        env.update(parse_output_file(files["GITHUB_ENV"]))
        with open(files["GITHUB_PATH"]) as f:
            path_prefix[:0] = [line for line in f.read().splitlines() if line]
        with open(files["GITHUB_STEP_SUMMARY"]) as f:
            run.summary += f.read()
        return StepResult(key, outcome, outputs, stdout, stderr, code)


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def composite_handler(action_path, extra_inputs=None):
    """A `uses:` callback that runs a local composite action (e.g. this repo's action.yml)."""
    action = load(os.path.join(action_path, "action.yml"))

    def handler(runner, step, with_inputs, env, files):
        inputs = dict(with_inputs)
        inputs.update(extra_inputs or {})
        caller_env = {k: v for k, v in env.items() if k not in files}
        run, outputs = runner.run_composite(action, inputs, caller_env, action_path)
        # Composite steps' summaries and env exports belong to the calling step.
        with open(files["GITHUB_STEP_SUMMARY"], "a") as f:
            f.write(run.summary)
        with open(files["GITHUB_ENV"], "a") as f:
            for k, v in run.env.items():
                if k not in env or env[k] != v:
                    f.write(f"{k}<<__EOF__\n{v}\n__EOF__\n")
        outcome = "success" if run.success else "failure"
        return outcome, outputs, run.output(), ""

    return handler
