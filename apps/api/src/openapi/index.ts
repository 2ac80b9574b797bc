import type { AppDeps } from "../deps";
import type { ApiApp } from "../env";
import { renderDocsPage } from "./docs-page";
import { buildOpenApiDocument } from "./document";

/**
 * `GET /openapi.json` and `GET /docs`, without authentication: the reference describes the API,
 * it holds no data. Both are built once, at registration, since the registry is static.
 */
export function registerOpenApi(app: ApiApp, deps: AppDeps): void {
  const document = buildOpenApiDocument({ publicUrl: deps.config.publicUrl });
  const page = renderDocsPage(document);
  app.get("/openapi.json", (c) => c.json(document));
  app.get("/docs", (c) => c.html(page));
}
