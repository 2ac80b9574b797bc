import type { Config } from "@dsync/config";
import type { Db } from "@dsync/db";

/** Everything a request handler may use; built once by the composition root. */
export interface AppDeps {
  config: Config;
  db: Db;
}
