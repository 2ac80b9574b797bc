import { DsyncError } from "@dsync/core";
import { createLogger, type Logger, type Registry } from "@dsync/runtime";
import { ScimError } from "@dsync/scim";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "./deps";
import type { ApiEnv } from "./env";
import { errorJson, renderError } from "./errors";
import { managementAuth } from "./middleware/api-key";
import { requestId } from "./middleware/request-id";
import { requestLog } from "./middleware/request-log";
import { registerOpenApi } from "./openapi";
import { apiKeyRoutes } from "./routes/api-keys";
import { directoryRoutes } from "./routes/directories";
import { directoryGroupRoutes } from "./routes/directory-groups";
import { directoryUserRoutes } from "./routes/directory-users";
import { eventRoutes } from "./routes/events";
import { registerHealth } from "./routes/health";
import { registerMetrics } from "./routes/metrics";
import { organizationRoutes } from "./routes/organizations";
import { scimRoutes } from "./routes/scim";
import { scimErrorResponse } from "./routes/scim/respond";
import { webhookDeliveryRoutes } from "./routes/webhook-deliveries";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints";

// Management bodies are small objects; SCIM has its own, configurable limit.
const MANAGEMENT_MAX_BODY_BYTES = 64 * 1024;

/** Optional collaborators of `createApp`; defaults suit production. */
export interface AppOptions {
  /** Defaults to a JSON logger at `config.logLevel`. */
  logger?: Logger;
  /** True while the server drains for shutdown; `/ready` then answers 503. */
  isDraining?: () => boolean;
  /** Served at `/metrics`; by default this process's metrics plus the webhook backlog. */
  registry?: Registry;
}

/** The composition root of the HTTP API: every route, middleware and renderer, from `deps`. */
export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<ApiEnv> {
  const logger = options.logger ?? createLogger(deps.config.logLevel);
  const app = new Hono<ApiEnv>();

  app.use("*", requestId());
  // A 413 is answered before the oversized body has been read, so the rest of it is still on
  // the socket and the connection cannot carry another request (RFC 9112 §9.6): close it.
  app.use("*", async (c, next) => {
    await next();
    if (c.res.status === 413) c.res.headers.set("Connection", "close");
  });
  app.use("*", requestLog(logger));
  app.onError((error, c) => renderError(c, error, logger));
  const logScimError = (error: unknown) => logger.error("scim unhandled error", { error });
  app.notFound((c) => {
    // Hono answers unmatched paths with the root app's handler, even under a mounted router,
    // so SCIM clients get their protocol's error body here (RFC 7644 §3.12).
    if (c.req.path.startsWith("/scim/v2/")) {
      const error = new ScimError(404, `No SCIM endpoint at ${c.req.path}.`);
      return scimErrorResponse(c, error, logScimError);
    }
    return errorJson(c, 404, {
      message: `No route for ${c.req.method} ${c.req.path}.`,
      code: "NOT_FOUND",
    });
  });

  registerHealth(app, deps, options.isDraining);
  registerMetrics(app, deps, options.registry);
  registerOpenApi(app, deps);

  const managementLimit = bodyLimit({
    maxSize: MANAGEMENT_MAX_BODY_BYTES,
    onError: () => {
      throw new DsyncError(
        "PAYLOAD_TOO_LARGE",
        `The request body exceeds ${MANAGEMENT_MAX_BODY_BYTES} bytes.`,
      );
    },
  });
  app.use("/organizations/*", managementLimit);
  app.use("/directories/*", managementLimit);
  app.use("/api_keys/*", managementLimit);
  app.use("/webhook_endpoints/*", managementLimit);
  app.use("/webhook_deliveries/*", managementLimit);
  // One instance for every management router, so a key has one rate-limit bucket.
  const auth = managementAuth(deps);
  app.route("/organizations", organizationRoutes(deps, auth));
  app.route("/directories", directoryRoutes(deps, auth));
  app.route("/directory_users", directoryUserRoutes(deps, auth));
  app.route("/directory_groups", directoryGroupRoutes(deps, auth));
  app.route("/events", eventRoutes(deps, auth));
  app.route("/api_keys", apiKeyRoutes(deps, auth));
  app.route("/webhook_endpoints", webhookEndpointRoutes(deps, auth));
  app.route("/webhook_deliveries", webhookDeliveryRoutes(deps, auth));

  // SCIM endpoint of a directory: `${publicUrl}/scim/v2/${directoryId}`.
  app.route("/scim/v2", scimRoutes(deps, logScimError));
  return app;
}
