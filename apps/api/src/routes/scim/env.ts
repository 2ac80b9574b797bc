import type { ScimContext } from "@dsync/services";
import type { Context, Hono } from "hono";

/** Hono environment of SCIM routes: the authenticated directory's context. */
export interface ScimEnv {
  Variables: { scim: ScimContext };
}

export type ScimApp = Hono<ScimEnv>;
export type ScimRequest = Context<ScimEnv>;
