// biome-ignore-all lint/suspicious/noTemplateCurlyInString: "${name}" is the corpus placeholder syntax under test, not a template literal.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusDir } from "../support/corpus-dir";
import { checkExpectations, type ObservedResponse } from "./check-expectations";
import {
  type CorpusFile,
  directoryTypeForIdp,
  Expectation,
  formatRunFailures,
  loadCorpusDir,
  MissingVariableError,
  parseCorpusFile,
  runCorpus,
  substitute,
  substituteDeep,
} from "./corpus";
import { evaluateJsonPath, JsonPathError, parseJsonPath } from "./json-path";

// The runner is tested on its own (no dsync server) so a bug in it cannot hide a server bug:
// every check below has a case that must fail.

const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "u1",
  userName: "bjensen",
  active: false,
  emails: [
    { value: "home@example.com", type: "home" },
    { value: "work@example.com", type: "work", primary: true },
  ],
  name: { givenName: "Barbara" },
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    department: "R&D",
    manager: { value: "m1" },
  },
  members: [],
};

describe("JSON path subset", () => {
  it.each([
    ["$.userName", "bjensen"],
    ["$.name.givenName", "Barbara"],
    ["$.emails[1].value", "work@example.com"],
    ["$.emails.length", 2],
    ["$.members.length", 0],
    ['$["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].department', "R&D"],
    ['$["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value', "m1"],
    ['$.emails[?(@.type=="work")].value', "work@example.com"],
    ['$.emails[?(@.type=="work")].primary', true],
    ['$.emails[?(@.type!="work")].value', "home@example.com"],
    ["$.emails[?(@.primary==true)].type", "work"],
    ['$.emails[?(@.type=="pager")].value', undefined],
    ["$.active", false],
    ["$.missing", undefined],
    ["$.missing.deeper", undefined],
    ["$.emails[7].value", undefined],
    ["$.userName.length", undefined],
  ])("%s", (path, expected) => {
    expect(evaluateJsonPath(user, path)).toEqual(expected);
  });

  it("filters pick the first match and work on list responses", () => {
    const list = {
      Resources: [
        { id: "a", displayName: "A" },
        { id: "b", displayName: "B" },
        { id: "b", displayName: "B2" },
      ],
    };
    expect(evaluateJsonPath(list, '$.Resources[?(@.id=="b")].displayName')).toBe("B");
    expect(evaluateJsonPath(list, "$.Resources.length")).toBe(3);
    expect(evaluateJsonPath({ length: 5 }, "$.length")).toBe(5);
  });

  it.each([
    "userName",
    "$.",
    "$.a[",
    "$.a[x]",
    "$.a[?(@.b=x)]",
    '$.a[?(@.b=="x"]',
    '$["unterminated]',
    "$.a b",
  ])("rejects %s", (path) => {
    expect(() => parseJsonPath(path)).toThrow(JsonPathError);
  });
});

function response(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const bodyText = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: lowered, bodyText } satisfies ObservedResponse;
}

/** Parses through the schema first, as the runner does. */
function check(expectation: unknown, res: ObservedResponse): string[] {
  return checkExpectations(Expectation.parse(expectation), res);
}

const listBody = (resources: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: resources.length,
  Resources: resources,
  startIndex: 1,
  itemsPerPage: resources.length,
  ...extra,
});

const errorBody = (status: string, scimType?: string, detail?: string) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  status,
  ...(scimType ? { scimType } : {}),
  ...(detail ? { detail } : {}),
});

describe("expectation checker", () => {
  it("status: number or list", () => {
    expect(check({ status: 201 }, response(201))).toEqual([]);
    expect(check({ status: [200, 204] }, response(204))).toEqual([]);
    expect(check({ status: 201 }, response(500))).toEqual(["status: expected 201, got 500"]);
    expect(check({ status: [200, 204] }, response(400))).toHaveLength(1);
  });

  it("contentType is a case-insensitive regex on the header", () => {
    const scim = response(200, {}, { "Content-Type": "application/scim+json; charset=utf-8" });
    expect(check({ contentType: "application/scim\\+json" }, scim)).toEqual([]);
    const json = response(200, {}, { "Content-Type": "application/json" });
    expect(check({ contentType: "application/scim\\+json" }, json)).toHaveLength(1);
    expect(check({ contentType: "application/scim\\+json" }, response(200, {}))).toHaveLength(1);
  });

  it("noBody", () => {
    expect(check({ noBody: true }, response(204))).toEqual([]);
    expect(check({ noBody: true }, response(204, "{}"))).toHaveLength(1);
    expect(check({ noBody: false }, response(204))).toHaveLength(1);
  });

  it("headers: exists / equals / matches, names case-insensitive", () => {
    const res = response(200, {}, { ETag: 'W/"3"', Location: "http://x/Users/1" });
    expect(
      check(
        {
          headers: [
            { name: "etag", matches: '^(W/)?".*"$' },
            { name: "location", exists: true },
            { name: "ETAG", equals: 'W/"3"' },
            { name: "x-nope", exists: false },
          ],
        },
        res,
      ),
    ).toEqual([]);
    expect(check({ headers: [{ name: "location", exists: false }] }, res)).toHaveLength(1);
    expect(check({ headers: [{ name: "x-nope", exists: true }] }, res)).toHaveLength(1);
    expect(check({ headers: [{ name: "etag", equals: '"3"' }] }, res)).toHaveLength(1);
    expect(check({ headers: [{ name: "etag", matches: "^\\d+$" }] }, res)).toHaveLength(1);
    expect(check({ headers: [{ name: "x-nope", matches: ".*" }] }, res)).toHaveLength(1);
  });

  it("listResponse: counts and the ListResponse schema", () => {
    const ok = response(200, listBody([{ id: "a" }]));
    expect(check({ listResponse: true }, ok)).toEqual([]);
    expect(
      check(
        { listResponse: { totalResults: 1, resources: 1, startIndex: 1, itemsPerPage: 1 } },
        ok,
      ),
    ).toEqual([]);
    expect(check({ listResponse: { totalResults: 2 } }, ok)).toEqual([
      "listResponse.totalResults: expected 2, got 1",
    ]);
    expect(check({ listResponse: { resources: 0 } }, ok)).toHaveLength(1);
    expect(check({ listResponse: { startIndex: 3 } }, ok)).toHaveLength(1);
    // Schema problems fail even with `true`.
    expect(check({ listResponse: true }, response(200, { Resources: [] }))).not.toEqual([]);
    expect(
      check({ listResponse: true }, response(200, listBody([], { totalResults: "0" }))),
    ).not.toEqual([]);
    expect(
      check({ listResponse: true }, response(200, listBody([{ id: "a" }], { itemsPerPage: 5 }))),
    ).toHaveLength(1);
    expect(check({ listResponse: true }, response(200, "not json"))).toHaveLength(1);
    // count=0: Resources may be omitted; it counts as zero resources.
    const countZero = response(200, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 5,
    });
    expect(check({ listResponse: { totalResults: 5, resources: 0 } }, countZero)).toEqual([]);
  });

  it("scimError: status string equal to the HTTP status, scimType, detail", () => {
    const conflict = response(409, errorBody("409", "uniqueness", "userName taken"));
    expect(check({ scimError: true }, conflict)).toEqual([]);
    expect(
      check({ scimError: { status: "409", scimType: "uniqueness", detail: true } }, conflict),
    ).toEqual([]);
    expect(check({ scimError: { scimType: "invalidValue" } }, conflict)).toHaveLength(1);
    expect(check({ scimError: { status: "400" } }, conflict)).toHaveLength(1);
    const noDetail = response(409, errorBody("409", "uniqueness"));
    expect(check({ scimError: { detail: true } }, noDetail)).toHaveLength(1);
    // RFC 7644 §3.12: status is a JSON string.
    const numeric = response(404, { ...errorBody("404"), status: 404 });
    expect(check({ scimError: true }, numeric)).toHaveLength(1);
    expect(check({ scimError: true }, response(404, errorBody("400")))).toHaveLength(1);
    expect(check({ scimError: true }, response(404, { detail: "nope" }))).not.toEqual([]);
    expect(check({ scimError: true }, response(500, "Internal Server Error"))).toHaveLength(1);
  });

  it.each([
    [
      { path: "$.userName", equals: "bjensen" },
      { path: "$.userName", equals: "BJENSEN" },
    ],
    [
      { path: "$.active", equals: false },
      { path: "$.active", equals: "false" },
    ],
    [
      { path: "$.name", equals: { givenName: "Barbara" } },
      { path: "$.name", equals: {} },
    ],
    [
      { path: "$.userName", notEquals: "x" },
      { path: "$.userName", notEquals: "bjensen" },
    ],
    [
      { path: "$.id", exists: true },
      { path: "$.password", exists: true },
    ],
    [
      { path: "$.password", exists: false },
      { path: "$.id", exists: false },
    ],
    [
      { path: "$.password", absent: true },
      { path: "$.id", absent: true },
    ],
    [
      { path: "$.id", type: "string" },
      { path: "$.id", type: "integer" },
    ],
    [
      { path: "$.emails.length", type: "integer" },
      { path: "$.active", type: "string" },
    ],
    [
      { path: "$.emails", type: "array" },
      { path: "$.name", type: "array" },
    ],
    [
      { path: "$.name", type: "object" },
      { path: "$.emails", type: "object" },
    ],
    [
      { path: "$.active", type: "boolean" },
      { path: "$.missing", type: "boolean" },
    ],
    [
      { path: "$.userName", matches: "^bj" },
      { path: "$.active", matches: ".*" },
    ],
    [
      { path: "$.schemas", contains: "urn:ietf:params:scim:schemas:core:2.0:User" },
      { path: "$.schemas", contains: "urn:x" },
    ],
    [
      { path: "$.emails", containsMatch: { type: "work", primary: true } },
      { path: "$.emails", containsMatch: { type: "home", primary: true } },
    ],
    [
      { path: "$.emails", notContainsMatch: { type: "other" } },
      { path: "$.emails", notContainsMatch: { type: "home" } },
    ],
    [
      { path: '$["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]', type: "object" },
      { path: "$.name", containsMatch: {} },
    ],
    [
      { path: "$.emails", length: 2 },
      { path: "$.emails", length: 1 },
    ],
    [
      { path: "$.members", empty: true },
      { path: "$.emails", empty: true },
    ],
    [
      { path: "$.emails", empty: false },
      { path: "$.members", empty: false },
    ],
    [
      { path: "$.userName", oneOf: ["x", "bjensen"] },
      { path: "$.userName", oneOf: ["x"] },
    ],
    [
      { path: "$.emails.length", lte: 2 },
      { path: "$.emails.length", lte: 1 },
    ],
    [
      { path: "$.emails.length", gte: 2 },
      { path: "$.emails.length", gt: 2 },
    ],
    [
      { path: "$.emails.length", lt: 3 },
      { path: "$.userName", lt: 3 },
    ],
  ])("json check %# passes its first and fails its second assertion", (passing, failing) => {
    const res = response(200, user);
    expect(check({ json: [passing] }, res)).toEqual([]);
    const failures = check({ json: [failing] }, res);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(failing.path);
  });

  it("absent / null / [] are one state (RFC 7643 §2.5) for exists, empty and length", () => {
    const res = response(200, { a: null, b: [] });
    expect(
      check(
        {
          json: [
            { path: "$.a", exists: false },
            { path: "$.a", empty: true },
            { path: "$.b", empty: true },
            { path: "$.c", empty: true },
            { path: "$.c", length: 0 },
            { path: "$.a", notContainsMatch: { value: "x" } },
          ],
        },
        res,
      ),
    ).toEqual([]);
  });

  it("json on a non-JSON body fails", () => {
    expect(check({ json: [{ path: "$.id", exists: false }] }, response(200, "<html>"))).toEqual([
      expect.stringContaining("not JSON"),
    ]);
  });
});

describe("corpus schema", () => {
  const minimal = (step: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    idp: "rfc",
    source: "test",
    description: "test",
    steps: [{ name: "s", method: "GET", path: "/Users", expect: { status: 200 }, ...step }],
    ...extra,
  });

  it("accepts a minimal file", () => {
    expect(parseCorpusFile("t.json", minimal({})).steps).toHaveLength(1);
  });

  it.each([
    ["an unknown expectation key", { expect: { status: 200, statuz: 200 } }],
    ["an unknown json assertion", { expect: { json: [{ path: "$.id", isUuid: true }] } }],
    ["a json assertion without a check", { expect: { json: [{ path: "$.id" }] } }],
    ["a bad JSON path", { expect: { json: [{ path: "id", exists: true }] } }],
    ["an unknown step key", { retries: 3 }],
    ["an unknown listResponse key", { expect: { listResponse: { total: 1 } } }],
    ["an unknown scimError key", { expect: { scimError: { code: "400" } } }],
    ["a numeric scimError status", { expect: { scimError: { status: 400 } } }],
    ["an unknown header assertion key", { expect: { headers: [{ name: "etag", is: "x" }] } }],
    ["body and bodyRaw together", { method: "POST", body: {}, bodyRaw: "{}" }],
    ["dir 2 in a one-directory file", { dir: 2 }],
    ["a bad save source", { save: { id: "id" } }],
    ["an invalid regex", { expect: { contentType: "(" } }],
  ])("rejects %s", (_, step) => {
    expect(() => parseCorpusFile("t.json", minimal(step as Record<string, unknown>))).toThrow(
      /t\.json/,
    );
  });

  it("rejects unknown top-level keys and parallel expectations other than statusCounts", () => {
    expect(() => parseCorpusFile("t.json", minimal({}, { retries: 1 }))).toThrow();
    const parallel = {
      parallel: { count: 2, step: { method: "GET", path: "/Users" } },
      expect: { statusCounts: { "200": 2 }, status: 200 },
    };
    expect(() => parseCorpusFile("t.json", { ...minimal({}), steps: [parallel] })).toThrow(
      /Unrecognized key/,
    );
  });

  it("parses every file of the corpus", () => {
    const entries = loadCorpusDir(corpusDir());
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      if (entry.error) throw entry.error;
      expect(entry.corpus?.steps.length).toBeGreaterThan(0);
    }
  });

  it("maps providers to directory types", () => {
    expect(directoryTypeForIdp("entra")).toBe("azure scim v2.0");
    expect(directoryTypeForIdp("okta")).toBe("okta scim v2.0");
    expect(directoryTypeForIdp("rfc")).toBe("generic scim v2.0");
    expect(directoryTypeForIdp("someone-new")).toBe("generic scim v2.0");
  });
});

describe("variables", () => {
  const vars = new Map([
    ["run", "abc"],
    ["RUN", "ABC"],
    ["v1", 'W/"1"'],
  ]);

  it("substitutes run, RUN, saved values and fresh UUIDs", () => {
    expect(substitute("u.${run}@x / ${RUN}", vars)).toBe("u.abc@x / ABC");
    const [a, b] = substitute("${@uuid} ${@uuid}", vars).split(" ");
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it("substitutes inside JSON values, not their serialization", () => {
    expect(substituteDeep({ "If-Match": "${v1}", list: ["${run}", 1, null] }, vars)).toEqual({
      "If-Match": 'W/"1"',
      list: ["abc", 1, null],
    });
  });

  it("refuses unknown variables", () => {
    expect(() => substitute("/Users/${uid}", vars)).toThrow(MissingVariableError);
  });
});

/** A stand-in SCIM server that records requests and answers from a script. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

describe("runner against a fake server", () => {
  let server: Server;
  let base: string;
  const recorded: Recorded[] = [];
  let created = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        recorded.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/scim+json", ...headers });
          res.end(json === undefined ? undefined : JSON.stringify(json));
        };
        if (req.method === "POST" && req.url?.endsWith("/Users")) {
          created += 1;
          if (created % 2 === 0) return send(409, errorBody("409", "uniqueness", "taken"));
          return send(201, { id: `id-${created}`, userName: "x" }, { ETag: 'W/"1"' });
        }
        if (req.method === "DELETE") {
          res.writeHead(204);
          return res.end();
        }
        return send(200, listBody([]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const corpus = (steps: unknown[], extra: Record<string, unknown> = {}): CorpusFile =>
    parseCorpusFile("fake.json", {
      idp: "rfc",
      source: "test",
      description: "test",
      steps,
      ...extra,
    });

  const targets = () => [
    { scimBase: `${base}/scim/v2/dir1`, token: "token-one" },
    { scimBase: `${base}/scim/v2/dir2`, token: "token-two" },
  ];

  it("builds requests as the corpus describes them and saves values", async () => {
    recorded.length = 0;
    created = 0;
    const result = await runCorpus({
      file: "fake.json",
      run: "r1",
      targets: targets(),
      corpus: corpus(
        [
          {
            name: "create",
            method: "POST",
            path: "/Users",
            body: { userName: "a.${run}" },
            save: { uid: "$.id", etag: "header:etag" },
            expect: { status: 201 },
          },
          {
            name: "query",
            method: "GET",
            path: "/Users",
            query: { filter: 'userName eq "a.${RUN}"', count: 2 },
            headers: { "If-Match": "${etag}" },
            expect: { status: 200, listResponse: { totalResults: 0 } },
          },
          {
            name: "raw",
            method: "GET",
            path: "/Users",
            rawQuery: "filter=DisplayName+eq+%22${uid}%22",
            dir: 2,
            tokenOf: 1,
            expect: { status: 200 },
          },
          {
            name: "no auth",
            method: "DELETE",
            path: "/Users/${uid}",
            auth: "none",
            expect: { status: 204, noBody: true },
          },
          {
            name: "invalid",
            method: "GET",
            path: "/Users",
            auth: "invalid",
            expect: { status: 200 },
          },
          {
            name: "literal",
            method: "POST",
            path: "/x",
            auth: "Basic dXNlcjpwYXNz",
            headers: { "Content-Type": "text/plain" },
            bodyRaw: "userName=${run}",
            expect: { status: 200 },
          },
        ],
        { directories: 2 },
      ),
    });
    expect(formatRunFailures(result)).toBe("fake.json: 0 of 6 steps failed (run r1)");
    const [create, query, raw, noAuth, invalid, literal] = recorded;
    expect(create).toMatchObject({
      method: "POST",
      url: "/scim/v2/dir1/Users",
      body: '{"userName":"a.r1"}',
      headers: { authorization: "Bearer token-one", "content-type": "application/scim+json" },
    });
    expect(query!.url).toBe("/scim/v2/dir1/Users?filter=userName%20eq%20%22a.R1%22&count=2");
    expect(query!.headers["if-match"]).toBe('W/"1"');
    expect(raw!.url).toBe("/scim/v2/dir2/Users?filter=DisplayName+eq+%22id-1%22");
    expect(raw!.headers.authorization).toBe("Bearer token-one");
    expect(noAuth!.url).toBe("/scim/v2/dir1/Users/id-1");
    expect(noAuth!.headers.authorization).toBeUndefined();
    expect(invalid!.headers.authorization).toMatch(/^Bearer invalid-/);
    expect(literal).toMatchObject({
      body: "userName=r1",
      headers: { authorization: "Basic dXNlcjpwYXNz", "content-type": "text/plain" },
    });
  });

  it("reports file, step, request, expectation and response body; later steps still run", async () => {
    created = 0;
    const result = await runCorpus({
      file: "fake.json",
      run: "r2",
      targets: targets(),
      corpus: corpus([
        {
          name: "expects too much",
          method: "GET",
          path: "/Users",
          query: { filter: 'userName eq "x"' },
          save: { gone: "$.Resources[0].id" },
          expect: { status: 200, listResponse: { totalResults: 1 } },
        },
        { name: "needs gone", method: "GET", path: "/Users/${gone}", expect: { status: 200 } },
        { name: "still runs", method: "GET", path: "/Users", expect: { status: 201 } },
      ]),
    });
    expect(result.failed.map((s) => s.name)).toEqual([
      "expects too much",
      "needs gone",
      "still runs",
    ]);
    const report = formatRunFailures(result);
    expect(report).toContain("fake.json: 3 of 3 steps failed");
    expect(report).toContain('step 1 "expects too much"');
    expect(report).toContain("listResponse.totalResults: expected 1, got 0");
    expect(report).toContain("save gone: $.Resources[0].id yielded nothing");
    expect(report).toContain("request: GET http://127.0.0.1:");
    expect(report).toContain('"totalResults":0');
    expect(report).toContain("not sent: variable ${gone} is not defined");
    expect(report).toContain("status: expected 201, got 200");
    expect(report).not.toContain("token-one");
  });

  it("parallel steps count statuses exactly", async () => {
    created = 0;
    const steps = (counts: Record<string, number>) => [
      {
        name: "race",
        parallel: { count: 4, step: { method: "POST", path: "/Users", body: { userName: "x" } } },
        expect: { statusCounts: counts },
      },
    ];
    const ok = await runCorpus({
      file: "fake.json",
      targets: targets(),
      corpus: corpus(steps({ "201": 2, "409": 2 })),
    });
    expect(ok.failed).toEqual([]);
    created = 0;
    const bad = await runCorpus({
      file: "fake.json",
      targets: targets(),
      corpus: corpus(steps({ "201": 1, "409": 3 })),
    });
    expect(bad.failed[0]?.failures).toEqual([
      "statusCounts[201]: expected 1, got 2",
      "statusCounts[409]: expected 3, got 2",
    ]);
    expect(formatRunFailures(bad)).toContain("sample 409 response: 409");
  });
});
