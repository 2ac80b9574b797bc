import { z } from "zod";
import { parseJsonPath } from "./json-path";

/**
 * The idp-corpus file format (/work/shared/idp-corpus/README.md) as zod schemas.
 *
 * Every object is `strict`: a key the runner does not implement (a new expectation type,
 * a typo such as "stauts") is a parse error, so a new corpus file can never pass by having
 * its checks silently ignored.
 */

/** `${name}` placeholders are resolved at run time; syntax-check paths with them replaced. */
const JsonPath = z.string().refine(
  (path) => {
    try {
      parseJsonPath(path.replace(/\$\{[^}]*\}/g, "x"));
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a JSON path of the supported subset ($.a.b, $.a[0], $["k"], [?(@.k==v)])' },
);

const Regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

const JsonObject = z.record(z.string(), z.unknown());

export const JsonAssertion = z
  .strictObject({
    path: JsonPath,
    equals: z.unknown().optional(),
    notEquals: z.unknown().optional(),
    exists: z.boolean().optional(),
    absent: z.boolean().optional(),
    type: z.enum(["string", "integer", "number", "boolean", "array", "object", "null"]).optional(),
    matches: Regex.optional(),
    contains: z.unknown().optional(),
    containsMatch: JsonObject.optional(),
    notContainsMatch: JsonObject.optional(),
    length: z.number().int().min(0).optional(),
    empty: z.boolean().optional(),
    oneOf: z.array(z.unknown()).min(1).optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
  })
  .refine((a) => Object.keys(a).some((k) => k !== "path"), {
    message: "a json assertion needs at least one check besides path",
  });
export type JsonAssertion = z.infer<typeof JsonAssertion>;

export const HeaderAssertion = z
  .strictObject({
    name: z.string().min(1),
    exists: z.boolean().optional(),
    equals: z.string().optional(),
    matches: Regex.optional(),
  })
  .refine((h) => h.exists !== undefined || h.equals !== undefined || h.matches !== undefined, {
    message: "a header assertion needs exists, equals or matches",
  });
export type HeaderAssertion = z.infer<typeof HeaderAssertion>;

const StatusCode = z.number().int().min(100).max(599);

export const ListResponseExpectation = z.union([
  z.literal(true),
  z.strictObject({
    totalResults: z.number().int().min(0).optional(),
    resources: z.number().int().min(0).optional(),
    startIndex: z.number().int().optional(),
    itemsPerPage: z.number().int().min(0).optional(),
  }),
]);

export const ScimErrorExpectation = z.union([
  z.literal(true),
  z.strictObject({
    status: z
      .string()
      .regex(/^\d{3}$/, "status is the HTTP status as a string")
      .optional(),
    scimType: z.string().optional(),
    /** `true`: a non-empty human-readable detail is required. */
    detail: z.literal(true).optional(),
  }),
]);

export const Expectation = z.strictObject({
  status: z.union([StatusCode, z.array(StatusCode).min(1)]).optional(),
  contentType: Regex.optional(),
  noBody: z.boolean().optional(),
  headers: z.array(HeaderAssertion).optional(),
  listResponse: ListResponseExpectation.optional(),
  scimError: ScimErrorExpectation.optional(),
  json: z.array(JsonAssertion).optional(),
});
export type Expectation = z.infer<typeof Expectation>;

const Method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const DirectoryIndex = z.union([z.literal(1), z.literal(2)]);

/** What is sent; shared by plain steps and the template of a parallel step. */
const requestShape = {
  method: Method,
  path: z.string().startsWith("/"),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  rawQuery: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** `bearer` (default): the directory's token; `none`; `invalid`; else a literal header. */
  auth: z.string().min(1).optional(),
  body: z.unknown().optional(),
  bodyRaw: z.string().optional(),
  dir: DirectoryIndex.optional(),
  tokenOf: DirectoryIndex.optional(),
};

function exclusive(step: {
  query?: unknown;
  rawQuery?: unknown;
  body?: unknown;
  bodyRaw?: unknown;
}) {
  const bothQueries = step.query !== undefined && step.rawQuery !== undefined;
  const bothBodies = step.body !== undefined && step.bodyRaw !== undefined;
  return !bothQueries && !bothBodies;
}
const exclusiveMessage = { message: "use either query or rawQuery, and either body or bodyRaw" };

export const RequestStep = z
  .strictObject({
    name: z.string().min(1),
    ...requestShape,
    optional: z.boolean().optional(),
    /** name → `$.json.path` or `header:<name>`. */
    save: z.record(z.string().regex(/^[A-Za-z_][\w]*$/), z.string().min(1)).optional(),
    expect: Expectation,
  })
  .refine(exclusive, exclusiveMessage)
  .refine(
    (s) =>
      Object.values(s.save ?? {}).every((source) => {
        if (source.startsWith("header:")) return source.length > "header:".length;
        try {
          parseJsonPath(source.replace(/\$\{[^}]*\}/g, "x"));
          return true;
        } catch {
          return false;
        }
      }),
    { message: "save sources are $.json.path or header:<name>" },
  );
export type RequestStep = z.infer<typeof RequestStep>;

export const ParallelStep = z.strictObject({
  name: z.string().min(1).optional(),
  optional: z.boolean().optional(),
  parallel: z.strictObject({
    count: z.number().int().min(1).max(1000),
    step: z
      .strictObject({ name: z.string().min(1).optional(), ...requestShape })
      .refine(exclusive, exclusiveMessage),
  }),
  expect: z.strictObject({
    /** HTTP status (as a string key) → how many of the `count` responses have it, exactly. */
    statusCounts: z.record(z.string().regex(/^\d{3}$/), z.number().int().min(0)),
  }),
});
export type ParallelStep = z.infer<typeof ParallelStep>;

export type CorpusStep = RequestStep | ParallelStep;

export const CorpusFileHeader = z.strictObject({
  idp: z.string().min(1),
  source: z.union([z.string(), z.array(z.string())]),
  description: z.string(),
  tags: z.array(z.string()).optional(),
  /** Informational: the runner always gives each file fresh directories. */
  requiresFreshDirectory: z.boolean().optional(),
  directories: z.union([z.literal(1), z.literal(2)]).optional(),
  /** The whole sequence exercises an RFC-optional feature; dsync claims it (strict mode). */
  optional: z.boolean().optional(),
  steps: z.array(z.unknown()).min(1),
});

export interface CorpusFile extends Omit<z.infer<typeof CorpusFileHeader>, "steps"> {
  steps: CorpusStep[];
}

export function isParallelStep(step: CorpusStep): step is ParallelStep {
  return "parallel" in step;
}

/** Parses one corpus document; throws an Error listing every problem with its location. */
export function parseCorpusFile(file: string, raw: unknown): CorpusFile {
  const problems: string[] = [];
  const header = CorpusFileHeader.safeParse(raw);
  if (!header.success) {
    throw new Error(`${file}: not a corpus file:\n${formatIssues(header.error.issues, "")}`);
  }
  const steps: CorpusStep[] = [];
  header.data.steps.forEach((rawStep, index) => {
    const isParallel = typeof rawStep === "object" && rawStep !== null && "parallel" in rawStep;
    const schema = isParallel ? ParallelStep : RequestStep;
    const parsed = schema.safeParse(rawStep);
    const label = `steps[${index}]${stepLabel(rawStep)}`;
    if (!parsed.success) {
      problems.push(formatIssues(parsed.error.issues, label));
      return;
    }
    const step = parsed.data as CorpusStep;
    const directories = header.data.directories ?? 1;
    const request = isParallelStep(step) ? step.parallel.step : step;
    for (const key of ["dir", "tokenOf"] as const) {
      const value = request[key];
      if (value !== undefined && value > directories) {
        problems.push(`  ${label}.${key}: ${value} but the file declares ${directories} directory`);
      }
    }
    steps.push(step);
  });
  if (problems.length > 0) throw new Error(`${file}: invalid steps:\n${problems.join("\n")}`);
  return { ...header.data, steps };
}

function stepLabel(raw: unknown): string {
  const name = typeof raw === "object" && raw !== null ? (raw as { name?: unknown }).name : "";
  return typeof name === "string" && name ? ` "${name}"` : "";
}

function formatIssues(issues: z.core.$ZodIssue[], prefix: string): string {
  return issues
    .map((issue) => {
      const where = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      return `  ${where || "(root)"}: ${issue.message}`;
    })
    .join("\n");
}
