import { WorkOS } from "@workos-inc/node";
import type { TestServer } from "./server";

/** The official WorkOS Node SDK pointed at a running dsync test server, as an app would point it. */
export function workosClient(server: TestServer): WorkOS {
  const { hostname, port } = new URL(server.url);
  return new WorkOS(server.apiKey, { apiHostname: hostname, https: false, port: Number(port) });
}
