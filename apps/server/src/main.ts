import { SHUTDOWN_DEADLINE_MS, startApi, withLocalApiKey } from "@dsync/api";
import {
  createLogger,
  createMetricsRegistry,
  exitOnSignals,
  loadConfigOrExit,
  openDatabase,
} from "@dsync/runtime";
import { startWorker, WORKER_SHUTDOWN_DEADLINE_MS } from "@dsync/worker";

// `npm start`: the API and the delivery worker in one process on one database, the
// single-machine install. With no DATABASE_URL that database is embedded PGlite, which only
// one process can open, so this is also the only way to run the embedded install.
const loaded = loadConfigOrExit();
const logger = createLogger(loaded.logLevel);
const config = withLocalApiKey(loaded, logger);

// startApi migrates before serving; the worker starts after it.
const db = await openDatabase(config);
const registry = createMetricsRegistry({ backlogOf: db.db });
const api = await startApi({ config, db, logger, registry });
const worker = await startWorker({ config, db, logger, registry });
logger.info("dsync running", {
  url: api.url,
  public_url: config.publicUrl,
  database: db.kind,
  scheduler: worker.mode,
});

exitOnSignals(
  logger,
  async () => {
    // Stop taking requests first, so no new deliveries are created while the worker drains.
    await api.close();
    await worker.close();
    await db.close();
  },
  SHUTDOWN_DEADLINE_MS + WORKER_SHUTDOWN_DEADLINE_MS + 5000,
);
