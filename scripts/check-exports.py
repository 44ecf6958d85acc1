#!/usr/bin/env python3
"""Checks the machine-readable exports of sites built by policyc, each with
a real consumer, against the vocabularies in vocab/:

  scripts/check-exports.py SITE_DIR [SITE_DIR...]

- every policy document `*.json` validates against schema/policy.schema.json,
  and every `coverage.json` against schema/coverage.schema.json (jsonschema),
  its digests recomputed (the policy's sources' listing, rules/*.yaml) and
  its counts added up;
- every DPV document `*.jsonld` expands with a JSON-LD processor (PyLD) that
  may fetch nothing (the context must be inline), loses no property, and
  uses only IRIs of vocab/dpv.tsv in the dpv, pd, eu-gdpr, legal-eu,
  legal-gb, legal-in, legal-us, loc and tech namespaces (and no sunset term), besides a few rdf/rdfs/xsd basics;
- every `PrivacyInfo.xcprivacy` parses as a property list (plistlib) with
  only the keys and values of vocab/apple.tsv, of the right types, tracking
  domains when it tracks, and required-reason API entries whose categories
  and reason codes are those of vocab/apple-apis.tsv;
- every `app_privacy_details.json` (the App Store label fastlane uploads)
  validates against schema/app-privacy-details.schema.json, written from
  fastlane's reader, with only App Store Connect ids of vocab/apple.tsv,
  and "not collected" only alone;
- every `*-data-safety.csv` parses as CSV with the header and only the
  question and response ids of vocab/play.tsv, a block for every data type
  as the Console writes it (empty for a type not collected), no cell that
  begins a formula, and every question Play requires answered: whether it
  collects data; for every collected type collected/shared, ephemeral,
  required or optional (one), at least one collection purpose, and a
  sharing purpose when shared; encryption in transit when it collects;
- `.well-known/gpc.json` has the shape of W3C GPC (`gpc`, `lastUpdate`);
- `.policyc-build.json`, the build's record of what it wrote (not an
  export), is version 1 and names exactly the site's other files.

jsonschema and PyLD are installed, at pinned versions, in a virtual
environment under target/ when this Python lacks them. Exit status: 0 all
passed, 1 a check failed, 2 the checker could not run.
"""

import csv
import hashlib
import importlib.metadata
import json
import os
import plistlib
import re
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VOCAB = REPO / "vocab"
SCHEMA = REPO / "schema" / "policy.schema.json"
COVERAGE_SCHEMA = REPO / "schema" / "coverage.schema.json"
COVERAGE_VERSION = 2
APP_STORE_SCHEMA = REPO / "schema" / "app-privacy-details.schema.json"
VENV = REPO / "target" / "check-exports-venv"
# The consumers, and what they pull in, at the versions checked with.
PINNED = [
    "jsonschema==4.26.0",
    "PyLD==3.3.0",
    "attrs==26.1.0",
    "cachetools==8.0.1",
    "frozendict==2.5.1",
    "jsonschema-specifications==2025.9.1",
    "lxml==6.1.3",
    "referencing==0.37.0",
    "rpds-py==2026.9.1",
    "typing_extensions==4.16.0",
]
DIRECT = {"jsonschema": "4.26.0", "PyLD": "3.3.0"}


def say(message):
    print(f"check-exports: {message}", flush=True)


def die(message):
    print(f"check-exports: error: {message}", file=sys.stderr)
    sys.exit(2)


# --- 1. the consumers ---------------------------------------------------------


def have_consumers():
    try:
        return all(importlib.metadata.version(n) == v for n, v in DIRECT.items())
    except importlib.metadata.PackageNotFoundError:
        return False


def ensure_consumers():
    """Runs this script again in the pinned virtual environment, made first
    when missing, unless this Python already has the pinned consumers."""
    if have_consumers():
        return
    python = VENV / "bin" / "python"
    if os.environ.get("CHECK_EXPORTS_IN_VENV"):
        die(f"the virtual environment {VENV} lacks {', '.join(PINNED[:2])}")
    if not python.exists() or subprocess.run(
        [python, "-c", "import jsonschema, pyld"], capture_output=True
    ).returncode:
        say(f"installing {', '.join(PINNED[:2])} into {VENV.relative_to(REPO)}")
        venv.create(VENV, with_pip=True, clear=True)
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        done = subprocess.run(pip + PINNED, capture_output=True, text=True)
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            die("pip install failed")
    env = dict(os.environ, CHECK_EXPORTS_IN_VENV="1")
    os.execve(python, [str(python), __file__, *sys.argv[1:]], env)


# --- 2. the vocabularies ------------------------------------------------------


def table(name):
    with open(VOCAB / name, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row)) for row in body if row and not row[0].startswith("#")]


class Vocab:
    def __init__(self):
        dpv = table("dpv.tsv")
        self.namespaces = {r["term"].split()[1]: r["full_iri"] for r in dpv if r["term"].startswith("@ns ")}
        self.dpv_terms = {r["full_iri"] for r in dpv if r["full_iri"].startswith("https://")}
        # Sunset in DPV 2.3 (vocab/README.md): in the table only to be avoided.
        self.sunset = {
            self.namespaces["dpv"] + t
            for t in ("PersonalDataHandling", "DataControllerContract", "DataProcessorContract",
                      "DataSubjectContract", "ThirdPartyContract")
        }
        checked = ("dpv", "pd", "eu-gdpr", "legal-eu", "legal-gb", "legal-in", "legal-us", "loc", "tech")
        self.checked_namespaces = [self.namespaces[p] for p in checked]

        apple = table("apple.tsv")
        where = lambda kind: {r["key"] for r in apple if r["display_category"] == kind}
        self.apple_top = where("(top-level key)")
        self.apple_item = where("(NSPrivacyCollectedDataTypes item key)")
        self.apple_purposes = where("(purpose value)")
        self.apple_types = {
            r["key"] for r in apple
            if r["key"].startswith("NSPrivacyCollectedDataType") and not r["display_category"].startswith("(")
        }

        self.api_reasons = {}  # NSPrivacyAccessedAPICategory… -> reason codes
        for r in table("apple-apis.tsv"):
            self.api_reasons.setdefault(r["apple_category"], set()).add(r["reason"])
        self.app_store_ids = {
            r["asc_api_id"].rstrip(" ?") for r in apple
            if re.fullmatch(r"[A-Z_]+( \?)?", r["asc_api_id"])
        }

        play = table("play.tsv")
        header_row = next(r for r in play if r["kind"] == "csv-header")
        self.play_header = next(csv.reader([header_row["display_label"].split(" = ", 1)[1].strip('"')]))
        self.play_top = {}  # question id -> set of response ids ("" for none)
        for r in play:
            if r["kind"] in ("top-question", "data-type"):
                response = "" if r["response_id"] == "-" else r["response_id"]
                self.play_top.setdefault(r["question_id"], set()).add(response)
        self.play_types = {r["response_id"] for r in play if r["kind"] == "data-type"}
        self.play_type_groups = {r["response_id"]: r["question_id"] for r in play if r["kind"] == "data-type"}
        purposes = {r["response_id"] for r in play if r["kind"] == "purpose"}
        self.play_per_type = {}  # sub-question -> set of response ids
        for r in play:
            if r["kind"] == "per-type-question":
                sub = r["question_id"].split(":")[-1]
                responses = purposes if r["response_id"] == "(purpose id)" else {
                    "" if r["response_id"] == "-" else r["response_id"]}
                self.play_per_type.setdefault(sub, set()).update(responses)
        self.play_requirements = {r["answer_requirement"] for r in play if r["answer_requirement"] != "-"}


# --- 3. the checks ------------------------------------------------------------


class Report:
    def __init__(self):
        self.problems = []
        self.counts = {}

    def fail(self, path, message):
        self.problems.append(f"{path}: {message}")

    def checked(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1


def check_json(path, validator, report, kind="policy JSON"):
    document = json.loads(path.read_text(encoding="utf-8"))
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        report.fail(path, f"schema: {where}: {error.message}")
    report.checked(kind)


def iris_of(node, out, properties):
    """Every IRI of an expanded JSON-LD value: properties, types, ids."""
    if isinstance(node, list):
        for item in node:
            iris_of(item, out, properties)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@id":
                out.add(value)
            elif key == "@type":
                out.update(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                out.add(key)
                properties.add(key)
            if isinstance(value, (list, dict)):
                iris_of(value, out, properties)


def check_jsonld(path, vocab, report):
    from pyld import jsonld

    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document.get("@context"), dict):
        report.fail(path, "the @context must be an inline object (DPV publishes none)")
        return

    def refuse(url, options=None):
        raise RuntimeError(f"tried to load {url}: every context must be inline")

    dropped = []
    try:
        expanded = jsonld.expand(
            document, {"documentLoader": refuse}, on_property_dropped=lambda p: dropped.append(p)
        )
        quads = jsonld.to_rdf(document, {"documentLoader": refuse, "format": "application/n-quads"})
    except Exception as e:  # PyLD raises its own error types
        report.fail(path, f"JSON-LD: {e}")
        return
    for prop in dropped:
        report.fail(path, f"JSON-LD: property `{prop}` does not expand to an IRI and was dropped")
    iris, properties = set(), set()
    iris_of(expanded, iris, properties)
    basics = {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2000/01/rdf-schema#comment",
        "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        "http://www.w3.org/2001/XMLSchema#duration",
        "http://www.w3.org/2001/XMLSchema#anyURI",
    }
    for iri in sorted(iris):
        if any(iri.startswith(ns) for ns in vocab.checked_namespaces):
            if iri not in vocab.dpv_terms:
                report.fail(path, f"DPV: `{iri}` is not a term of vocab/dpv.tsv")
            elif iri in vocab.sunset:
                report.fail(path, f"DPV: `{iri}` is sunset in DPV 2.3")
        elif iri.startswith("http://www.w3.org/") and iri not in basics:
            report.fail(path, f"`{iri}` is not one of the rdf/rdfs/xsd terms the export may use")
        elif iri in properties and iri not in basics:
            report.fail(path, f"property `{iri}` is of no known vocabulary")
        elif not iri.startswith(("_:", "https://", "http://")):
            report.fail(path, f"`{iri}` is not an absolute IRI or a blank node")
    notice = vocab.namespaces["dpv"] + "PrivacyNotice"
    if sum(1 for n in expanded if notice in n.get("@type", [])) != 1:
        report.fail(path, "DPV: not exactly one dpv:PrivacyNotice")
    if not quads.strip():
        report.fail(path, "JSON-LD: no triples")
    report.checked("DPV JSON-LD")


def check_plist(path, vocab, report):
    try:
        with open(path, "rb") as f:
            manifest = plistlib.load(f)
    except Exception as e:
        report.fail(path, f"plist: {e}")
        return
    if not isinstance(manifest, dict):
        report.fail(path, "plist: the top level is not a dictionary")
        return
    for key in manifest:
        if key not in vocab.apple_top:
            report.fail(path, f"Apple: unknown top-level key `{key}`")
    if not isinstance(manifest.get("NSPrivacyTracking"), bool):
        report.fail(path, "Apple: NSPrivacyTracking is missing or not a boolean")
    domains = manifest.get("NSPrivacyTrackingDomains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        report.fail(path, "Apple: NSPrivacyTrackingDomains is not an array of strings")
    if manifest.get("NSPrivacyTracking") is True and not domains:
        report.fail(path, "Apple: NSPrivacyTracking is true but NSPrivacyTrackingDomains is empty")
    check_accessed_apis(path, manifest.get("NSPrivacyAccessedAPITypes", []), vocab, report)
    seen = set()
    for n, item in enumerate(manifest.get("NSPrivacyCollectedDataTypes", [])):
        where = f"NSPrivacyCollectedDataTypes[{n}]"
        if not isinstance(item, dict):
            report.fail(path, f"Apple: {where} is not a dictionary")
            continue
        for key in item:
            if key not in vocab.apple_item:
                report.fail(path, f"Apple: {where}: unknown key `{key}`")
        for key in sorted(vocab.apple_item - item.keys()):
            report.fail(path, f"Apple: {where}: `{key}` is missing")
        data_type = item.get("NSPrivacyCollectedDataType")
        if data_type not in vocab.apple_types:
            report.fail(path, f"Apple: {where}: `{data_type}` is not a data type of vocab/apple.tsv")
        if data_type in seen:
            report.fail(path, f"Apple: {where}: `{data_type}` is listed twice")
        seen.add(data_type)
        for key in ("NSPrivacyCollectedDataTypeLinked", "NSPrivacyCollectedDataTypeTracking"):
            if key in item and not isinstance(item[key], bool):
                report.fail(path, f"Apple: {where}: {key} is not a boolean")
        purposes = item.get("NSPrivacyCollectedDataTypePurposes", [])
        if not isinstance(purposes, list):
            report.fail(path, f"Apple: {where}: NSPrivacyCollectedDataTypePurposes is not an array")
            continue
        for purpose in purposes:
            if purpose not in vocab.apple_purposes:
                report.fail(path, f"Apple: {where}: `{purpose}` is not a purpose of vocab/apple.tsv")
    report.checked("Apple privacy manifest")


URL_QUESTIONS = {"PSL_ACCOUNT_DELETION_URL", "PSL_DATA_DELETION_URL"}
TEXT_QUESTIONS = {"PSL_ACM_SPECIFY", "PSL_OUTSIDE_APP_ACCOUNT_TYPE_SPECIFY"}


def check_play_row(path, line, row, vocab, chosen_types, report, unchosen):
    question, response, value, requirement, _label = row
    parts = question.split(":")
    if len(parts) == 3 and parts[0] == "PSL_DATA_USAGE_RESPONSES":
        _, data_type, sub = parts
        known = vocab.play_per_type.get(sub)
        if data_type not in vocab.play_types or known is None:
            report.fail(path, f"line {line}: unknown question `{question}`")
        elif response not in known:
            report.fail(path, f"line {line}: `{response}` is not a response of `{sub}`")
        elif data_type not in chosen_types and value and data_type not in unchosen:
            unchosen.add(data_type)
            report.fail(path, f"line {line}: answers about `{data_type}`, which is not marked collected")
    elif question in vocab.play_top:
        if response not in vocab.play_top[question]:
            report.fail(path, f"line {line}: `{response}` is not a response of `{question}`")
    else:
        report.fail(path, f"line {line}: unknown question `{question}`")
    if requirement not in vocab.play_requirements:
        report.fail(path, f"line {line}: unknown answer requirement `{requirement}`")
    if question in URL_QUESTIONS:
        if value and not re.fullmatch(r"https?://\S+", value):
            report.fail(path, f"line {line}: `{value}` is not a web address")
    elif question not in TEXT_QUESTIONS and value not in ("", "true", "false"):
        report.fail(path, f"line {line}: value `{value}` is not true, false or empty")


def check_play_answers(path, rows, vocab, chosen_types, report):
    """Every question Play requires is answered: the top-level ones, and
    for each collected type its block (the Data safety form's rules)."""
    values = {}
    for row in rows[1:]:
        if len(row) == 5:
            values.setdefault(row[0], {})[row[1]] = row[2]
    collects = values.get("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", {}).get("")
    if collects not in ("true", "false"):
        report.fail(path, "Play: `PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA` is not answered")
    if collects == "true" and values.get("PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT", {}).get("") not in ("true", "false"):
        report.fail(path, "Play: `PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT` is not answered")
    # Google Play's account deletion requirement (Console Help answer
    # 13327111): an app that lets people create an account gives a web link
    # for deleting it; "no account" is never chosen beside a method.
    methods = {k for k, v in values.get("PSL_SUPPORTED_ACCOUNT_CREATION_METHODS", {}).items() if v == "true"}
    if methods - {"PSL_ACM_NONE"} and not values.get("PSL_ACCOUNT_DELETION_URL", {}).get(""):
        report.fail(path, "Play: accounts can be created but `PSL_ACCOUNT_DELETION_URL` is empty")
    if "PSL_ACM_NONE" in methods and len(methods) > 1:
        report.fail(path, "Play: `PSL_ACM_NONE` is chosen beside another account creation method")
    for data_type in sorted(vocab.play_types):
        block = lambda sub: values.get(f"PSL_DATA_USAGE_RESPONSES:{data_type}:{sub}", {})
        if not block("PSL_DATA_USAGE_COLLECTION_AND_SHARING"):
            report.fail(path, f"Play: no block for `{data_type}` (the Console writes one for every type)")
            continue
        if data_type not in chosen_types:
            continue
        sharing = block("PSL_DATA_USAGE_COLLECTION_AND_SHARING")
        if sharing.get("PSL_DATA_USAGE_ONLY_COLLECTED") != "true":
            report.fail(path, f"Play: `{data_type}` is collected but not answered so")
        if block("PSL_DATA_USAGE_EPHEMERAL").get("") not in ("true", "false"):
            report.fail(path, f"Play: `{data_type}`: ephemeral is not answered")
        control = [v for v in block("DATA_USAGE_USER_CONTROL").values() if v == "true"]
        if len(control) != 1:
            report.fail(path, f"Play: `{data_type}`: required or optional is not answered once")
        if "true" not in block("DATA_USAGE_COLLECTION_PURPOSE").values():
            report.fail(path, f"Play: `{data_type}`: no collection purpose")
        shared = sharing.get("PSL_DATA_USAGE_ONLY_SHARED") == "true"
        if shared and "true" not in block("DATA_USAGE_SHARING_PURPOSE").values():
            report.fail(path, f"Play: `{data_type}`: shared, but no sharing purpose")


def check_csv(path, vocab, report):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != vocab.play_header:
        report.fail(path, f"Play: the header is not {vocab.play_header}")
        return
    chosen_types = {
        row[1] for row in rows[1:]
        if len(row) == 5 and vocab.play_type_groups.get(row[1]) == row[0] and row[2] == "true"
    }
    unchosen = set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 5:
            report.fail(path, f"line {line}: {len(row)} columns, not 5")
            continue
        check_play_row(path, line, row, vocab, chosen_types, report, unchosen)
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                report.fail(path, f"line {line}: cell `{cell}` begins a formula")
    check_play_answers(path, rows, vocab, chosen_types, report)
    report.checked("Play Data safety CSV")


def check_gpc(path, report):
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        report.fail(path, f"GPC: not JSON: {e}")
        return
    if not isinstance(document, dict) or not isinstance(document.get("gpc"), bool):
        report.fail(path, "GPC: `gpc` must be a boolean member of an object")
        return
    for key in document:
        if key not in ("gpc", "lastUpdate"):
            report.fail(path, f"GPC: unexpected member `{key}`")
    date = r"\d{4}-\d{2}-\d{2}"
    datetime = date + r"T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"
    last = document.get("lastUpdate")
    if last is not None and not (isinstance(last, str) and re.fullmatch(f"{date}|{datetime}", last)):
        report.fail(path, f"GPC: lastUpdate `{last}` is not an RFC 3339 date or date-time")
    report.checked("GPC")


def check_record(site, path, report):
    document = json.loads(path.read_text(encoding="utf-8"))
    files = document.get("files")
    if document.get("version") != 1 or not isinstance(files, list):
        report.fail(path, "build record: not version 1 with a list of files")
        return
    written = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p != path
    )
    if sorted(files) != written:
        report.fail(path, f"build record: names {sorted(files)}, the site holds {written}")
    report.checked("build record")


def check_accessed_apis(path, apis, vocab, report):
    """NSPrivacyAccessedAPITypes: each entry an Apple category with at least
    one reason code Apple approves for it (vocab/apple-apis.tsv)."""
    if not isinstance(apis, list):
        report.fail(path, "Apple: NSPrivacyAccessedAPITypes is not an array")
        return
    for n, item in enumerate(apis):
        where = f"NSPrivacyAccessedAPITypes[{n}]"
        if not isinstance(item, dict) or set(item) != {"NSPrivacyAccessedAPIType", "NSPrivacyAccessedAPITypeReasons"}:
            report.fail(path, f"Apple: {where} is not a dictionary of a type and its reasons")
            continue
        category = item["NSPrivacyAccessedAPIType"]
        reasons = item["NSPrivacyAccessedAPITypeReasons"]
        if category not in vocab.api_reasons:
            report.fail(path, f"Apple: {where}: `{category}` is not a category of vocab/apple-apis.tsv")
            continue
        if not isinstance(reasons, list) or not reasons:
            report.fail(path, f"Apple: {where}: no reasons")
            continue
        for reason in reasons:
            if reason not in vocab.api_reasons[category]:
                report.fail(path, f"Apple: {where}: `{reason}` is not a reason Apple approves for `{category}`")


def check_app_store(path, validator, vocab, report):
    """The App Store label as fastlane reads it: the schema written from its
    reader, App Store Connect ids of vocab/apple.tsv, "not collected" alone."""
    document = json.loads(path.read_text(encoding="utf-8"))
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        report.fail(path, f"App Store label: {where}: {error.message}")
    usages = document if isinstance(document, list) else []
    for n, usage in enumerate(usages):
        if not isinstance(usage, dict):
            continue
        ids = [usage.get("category")] + list(usage.get("purposes", [])) + list(usage.get("data_protections", []))
        for id in ids:
            if id is not None and id not in vocab.app_store_ids:
                report.fail(path, f"App Store label: [{n}]: `{id}` is not an id of vocab/apple.tsv")
        if "category" not in usage and len(usages) != 1:
            report.fail(path, "App Store label: DATA_NOT_COLLECTED beside other usages")
    categories = [u.get("category") for u in usages if isinstance(u, dict) and "category" in u]
    if len(categories) != len(set(categories)):
        report.fail(path, "App Store label: a category is listed twice")
    report.checked("App Store label")


def check_coverage(path, report):
    """What the schema cannot say of a coverage matrix, recomputed here with
    hashlib: the policy's source digest is the SHA-256 of its files' listing
    (`sha256sum` format), each rule set's digest is that of rules/PROFILE.yaml
    in this checkout, and every profile's counts add up to its rules."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("schema_version") != COVERAGE_VERSION:
        report.fail(path, f"coverage: schema_version is not {COVERAGE_VERSION}")
        return
    provenance = document["provenance"]
    source = provenance["policy"]
    listing = "".join(f"{f['sha256']}  {f['file']}\n" for f in source["files"])
    if hashlib.sha256(listing.encode("utf-8")).hexdigest() != source["sha256"]:
        report.fail(path, "coverage: the policy's sha256 is not that of its files' listing")
    for rule_set in provenance["rule_sets"]:
        embedded = REPO / rule_set["file"]
        if not embedded.is_file():
            report.fail(path, f"coverage: no {rule_set['file']} in this checkout")
        elif hashlib.sha256(embedded.read_bytes()).hexdigest() != rule_set["sha256"]:
            report.fail(path, f"coverage: {rule_set['file']} differs from the rule set checked")
    for profile in document["profiles"]:
        if sum(profile["counts"].values()) != len(profile["rules"]):
            report.fail(path, f"coverage: {profile['profile']}'s counts do not add up to its rules")


def check_site(site, vocab, validator, coverage_validator, report, app_store_validator=None):
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site)
        if relative.as_posix() == ".policyc-build.json":
            check_record(site, path, report)
        elif relative.as_posix() == ".well-known/gpc.json":
            check_gpc(path, report)
        elif path.name == "app_privacy_details.json":
            check_app_store(path, app_store_validator, vocab, report)
        elif path.name == "coverage.json":
            check_json(path, coverage_validator, report, "coverage matrix")
            check_coverage(path, report)
        elif path.suffix == ".json":
            check_json(path, validator, report)
        elif path.suffix == ".jsonld":
            check_jsonld(path, vocab, report)
        elif path.name == "PrivacyInfo.xcprivacy":
            check_plist(path, vocab, report)
        elif path.name.endswith("-data-safety.csv"):
            check_csv(path, vocab, report)


def main():
    sites = [Path(a) for a in sys.argv[1:]]
    if not sites or any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    for site in sites:
        if not site.is_dir():
            die(f"`{site}` is not a folder")
    ensure_consumers()
    import jsonschema

    def validator_of(path):
        schema = json.loads(path.read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        return cls(schema, format_checker=cls.FORMAT_CHECKER)

    validator = validator_of(SCHEMA)
    coverage_validator = validator_of(COVERAGE_SCHEMA)
    app_store_validator = validator_of(APP_STORE_SCHEMA)
    vocab = Vocab()
    report = Report()
    for site in sites:
        check_site(site, vocab, validator, coverage_validator, report, app_store_validator)
    for problem in report.problems:
        print(f"FAIL {problem}")
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.counts.items())) or "nothing"
    say(f"checked {counts} in {', '.join(str(s) for s in sites)}")
    if not report.counts:
        say("FAIL: no export found")
        sys.exit(1)
    if report.problems:
        say(f"FAIL: {len(report.problems)} problem(s)")
        sys.exit(1)
    say("PASS")


if __name__ == "__main__":
    main()
