import { ScimError } from "@dsync/scim";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../../deps";
import { scimAuth } from "./auth";
import { registerBulk } from "./bulk";
import { registerDiscovery } from "./discovery";
import type { ScimEnv } from "./env";
import { registerCreateGroup } from "./groups/create";
import { registerDeleteGroup } from "./groups/delete";
import { registerGetGroup } from "./groups/get";
import { registerListGroups } from "./groups/list";
import { registerPatchGroup } from "./groups/patch";
import { registerReplaceGroup } from "./groups/replace";
import { registerSearchGroups } from "./groups/search";
import { scimErrorResponse } from "./respond";
import { registerCreateUser } from "./users/create";
import { registerDeleteUser } from "./users/delete";
import { registerGetUser } from "./users/get";
import { registerListUsers } from "./users/list";
import { registerPatchUser } from "./users/patch";
import { registerReplaceUser } from "./users/replace";
import { registerSearchUsers } from "./users/search";

/** The SCIM 2.0 service provider, one base URL per directory: `/scim/v2/{directoryId}/…`. */
export function scimRoutes(
  deps: AppDeps,
  log: (error: unknown) => void = console.error,
): Hono<ScimEnv> {
  const app = new Hono<ScimEnv>();
  app.onError((error, c) => scimErrorResponse(c, error, log));
  app.use(
    "/:directoryId/*",
    bodyLimit({
      maxSize: deps.config.scimMaxPayloadBytes,
      onError: () => {
        throw new ScimError(
          413,
          `The request body exceeds the maximum payload size of ${deps.config.scimMaxPayloadBytes} bytes.`,
        );
      },
    }),
  );
  app.use("/:directoryId/*", scimAuth(deps));
  registerDiscovery(app, deps);
  registerBulk(app, deps, log);
  // .search before /:id so it is not taken for an id.
  registerSearchUsers(app, deps);
  registerListUsers(app, deps);
  registerCreateUser(app);
  registerGetUser(app);
  registerReplaceUser(app);
  registerPatchUser(app);
  registerDeleteUser(app);
  registerSearchGroups(app, deps);
  registerListGroups(app, deps);
  registerCreateGroup(app);
  registerGetGroup(app);
  registerReplaceGroup(app);
  registerPatchGroup(app);
  registerDeleteGroup(app);
  app.notFound((c) =>
    scimErrorResponse(c, new ScimError(404, `No SCIM endpoint at ${c.req.path}.`), log),
  );
  return app;
}
