import { ScimError } from "@dsync/scim";
import { createScimAuthenticator } from "@dsync/services";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps";
import type { ScimEnv } from "./env";

/**
 * Authenticates the bearer token for the directory in the URL. A token of another directory
 * is answered exactly like a wrong token (401), so nothing reveals that either exists.
 */
export function scimAuth(deps: AppDeps): MiddlewareHandler<ScimEnv> {
  const authenticator = createScimAuthenticator(deps.db);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const directoryId = c.req.param("directoryId") ?? "";
    const directory = match ? await authenticator.authenticate(directoryId, match[1]!) : null;
    if (!directory) {
      c.header("WWW-Authenticate", 'Bearer realm="dsync SCIM"');
      throw new ScimError(401, "A valid bearer token for this directory is required.");
    }
    c.set("scim", {
      db: deps.db,
      directory,
      baseUrl: `${deps.config.publicUrl}/scim/v2/${directory.id}`,
    });
    await next();
  };
}
