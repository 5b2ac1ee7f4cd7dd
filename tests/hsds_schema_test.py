#!/usr/bin/python3
"""The district server's HSDS API, read as any other system would read it, and every answer
validated against Open Referral's own HSDS 3.0 schemas with Debian's python3-jsonschema.

    hsds_schema_test.py DISTRICT_SERVER_BIN SOURCE_DIR CERT_DIR WORK_DIR

The server runs as shipped (nginx with TLS in front of district-server on a Unix socket, by
scripts/district-stack, on loopback; the client verifies the test CA). For each feed — the
sample directory, every Open Referral example (../shared/hsds-examples) and every feed written
by others (../shared/hsds-realdata) — the feed is imported with `district-server directory
import`, then every endpoint of schema/openapi.json is read: `/`, every page of `/services`
(brief, full, minimal, NDJSON), every `/services/{id}`, and `/organizations`, `/taxonomies`,
`/taxonomy_terms`, `/service_at_locations` with every `/{id}`. Each answer is validated against
the schema openapi.json names for it (its `$ref`s resolved to the local copy of the schema
files), with the format checks jsonschema has (uuid, email, uri, date...). Then each documented
parameter is checked to be honoured, and an unknown or invalid one to be refused naming it.

Exits 77 (ctest: skipped) with a message when ../shared/hsds-spec is absent.
"""
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import urllib.parse
import warnings

SERVER_BIN, SOURCE, CERTS, WORK = sys.argv[1:5]
SHARED = os.path.join(SOURCE, "..", "shared")
SPEC = os.environ.get("HSDS_SPEC_DIR", os.path.join(SHARED, "hsds-spec"))
EXAMPLES = os.environ.get("HSDS_EXAMPLES_DIR", os.path.join(SHARED, "hsds-examples"))
REALDATA = os.environ.get("HSDS_REALDATA_DIR", os.path.join(SHARED, "hsds-realdata"))
SCHEMA_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

if not os.path.isdir(os.path.join(SPEC, "schema")):
    print(f"SKIP: the HSDS 3.0 specification is not at {SPEC} (set HSDS_SPEC_DIR); nothing to validate against")
    sys.exit(77)
try:
    import jsonschema
except ImportError:
    print("FAIL: python3-jsonschema is not installed (scripts/setup installs it)")
    sys.exit(1)

failures = []
schema_errors = []
checked = {"answers": 0}


def check(condition, what):
    if not condition:
        print("FAIL  " + what, flush=True)
        failures.append(what)
    return condition


# ---------------------------------------------------------------------------------------
# The official schemas
# ---------------------------------------------------------------------------------------

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


OPENAPI = load(os.path.join(SPEC, "schema", "openapi.json"))
STORE = {}
for folder in ("", "compiled"):
    for name in os.listdir(os.path.join(SPEC, "schema", folder)):
        if name.endswith(".json"):
            rel = (folder + "/" if folder else "") + name
            STORE[SCHEMA_URL + rel] = load(os.path.join(SPEC, "schema", rel))
OPENAPI_URL = SCHEMA_URL + "openapi.json"
STORE[OPENAPI_URL] = OPENAPI
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    RESOLVER = jsonschema.RefResolver(base_uri=OPENAPI_URL, referrer=OPENAPI, store=STORE)
FORMATS = jsonschema.FormatChecker()
print("format checks available: " + ", ".join(sorted(FORMATS.checkers)), flush=True)


def response_schema(path_template):
    schema = OPENAPI["paths"][path_template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    if path_template == "/service_at_locations/{id}":
        # openapi.json points this endpoint at compiled/service.json, but api_reference.md
        # documents it with examples/service_at_location_full.json: a service_at_location with
        # its service and location. The schema of that example is compiled/service_at_location.json.
        schema = {"$ref": SCHEMA_URL + "compiled/service_at_location.json"}
    return schema


def validate(value, path_template, url):
    checked["answers"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        validator = jsonschema.Draft202012Validator(response_schema(path_template), resolver=RESOLVER,
                                                    format_checker=FORMATS)
        errors = list(validator.iter_errors(value))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path)
        schema_errors.append(f"{url}: at /{where}: {error.message[:200]}")
    return not errors


# ---------------------------------------------------------------------------------------
# The server as shipped, and a client that verifies it
# ---------------------------------------------------------------------------------------

DATA = os.path.join(WORK, "data")
STACK = os.path.join(WORK, "stack")
PORT = None
LANGUAGE = None   # an Accept-Language to send, or None


def get(path):
    """One GET, as a well-behaved client makes it: a 429 (the server's per-address rate limit,
    which this crawl of hundreds of requests can reach) is waited out as Retry-After says."""
    context = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))
    for attempt in range(30):
        connection = http.client.HTTPSConnection("127.0.0.1", PORT, context=context, timeout=30)
        try:
            connection.request("GET", path, headers={"Accept-Language": LANGUAGE} if LANGUAGE else {})
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            if response.status == 429:
                checked["waits"] = checked.get("waits", 0) + 1
                time.sleep(min(5.0, float(response.getheader("Retry-After", "1") or 1)))
                continue
            return response.status, body, response.getheader("Content-Type", "")
        finally:
            connection.close()
    return 429, "still rate-limited after 30 tries", 


def get_json(path, template):
    status, body, _ = get(path)
    if not check(status == 200, f"GET {path}: {status} {body[:200]}"):
        return None
    value = json.loads(body)
    validate(value, template, path)
    return value


# `minimal` answers "just service 'id' and 'modified_date'" (the parameter's description in
# openapi.json), which the /services response schema (items of compiled/service_list.json,
# which require name and status) cannot describe: the envelope is validated as a Page and each
# item as an id (uuid) and a modified_date (date-time).
MINIMAL_ITEM = {"type": "object", "required": ["id", "modified_date"], "additionalProperties": False,
                "properties": {"id": {"type": "string", "format": "uuid"}, "modified_date": {"type": "string", "format": "date-time"}}}


def get_minimal(path):
    status, body, _ = get(path)
    if not check(status == 200, f"GET {path}: {status} {body[:200]}"):
        return None
    value = json.loads(body)
    checked["answers"] += 1
    schema = {"allOf": [{"$ref": OPENAPI_URL + "#/components/schemas/Page"}],
              "properties": {"contents": {"type": "array", "items": MINIMAL_ITEM}}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        validator = jsonschema.Draft202012Validator(schema, resolver=RESOLVER, format_checker=FORMATS)
        for error in validator.iter_errors(value):
            schema_errors.append(f"{path}: at /{'/'.join(str(p) for p in error.absolute_path)}: {error.message[:200]}")
    return value


def pages(path, template, per_page=50):
    """Every item of every page of a listing, each page validated."""
    items, page = [], 1
    while True:
        sep = "&" if "?" in path else "?"
        envelope = get_json(f"{path}{sep}page={page}&per_page={per_page}", template)
        if envelope is None:
            return items
        items += envelope["contents"]
        if envelope["last_page"] or page > 500:
            return items
        page += 1


def quote(value):
    return urllib.parse.quote(value, safe="")


def import_feed(path, extra=()):
    result = subprocess.run([SERVER_BIN, "directory", "import", path, "--data", DATA, *extra],
                            capture_output=True, text=True)
    return result.returncode == 0, result.stdout + result.stderr


def round_trip(label, path):
    """import -> API -> import -> API: the second API answer is byte for byte the first."""
    status, first, _ = get("/services?format=ndjson&full=true")
    if not check(status == 200, f"{label}: NDJSON for the round trip"):
        return
    served = os.path.join(WORK, "round-trip.ndjson")
    with open(served, "w", encoding="utf-8") as f:
        f.write(first)
    ok, output = import_feed(served)
    if not check(ok, f"{label}: the API's own answer imports again: {output[-300:]}"):
        return
    status, second, _ = get("/services?format=ndjson&full=true")
    same = status == 200 and second == first
    if not same:
        a, b = first.splitlines(), second.splitlines()
        diff = next((f"line {i + 1}:\n  {x[:300]}\n  {y[:300]}" for i, (x, y) in enumerate(zip(a, b)) if x != y),
                    f"{len(a)} lines, then {len(b)}")
        print(f"{label}: round trip differs at {diff}")
    check(same, f"{label}: import -> API -> import -> API is byte-identical ({len(first)} bytes)")
    inactive = sum(1 for line in first.splitlines() if line.strip() and json.loads(line).get("status") != "active")
    if inactive:
        print(f"{label}: the round trip carried {inactive} services that are not active")


# ---------------------------------------------------------------------------------------
# Lossless: every value a feed gave is in what the server serves
# ---------------------------------------------------------------------------------------

def same_value(given, served):
    """A value as the feed gave it and as served: equal, or made valid without losing it."""
    if given == served:
        return True
    if isinstance(given, str) and isinstance(served, (int, float)) and not isinstance(served, bool):
        try:
            return float(given.strip().lstrip("extEXT.#x ")) == float(served)   # "12" -> 12, "ext. 204" -> 204
        except ValueError:
            return False
    if isinstance(given, (int, float)) and isinstance(served, str):
        return str(given) == served                                      # a phone number given as a number
    if isinstance(given, str) and isinstance(served, str):
        if given.strip().lower() == served.lower():                     # "Active" -> "active"
            return True
        if served in ("https://" + given.strip(), urllib.parse.quote(given, safe=":/?#[]@!$&'()*+,;=%~")):
            return True                                                  # a scheme added, characters escaped
    return False


def lossless(given, served, path, lost):
    """Every leaf of `given` is in `served` (at its place, or set aside as x_<field>)."""
    compared = 0
    if isinstance(given, dict):
        if not isinstance(served, dict):
            lost.append(f"{path}: an object became {type(served).__name__}")
            return 0
        for key, value in given.items():
            if value is None:
                continue
            if key in served and (same_value(value, served[key]) or isinstance(value, (dict, list))):
                compared += lossless(value, served[key], f"{path}/{key}", lost)
            elif "x_" + key in served:
                compared += lossless(value, served["x_" + key], f"{path}/x_{key}", lost)
            else:
                lost.append(f"{path}/{key}: {json.dumps(value)[:80]} is not served" if key not in served
                            else f"{path}/{key}: {json.dumps(value)[:60]} served as {json.dumps(served[key])[:60]}")
        return compared
    if isinstance(given, list):
        if not isinstance(served, list) or len(served) < len(given):
            lost.append(f"{path}: a list of {len(given)} served as {json.dumps(served)[:60]}")
            return 0
        for i, item in enumerate(given):
            if isinstance(item, str) and isinstance(served[i], dict):   # ["English"] -> [{"name": "English"}]
                compared += 1 if served[i].get("name") == item.strip() else lost.append(f"{path}/{i}") or 0
            else:
                compared += lossless(item, served[i], f"{path}/{i}", lost)
        return compared
    if not same_value(given, served):
        lost.append(f"{path}: {json.dumps(given)[:60]} served as {json.dumps(served)[:60]}")
        return 0
    return 1


def services_in(document):
    """The service records a JSON feed holds, as the feed gave them, first of each id."""
    records = document["contents"] if isinstance(document, dict) and "contents" in document else \
        document if isinstance(document, list) else [document]
    out = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("services"), list):          # an organization
            for service in record["services"]:
                out.setdefault(service.get("id"), service)
        elif isinstance(record.get("service"), dict):          # a service_at_location
            out.setdefault(record["service"].get("id"), record["service"])
        elif "name" in record and "id" in record:
            out.setdefault(record["id"], record)
    return out


def check_lossless(label, path, full):
    if not path.endswith(".json"):
        return
    with open(path, encoding="utf-8-sig") as f:
        given = services_in(json.load(f))
    served = {s["id"]: s for s in full}
    lost, compared = [], 0
    for service_id, record in given.items():
        if service_id in served:
            compared += lossless(record, served[service_id], f"service {service_id}", lost)
    for item in lost[:10]:
        print(f"{label}: LOST {item}")
    print(f"{label}: {compared} values the feed gave compared with what is served, {len(lost)} lost")
    check(not lost and compared > 0, f"{label}: every one of {compared} values the feed gave is served ({len(lost)} lost)")


def crawl(label):
    """Reads every endpoint of the directory now served; returns the full services."""
    before = len(schema_errors)
    root = get_json("/", "/")
    if root is not None:
        check(root.get("version", "").startswith("3."), f"{label}: / names the HSDS version ({root})")
    brief = pages("/services", "/services")
    full = pages("/services?full=true", "/services")
    check(len(brief) == len(full), f"{label}: /services and /services?full=true list the same services")
    for service in full:
        one = get_json("/services/" + quote(service["id"]), "/services/{id}")
        check(one == service, f"{label}: /services/{service['id']} is the same as its item of ?full=true")
    minimal = get_minimal("/services?minimal=true")
    if minimal is not None:
        check(sorted(s["id"] for s in minimal["contents"]) == sorted(s["id"] for s in brief),
              f"{label}: ?minimal=true lists every service")
    status, body, content_type = get("/services?format=ndjson&full=true")
    if check(status == 200, f"{label}: ?format=ndjson answers 200"):
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        check(len(lines) == len(full), f"{label}: NDJSON has one line per service ({len(lines)} vs {len(full)})")
        for line in lines:
            validate(line, "/services/{id}", "/services?format=ndjson")
    for listing, item_template in (("/organizations", "/organizations/{id}"), ("/taxonomies", "/taxonomies/{id}"),
                                   ("/taxonomy_terms", "/taxonomy_terms/{id}"),
                                   ("/service_at_locations", "/service_at_locations/{id}")):
        items = pages(listing, listing)
        for item in items:
            get_json(f"{item_template.replace('{id}', quote(item['id']))}", item_template)
        if listing == "/organizations":
            for item in pages(listing + "?full_service=true", listing):
                pass
    print(f"{label}: {len(full)} services, {len(schema_errors) - before} schema errors", flush=True)
    return full


# ---------------------------------------------------------------------------------------
# The parameters, honoured or refused
# ---------------------------------------------------------------------------------------

def ids(envelope):
    return [item["id"] for item in envelope["contents"]] if envelope else []


def parameters(full):
    total = len(full)
    # search: the same FTS as the kiosk; a word from one service's name finds it, not everything.
    target = next(s for s in full if len(s["name"].split()[0]) >= 5)
    word = target["name"].split()[0]
    found = get_json("/services?per_page=100&search=" + quote(word), "/services")
    check(target["id"] in ids(found) and 0 < len(ids(found)) < total, f"search={word} finds its service and not all ({len(ids(found))})")
    none = get_json("/services?search=zzqqxxnothing", "/services")
    check(none is not None and none["total_items"] == 0, "search for a word no service has finds nothing")
    # organization_id
    def organization_of(service):
        return service.get("organization_id") or service.get("organization", {}).get("id")
    organization = organization_of(full[0])
    expected = sorted(s["id"] for s in full if organization_of(s) == organization)
    got = get_json("/services?per_page=100&organization_id=" + quote(organization), "/services")
    check(sorted(ids(got)) == expected, f"organization_id keeps exactly that organization's {len(expected)} services")
    # taxonomy_term_id and taxonomy_id
    term = full[0]["attributes"][0]["taxonomy_term"]
    def term_of(attribute):
        return attribute.get("taxonomy_term_id") or attribute.get("taxonomy_term", {}).get("id")
    expected = sorted(s["id"] for s in full if any(term_of(a) == term["id"] for a in s.get("attributes", [])))
    got = get_json("/services?per_page=100&taxonomy_term_id=" + quote(term["id"]), "/services")
    check(sorted(ids(got)) == expected and expected, f"taxonomy_term_id keeps the {len(expected)} services of that term")
    if term.get("taxonomy_id"):
        expected = sorted(s["id"] for s in full if any(a.get("taxonomy_term", {}).get("taxonomy_id") == term["taxonomy_id"]
                                                       for a in s.get("attributes", [])))
        got = get_json("/services?per_page=100&taxonomy_id=" + quote(term["taxonomy_id"]), "/services")
        check(sorted(ids(got)) == expected, f"taxonomy_id keeps the {len(expected)} services of that taxonomy")
        terms = get_json("/taxonomy_terms?per_page=100&taxonomy_id=" + quote(term["taxonomy_id"]), "/taxonomy_terms")
        check(terms is not None and all(t.get("taxonomy_id") == term["taxonomy_id"] for t in terms["contents"]),
              "/taxonomy_terms?taxonomy_id keeps that taxonomy's terms")
    # modified_after
    later = get_json("/services?modified_after=2999-01-01T00:00:00Z", "/services")
    check(later is not None and later["total_items"] == 0, "modified_after in the future finds nothing")
    earlier = get_json("/services?modified_after=2000-01-01T00:00:00Z", "/services")
    check(earlier is not None and earlier["total_items"] == total, "modified_after long ago finds everything")
    # page and per_page
    page2 = get_json("/services?per_page=3&page=2", "/services")
    check(page2 is not None and page2["page_number"] == 2 and page2["size"] == min(3, max(0, total - 3)),
          "per_page=3&page=2 is the second page of three")
    # full and minimal change the shape
    brief = get_json("/services?per_page=1", "/services")
    check(brief is not None and "organization" not in brief["contents"][0], "without full=true a service has no nested organization")
    minimal = get_minimal("/services?minimal=true&per_page=1")
    check(minimal is not None and "description" not in minimal["contents"][0], "minimal=true leaves descriptions out")
    # unknown and invalid parameters are refused, naming the parameter
    for query, name in (("colour=blue", "colour"), ("page=0", "page"), ("per_page=-1", "per_page"),
                        ("modified_after=yesterday", "modified_after"), ("format=xml", "format"),
                        ("full=maybe", "full"), ("page=abc", "page")):
        status, body, _ = get("/services?" + query)
        check(status == 400 and name in body, f"/services?{query} answers 400 naming {name} ({status} {body[:120]})")
    status, body, _ = get("/services/" + quote("00000000-0000-4000-8000-000000000000"))
    check(status == 404, f"an unknown service id answers 404 ({status})")


# ---------------------------------------------------------------------------------------
# The feeds
# ---------------------------------------------------------------------------------------

def feeds():
    out = [("sample directory", os.path.join(SOURCE, "assets/directory/directory.en.json"), [])]
    if os.path.isdir(EXAMPLES):
        for name in sorted(os.listdir(EXAMPLES)):
            if name.endswith(".json") or name == "csv":
                out.append(("Open Referral example " + name, os.path.join(EXAMPLES, name), []))
    else:
        print(f"note: {EXAMPLES} is absent; the Open Referral examples are not served")
    if os.path.isdir(REALDATA):
        for name in sorted(os.listdir(REALDATA)):
            if name.endswith(".md"):
                continue
            out.append(("feed " + name, os.path.join(REALDATA, name), []))
    else:
        print(f"note: {REALDATA} is absent; the feeds written by others are not served")
    return out


def translations(english):
    """The sample directory in every language it has, served by Accept-Language, valid too."""
    global LANGUAGE
    for locale in ("es", "vi", "ar", "zh", "ht", "pt"):
        path = os.path.join(SOURCE, f"assets/directory/directory.{locale}.json")
        ok, output = import_feed(path, ["--locale", locale])
        if not check(ok, f"the sample's {locale} translation imports: {output[-200:]}"):
            continue
        expected = {s["id"]: s["name"] for s in load(path)}
        LANGUAGE = locale
        try:
            served = crawl(f"sample directory in {locale}")
        finally:
            LANGUAGE = None
        check(len(served) == len(english) and all(s["name"] == expected[s["id"]] for s in served),
              f"every service is served with its {locale} name")
        check(all(s["organization_id"] == e["organization_id"] for s, e in zip(served, english)),
              f"in {locale}, everything but the text is the same")


def main():
    global PORT
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    subprocess.run([SERVER_BIN, "init", "--data", DATA], check=True, stdout=subprocess.DEVNULL)
    PORT = int(subprocess.run([os.path.join(SOURCE, "scripts/district-stack"), "start", STACK, "--data", DATA,
                               "--port", "0", "--server", SERVER_BIN, "--cert", os.path.join(CERTS, "server.pem"),
                               "--key", os.path.join(CERTS, "server.key"), "--ca", os.path.join(CERTS, "ca.pem"),
                               "--", "--quiet"], check=True, capture_output=True, text=True).stdout.strip())
    try:
        served = 0
        for label, path, extra in feeds():
            ok, output = import_feed(path, extra)
            if not ok:
                # A feed that holds no services (a taxonomy, a location) or is not HSDS is refused
                # and the server keeps serving the directory it had; that is checked elsewhere.
                print(f"{label}: not imported: {output.strip().splitlines()[-1] if output.strip() else ''}")
                continue
            full = crawl(label)
            check_lossless(label, path, full)
            round_trip(label, path)
            served += 1
            if label == "sample directory":
                parameters(full)
                translations(full)
        check(served >= 2, f"at least the sample directory and one feed were served ({served})")
    finally:
        subprocess.run([os.path.join(SOURCE, "scripts/district-stack"), "stop", STACK])
    print(f"{checked['answers']} answers validated; {len(schema_errors)} schema errors; {len(failures)} other failures; "
          f"{checked.get('waits', 0)} waits for the rate limit")
    for error in schema_errors[:int(os.environ.get("HSDS_SHOW_ERRORS", "60"))]:
        print("SCHEMA  " + error)
    if len(schema_errors) > 60:
        print(f"... and {len(schema_errors) - 60} more")
    return 1 if failures or schema_errors else 0


if __name__ == "__main__":
    sys.exit(main())
