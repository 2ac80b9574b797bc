import type { Readable } from "node:stream";
import type { Db } from "@dsync/db";
import { executeRows } from "@dsync/db";
import { sql } from "drizzle-orm";
import { type Dispatcher, request } from "undici";
import { checkExpectations, type ObservedResponse } from "../contract/check-expectations";
import { Expectation } from "../contract/corpus-schema";
import type { TestDirectory } from "./server";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimResponse extends ObservedResponse {
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface ScimRequest {
  body?: unknown;
  /**
   * Sent as is, with Content-Type application/scim+json unless overridden; a stream goes out
   * chunked, without Content-Length.
   */
  bodyRaw?: string | Buffer | Readable;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Appended verbatim after `?` (URLSearchParams would percent-encode every parenthesis). */
  rawQuery?: string;
  /** A dedicated connection pool, to keep a request's connection-level effects to itself. */
  dispatcher?: Dispatcher;
  /** Whose token to send; defaults to the directory's own. */
  token?: string;
}

/** One SCIM request to `directory` (path relative to its SCIM base). */
export async function scim(
  directory: TestDirectory,
  method: string,
  path: string,
  options: ScimRequest = {},
): Promise<ScimResponse> {
  let url = `${directory.scimBase}${path}`;
  if (options.query) url += `?${new URLSearchParams(options.query).toString()}`;
  if (options.rawQuery !== undefined) url += `?${options.rawQuery}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? directory.token}`,
  };
  let body: string | Buffer | Readable | undefined;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (options.bodyRaw !== undefined) body = options.bodyRaw;
  if (body !== undefined) headers["content-type"] = "application/scim+json";
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const response = await request(url, {
    method: method as "GET",
    headers,
    body,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const bodyText = await response.body.text();
  let json: unknown;
  try {
    json = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, bodyText, json };
}

/**
 * The corpus checker's verdict on a response (same rules as the contract tests), as a list
 * of problems: `expect(expectScim(res, {...})).toEqual([])` prints them on failure together
 * with the response.
 */
export function expectScim(response: ScimResponse, expectation: unknown): string[] {
  const failures = checkExpectations(Expectation.parse(expectation), response);
  if (failures.length === 0) return [];
  return [...failures, `response ${response.status}: ${response.bodyText.slice(0, 1_500)}`];
}

/** A minimal valid SCIM user. */
export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Test", familyName: "User" },
    emails: [
      {
        value: userName.includes("@") ? userName : `${userName}@example.com`,
        type: "work",
        primary: true,
      },
    ],
    active: true,
    ...extra,
  };
}

/** Creates a user and returns its id; throws with the response if that fails. */
export async function createUser(
  directory: TestDirectory,
  userName: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await scim(directory, "POST", "/Users", { body: userBody(userName, extra) });
  const id = (response.json as { id?: unknown } | undefined)?.id;
  if (response.status !== 201 || typeof id !== "string") {
    throw new Error(`create user ${userName}: ${response.status} ${response.bodyText}`);
  }
  return id;
}

/** Creates a group and returns its id. */
export async function createGroup(
  directory: TestDirectory,
  displayName: string,
  members: string[] = [],
): Promise<string> {
  const response = await scim(directory, "POST", "/Groups", {
    body: { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) },
  });
  const id = (response.json as { id?: unknown } | undefined)?.id;
  if (response.status !== 201 || typeof id !== "string") {
    throw new Error(`create group ${displayName}: ${response.status} ${response.bodyText}`);
  }
  return id;
}

export function patchBody(...operations: Record<string, unknown>[]) {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

export interface DirectorySnapshot {
  users: unknown[];
  groups: unknown[];
  memberships: unknown[];
  events: unknown[];
}

/**
 * Everything stored for one directory, straight from the tables, to prove a rejected request
 * wrote nothing (not even a version bump or an event).
 */
export async function snapshotDirectory(db: Db, directoryId: string): Promise<DirectorySnapshot> {
  const [users, groups, memberships, events] = await Promise.all([
    executeRows(
      db,
      sql`select * from directory_users where directory_id = ${directoryId} order by id`,
    ),
    executeRows(
      db,
      sql`select * from directory_groups where directory_id = ${directoryId} order by id`,
    ),
    executeRows(
      db,
      sql`select * from directory_group_memberships where directory_id = ${directoryId}
          order by group_id, user_id`,
    ),
    executeRows(
      db,
      sql`select id, event from events where directory_id = ${directoryId} order by txid, seq`,
    ),
  ]);
  return { users, groups, memberships, events };
}

/** The `event` names stored for one directory, in commit order. */
export async function eventsOf(
  db: Db,
  directoryId: string,
): Promise<{ event: string; data: Record<string, unknown> }[]> {
  return executeRows(
    db,
    sql`select event, data from events where directory_id = ${directoryId} order by txid, seq`,
  );
}
