import { runMigrations } from "@dsync/db";
import {
  createLogger,
  createMetricsRegistry,
  exitOnSignals,
  loadConfigOrExit,
  openDatabase,
} from "@dsync/runtime";
import { startWorker, WORKER_SHUTDOWN_DEADLINE_MS } from "./start-worker";
import { serveWorkerHttp } from "./worker-http";

// `npm run start:worker`: deliveries only, as one of any number of worker processes.
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
if (!config.databaseUrl) {
  // PGlite lives inside one process; a separate worker cannot share it.
  logger.error(
    "start:worker needs DATABASE_URL; without one, `npm start` runs API and worker together",
  );
  process.exit(1);
}
const db = await openDatabase(config);
await runMigrations(db);
const registry = createMetricsRegistry({ backlogOf: db.db });
const worker = await startWorker({ config, db, logger, registry });
const http = await serveWorkerHttp({ port: config.workerPort, host: config.host, registry });
logger.info("dsync worker running", { scheduler: worker.mode, metrics_port: http.port });

exitOnSignals(
  logger,
  async () => {
    await worker.close();
    await http.close();
    await db.close();
  },
  WORKER_SHUTDOWN_DEADLINE_MS + 5000,
);
