import { DsyncError } from "@dsync/core";
import type { Context } from "hono";
import type { z } from "zod";
import { InvalidJsonError } from "./errors";

// application/json and any +json suffix type; a missing Content-Type is read as JSON too.
const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;

/** Parses the JSON body against a schema; 400 `invalid_json` or 422 with one error per issue. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type");
  if (type && !JSON_TYPE.test(type)) {
    throw new DsyncError("UNSUPPORTED_MEDIA_TYPE", `Send application/json, not ${type}.`);
  }
  const text = await c.req.text();
  let value: unknown;
  if (text.trim() === "") {
    // An empty body is an empty object: the schema then names every missing field.
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidJsonError();
    }
  }
  return schema.parse(value);
}

/** Parses the query string against a schema; 422 with one error per issue. */
export function queryParams<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return schema.parse(c.req.query());
}
