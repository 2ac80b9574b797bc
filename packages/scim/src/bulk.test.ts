import { describe, expect, it } from "vitest";
import {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  bulkResponse,
  parseBulkRequest,
  resolveBulkReferences,
} from "./bulk";
import { scimError } from "./test-support";

const limits = { maxOperations: 3 };
const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "b" };

describe("parseBulkRequest", () => {
  it("parses the rfc-bulk create user + group request", () => {
    expect(
      parseBulkRequest(
        {
          schemas: [BULK_REQUEST_SCHEMA],
          failOnErrors: 1,
          Operations: [
            { method: "POST", path: "/Users", bulkId: "qwerty", data: user },
            {
              method: "post",
              path: "/groups",
              bulkId: "ytrewq",
              data: { displayName: "G", members: [{ type: "User", value: "bulkId:qwerty" }] },
            },
            { method: "DELETE", path: "/Groups/g1", version: 'W/"3"' },
          ],
        },
        limits,
      ),
    ).toEqual({
      failOnErrors: 1,
      operations: [
        { method: "POST", path: "/Users", bulkId: "qwerty", data: user },
        {
          method: "POST",
          path: "/Groups",
          bulkId: "ytrewq",
          data: { displayName: "G", members: [{ type: "User", value: "bulkId:qwerty" }] },
        },
        { method: "DELETE", path: "/Groups/g1", version: 'W/"3"' },
      ],
    });
  });

  it("requires the BulkRequest schema and non-empty Operations", () => {
    expect(scimError(() => parseBulkRequest({ Operations: [] }, limits)).scimType).toBe(
      "invalidSyntax",
    );
    expect(
      scimError(() => parseBulkRequest({ schemas: [BULK_REQUEST_SCHEMA], Operations: [] }, limits))
        .scimType,
    ).toBe("invalidSyntax");
    expect(scimError(() => parseBulkRequest("x", limits)).status).toBe(400);
  });

  it("answers too many operations with 413", () => {
    const op = { method: "DELETE", path: "/Users/x" };
    const error = scimError(() =>
      parseBulkRequest({ schemas: [BULK_REQUEST_SCHEMA], Operations: [op, op, op, op] }, limits),
    );
    expect(error.status).toBe(413);
  });

  it("validates each operation", () => {
    const bad = [
      { method: "GET", path: "/Users" },
      { method: "POST", path: "/Widgets", bulkId: "a", data: {} },
      { method: "POST", path: "/Users/x", bulkId: "a", data: {} },
      { method: "PATCH", path: "/Users", data: {} },
      { method: "POST", path: "/Users", data: user },
      { method: "PUT", path: "/Users/x" },
    ];
    for (const op of bad) {
      const error = scimError(() =>
        parseBulkRequest({ schemas: [BULK_REQUEST_SCHEMA], Operations: [op] }, limits),
      );
      expect(error.status).toBe(400);
    }
    expect(
      scimError(() =>
        parseBulkRequest(
          {
            schemas: [BULK_REQUEST_SCHEMA],
            failOnErrors: 0,
            Operations: [{ method: "DELETE", path: "/Users/x" }],
          },
          limits,
        ),
      ).scimType,
    ).toBe("invalidValue");
    expect(
      scimError(() =>
        parseBulkRequest(
          {
            schemas: [BULK_REQUEST_SCHEMA],
            Operations: [
              { method: "POST", path: "/Users", bulkId: "a", data: user },
              { method: "POST", path: "/Users", bulkId: "a", data: user },
            ],
          },
          limits,
        ),
      ).scimType,
    ).toBe("invalidValue");
  });
});

describe("resolveBulkReferences", () => {
  const ids = new Map([["qwerty", "directory_user_1"]]);

  it("replaces references in data and paths", () => {
    expect(
      resolveBulkReferences(
        { displayName: "G", members: [{ type: "User", value: "bulkId:qwerty" }] },
        ids,
      ),
    ).toEqual({ displayName: "G", members: [{ type: "User", value: "directory_user_1" }] });
    expect(resolveBulkReferences("/Users/bulkId:qwerty", ids)).toBe("/Users/directory_user_1");
    expect(resolveBulkReferences(3, ids)).toBe(3);
  });

  it("fails an unresolvable reference with 409 invalidValue", () => {
    const error = scimError(() =>
      resolveBulkReferences({ members: [{ value: "bulkId:nope" }] }, ids),
    );
    expect(error.status).toBe(409);
    expect(error.scimType).toBe("invalidValue");
  });
});

describe("bulkResponse", () => {
  it("wraps results", () => {
    const results = [{ method: "POST", bulkId: "q", status: "201", location: "l" }];
    expect(bulkResponse(results)).toEqual({ schemas: [BULK_RESPONSE_SCHEMA], Operations: results });
  });
});
