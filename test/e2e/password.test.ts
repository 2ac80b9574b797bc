import { randomBytes } from "node:crypto";
import { executeRows } from "@dsync/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser, patchBody, type ScimResponse, scim, userBody } from "../support/scim";
import { startTestServer, type TestDirectory, type TestServer } from "../support/server";

// design.md §4: `password` is accepted (Okta sends it on create and on password sync), never
// stored and never echoed (RFC 7643 §4.1.1: returned "never"). Checked in every response and
// in every table of the database, so a copy in raw_attributes, an event payload or a request
// log is caught too.

let server: TestServer;
let directory: TestDirectory;
const passwords: string[] = [];

function newPassword(): string {
  const password = `Pw-${randomBytes(12).toString("hex")}`;
  passwords.push(password);
  return password;
}

beforeAll(async () => {
  server = await startTestServer();
  directory = await server.createScimDirectory("okta scim v2.0");
});

afterAll(async () => {
  await server?.close();
});

function expectNoPassword(response: ScimResponse) {
  expect(response.status, response.bodyText.slice(0, 500)).toBeLessThan(300);
  for (const password of passwords) expect(response.bodyText).not.toContain(password);
  expect(response.bodyText).not.toMatch(/"password"\s*:/i);
}

it("is accepted on create, PUT, PATCH (path and path-less) and Bulk, and never echoed", async () => {
  const created = await scim(directory, "POST", "/Users", {
    body: userBody("pw.user@example.com", { password: newPassword() }),
  });
  expect(created.status).toBe(201);
  expectNoPassword(created);
  const id = (created.json as { id: string }).id;

  const put = await scim(directory, "PUT", `/Users/${id}`, {
    body: userBody("pw.user@example.com", { password: newPassword(), title: "PUT" }),
  });
  expectNoPassword(put);
  for (const operation of [
    { op: "replace", path: "password", value: newPassword() },
    { op: "replace", value: { password: newPassword() } },
    { op: "add", path: "password", value: newPassword() },
  ]) {
    expectNoPassword(
      await scim(directory, "PATCH", `/Users/${id}`, { body: patchBody(operation) }),
    );
  }
  const bulk = await scim(directory, "POST", "/Bulk", {
    body: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [
        {
          method: "POST",
          path: "/Users",
          bulkId: "pw",
          data: userBody("pw.bulk@example.com", { password: newPassword() }),
        },
      ],
    },
  });
  expectNoPassword(bulk);
  expect((bulk.json as { Operations: { status: string }[] }).Operations[0]?.status).toBe("201");

  expectNoPassword(await scim(directory, "GET", `/Users/${id}`));
  expectNoPassword(await scim(directory, "GET", "/Users"));
  expectNoPassword(
    await scim(directory, "GET", "/Users", { query: { attributes: "password,userName" } }),
  );
  expectNoPassword(
    await scim(directory, "GET", "/Users", { query: { filter: 'userName sw "pw."' } }),
  );
  const other = await createUser(directory, "pw.other@example.com");
  expectNoPassword(await scim(directory, "GET", `/Users/${other}`));
});

it("is stored nowhere in the database", async () => {
  expect(passwords.length).toBeGreaterThanOrEqual(6);
  const tables = await executeRows<{ table_name: string }>(
    server.api.db.db,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  expect(tables.map((t) => t.table_name)).toContain("directory_users");
  const hits: string[] = [];
  for (const { table_name } of tables) {
    for (const password of passwords) {
      const rows = await executeRows<{ n: number }>(
        server.api.db.db,
        sql`select count(*)::int as n from ${sql.identifier(table_name)} t
            where t::text like ${`%${password}%`}`,
      );
      if ((rows[0]?.n ?? 0) > 0) hits.push(`${table_name} holds ${password}`);
    }
  }
  expect(hits).toEqual([]);

  const rawKeys = await executeRows<{ id: string }>(
    server.api.db.db,
    sql`select id from directory_users
        where directory_id = ${directory.id}
          and (raw_attributes ? 'password' or custom_attributes ? 'password')`,
  );
  expect(rawKeys).toEqual([]);
});
