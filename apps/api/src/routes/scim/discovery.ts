import {
  resourceTypeDocument,
  resourceTypesDocument,
  schemaDocument,
  schemasDocument,
  serviceProviderConfig,
} from "@dsync/scim";
import type { AppDeps } from "../../deps";
import type { ScimApp } from "./env";
import { scimJson } from "./respond";

/** `/ServiceProviderConfig`, `/Schemas`, `/ResourceTypes` (RFC 7644 §4), describing exactly what is served. */
export function registerDiscovery(app: ScimApp, deps: AppDeps): void {
  app.get("/:directoryId/ServiceProviderConfig", (c) =>
    scimJson(
      c,
      serviceProviderConfig({
        baseUrl: c.get("scim").baseUrl,
        maxOperations: deps.config.scimMaxBulkOperations,
        maxPayloadSize: deps.config.scimMaxPayloadBytes,
        maxResults: deps.config.scimMaxResults,
      }),
    ),
  );
  app.get("/:directoryId/Schemas", (c) => scimJson(c, schemasDocument(c.get("scim").baseUrl)));
  app.get("/:directoryId/Schemas/:id", (c) =>
    scimJson(c, schemaDocument(c.get("scim").baseUrl, c.req.param("id"))),
  );
  app.get("/:directoryId/ResourceTypes", (c) =>
    scimJson(c, resourceTypesDocument(c.get("scim").baseUrl)),
  );
  app.get("/:directoryId/ResourceTypes/:name", (c) =>
    scimJson(c, resourceTypeDocument(c.get("scim").baseUrl, c.req.param("name"))),
  );
}
