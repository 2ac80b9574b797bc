import { type Db, listEventsAfter, listDirectoryTokens as selectTokens } from "@dsync/db";
import { createTestDatabase, eventually, type TestDatabase } from "@dsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganization } from "../organizations/create-organization";
import { authenticateScimToken } from "./authenticate-scim-token";
import { createDirectory } from "./create-directory";
import { createDirectoryToken } from "./create-directory-token";
import { revokeDirectoryToken } from "./revoke-directory-token";
import { createScimAuthenticator } from "./scim-authenticator";

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase({ maxConnections: 12 });
  db = database.db;
});
afterAll(async () => {
  await database?.drop();
});

async function scimDirectory(name = "Okta") {
  const org = await createOrganization(db, {
    name: `Org ${name}`,
    domainData: [{ domain: "example.com", state: "verified" }],
  });
  const directory = await createDirectory(db, {
    organizationId: org.id,
    name,
    type: "okta scim v2.0",
    publicUrl: "https://dsync.test",
  });
  return { org, directory, token: directory.scim!.bearer_token };
}

/** Activation events of one directory, once the commit-ordered log shows them (see `eventually`). */
async function activatedEvents(directoryId: string, expected = 1) {
  return eventually(async () => {
    const rows = await listEventsAfter(db, { limit: 1000 });
    const found = rows.filter(
      (r) => r.event === "dsync.activated" && r.directoryId === directoryId,
    );
    expect(found.length).toBeGreaterThanOrEqual(expected);
    return found;
  });
}

describe("authenticateScimToken", () => {
  it("returns the directory for its own token", async () => {
    const { org, directory, token } = await scimDirectory();
    const found = await authenticateScimToken(db, directory.id, token);
    expect(found).toEqual({
      id: directory.id,
      organizationId: org.id,
      type: "okta scim v2.0",
      state: "linked",
      name: "Okta",
    });
  });

  it("rejects a token of another directory, a wrong token and an empty one", async () => {
    const a = await scimDirectory("A");
    const b = await scimDirectory("B");
    expect(await authenticateScimToken(db, b.directory.id, a.token)).toBeNull();
    expect(await authenticateScimToken(db, a.directory.id, b.token)).toBeNull();
    expect(await authenticateScimToken(db, a.directory.id, `${a.token}x`)).toBeNull();
    expect(await authenticateScimToken(db, a.directory.id, "")).toBeNull();
    expect(await authenticateScimToken(db, "directory_nope", a.token)).toBeNull();
    // B stays unlinked: a failed attempt must not activate it.
    const events = await activatedEvents(b.directory.id, 0);
    expect(events).toHaveLength(0);
  });

  it("stops accepting a revoked token and accepts the rotated one", async () => {
    const { directory, token } = await scimDirectory();
    const second = await createDirectoryToken(db, { directoryId: directory.id });
    const [first] = await selectTokens(db, { directoryId: directory.id });
    await revokeDirectoryToken(db, { directoryId: directory.id, tokenId: first!.id });
    expect(await authenticateScimToken(db, directory.id, token)).toBeNull();
    expect(await authenticateScimToken(db, directory.id, second.bearer_token)).not.toBeNull();
  });

  it("emits dsync.activated exactly once under 10 concurrent first requests", async () => {
    const { org, directory, token } = await scimDirectory();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => authenticateScimToken(db, directory.id, token)),
    );
    expect(results.every((r) => r?.state === "linked")).toBe(true);
    const events = await activatedEvents(directory.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.organizationId).toBe(org.id);
    expect(events[0]!.data).toMatchObject({
      object: "directory",
      id: directory.id,
      state: "active",
      domains: [{ object: "organization_domain", domain: "example.com" }],
    });
    // Later requests find it linked and emit nothing more.
    await authenticateScimToken(db, directory.id, token);
    expect(await activatedEvents(directory.id)).toHaveLength(1);
  });

  it("records last use at most once a minute", async () => {
    const { directory, token } = await scimDirectory();
    await authenticateScimToken(db, directory.id, token);
    const [after1] = await selectTokens(db, { directoryId: directory.id });
    expect(after1!.lastUsedAt).toBeInstanceOf(Date);
    await authenticateScimToken(db, directory.id, token);
    const [after2] = await selectTokens(db, { directoryId: directory.id });
    expect(after2!.lastUsedAt!.getTime()).toBe(after1!.lastUsedAt!.getTime());
  });

  it("gives no tokens to non-SCIM directories", async () => {
    const org = await createOrganization(db, { name: "Google org" });
    const directory = await createDirectory(db, {
      organizationId: org.id,
      name: "Google",
      type: "gsuite directory",
      publicUrl: "https://dsync.test",
    });
    expect(directory.scim).toBeUndefined();
    await expect(createDirectoryToken(db, { directoryId: directory.id })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});

describe("createScimAuthenticator", () => {
  it("reuses a success for its TTL, then sees a revocation; a failure is never cached", async () => {
    const { directory, token } = await scimDirectory("Cached");
    let clock = 1_000_000;
    const authenticator = createScimAuthenticator(db, { ttlMs: 2000, now: () => clock });

    expect(await authenticator.authenticate(directory.id, `${token}x`)).toBeNull();
    expect(await authenticator.authenticate(directory.id, token)).not.toBeNull();

    const [stored] = await selectTokens(db, { directoryId: directory.id });
    await revokeDirectoryToken(db, { directoryId: directory.id, tokenId: stored!.id });
    clock += 1999;
    // Within the TTL the cached success still stands (the documented revocation delay).
    expect(await authenticator.authenticate(directory.id, token)).not.toBeNull();
    clock += 2;
    expect(await authenticator.authenticate(directory.id, token)).toBeNull();
  });

  it("does not let a token cached for one directory open another", async () => {
    const a = await scimDirectory("CacheA");
    const b = await scimDirectory("CacheB");
    const authenticator = createScimAuthenticator(db);
    expect(await authenticator.authenticate(a.directory.id, a.token)).not.toBeNull();
    expect(await authenticator.authenticate(b.directory.id, a.token)).toBeNull();
  });
});
