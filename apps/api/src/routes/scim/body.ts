import { ScimError } from "@dsync/scim";
import type { Context } from "hono";

const JSON_TYPES = /^application\/(scim\+)?json\s*(;|$)/i;

/**
 * Reads a SCIM request body as JSON. Accepts `application/scim+json` and `application/json`
 * (providers send both) and a missing Content-Type; anything else is 415. Size is enforced
 * before this by the body-limit middleware.
 */
export async function readScimJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type");
  if (type && !JSON_TYPES.test(type.trim())) {
    throw new ScimError(
      415,
      `Unsupported Content-Type ${type}; send application/scim+json.`,
      "invalidSyntax",
    );
  }
  const text = await c.req.text();
  if (text.trim() === "") throw new ScimError(400, "The request body is empty.", "invalidSyntax");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "The request body is not valid JSON.", "invalidSyntax");
  }
}
