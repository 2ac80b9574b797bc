import {
  createLogger,
  createMetricsRegistry,
  exitOnSignals,
  loadConfigOrExit,
  openDatabase,
} from "@dsync/runtime";
import { withLocalApiKey } from "./local-api-key";
import { SHUTDOWN_DEADLINE_MS, startApi } from "./start-api";

// `npm run start:api`: the HTTP API alone, one of any number of API processes. Deliveries are
// made by `npm run start:worker` processes, which hear of new ones from Postgres at commit.
const loaded = loadConfigOrExit();
const logger = createLogger(loaded.logLevel);
const config = withLocalApiKey(loaded, logger);
if (!config.databaseUrl) {
  logger.warn(
    "no DATABASE_URL: the embedded database serves this process only, and no worker delivers webhooks; use `npm start` to run both",
  );
}
const db = await openDatabase(config);
const registry = createMetricsRegistry({ backlogOf: db.db });
const api = await startApi({ config, db, logger, registry });
logger.info("dsync api listening", {
  url: api.url,
  public_url: config.publicUrl,
  database: db.kind,
});

exitOnSignals(
  logger,
  async () => {
    await api.close();
    await db.close();
  },
  SHUTDOWN_DEADLINE_MS + 5000,
);
