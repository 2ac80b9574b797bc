import type { AuthenticatedApiKey } from "@dsync/services";
import type { Hono } from "hono";

/** Hono environment of the REST API: per-request variables set by middleware. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    /** The management key of the request; set by `managementAuth`, absent on SCIM and health. */
    apiKey?: AuthenticatedApiKey;
  };
}

/** The REST API's Hono app type, which route files register on. */
export type ApiApp = Hono<ApiEnv>;
