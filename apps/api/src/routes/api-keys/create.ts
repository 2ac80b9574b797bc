import { API_KEY_SCOPES, createApiKey } from "@dsync/services";
import { z } from "zod";
import type { AppDeps } from "../../deps";
import type { ApiApp } from "../../env";
import { jsonBody } from "../../validate";

/** Body of `POST /api_keys`. */
export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1).max(256),
  scope: z.enum(API_KEY_SCOPES),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

/** `POST /api_keys` → 201 api key with its secret `key`, shown only in this response. */
export function registerCreateApiKey(app: ApiApp, deps: AppDeps): void {
  app.post("/", async (c) => {
    const input = await jsonBody(c, CreateApiKeyInput);
    return c.json(await createApiKey(deps.db, input), 201);
  });
}
