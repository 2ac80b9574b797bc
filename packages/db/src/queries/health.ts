import { sql } from "drizzle-orm";
import type { Db } from "../client";

/** Round-trips `select 1`; resolves when the database answers, rejects otherwise. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
