import { createTestDatabase, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDirectoryUsersByIds } from "./queries/directory-users";
import { directories, directoryUsers, organizations } from "./schema";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe("anyOf", () => {
  it("matches a list longer than Postgres's 65,535 bind parameters, quotes and commas included", async () => {
    await database.db.insert(organizations).values({ id: "org_any", name: "Any" });
    await database.db.insert(directories).values({
      id: "directory_any",
      organizationId: "org_any",
      name: "Any",
      type: "generic scim v2.0",
      state: "linked",
    });
    const user = (id: string, username: string) => ({
      id,
      directoryId: "directory_any",
      organizationId: "org_any",
      idpId: id,
      username,
      state: "active",
      customAttributes: {},
      rawAttributes: {},
    });
    await database.db
      .insert(directoryUsers)
      .values([user("directory_user_a,b", "a"), user("directory_user_'q\"", "b")]);
    const ids = Array.from({ length: 70_000 }, (_, i) => `directory_user_missing${i}`);
    ids.push("directory_user_a,b", "directory_user_'q\"");
    const found = await findDirectoryUsersByIds(database.db, { directoryId: "directory_any", ids });
    expect(found.map((u) => u.id).sort()).toEqual(["directory_user_'q\"", "directory_user_a,b"]);
  });
});
