import { describe, expect, it } from "vitest";
import { LIST_RESPONSE_SCHEMA, listResponse, parseListQuery, parseSearchRequest } from "./list";
import { scimError } from "./test-support";

describe("parseListQuery", () => {
  it("defaults to startIndex 1 and count 100", () => {
    expect(parseListQuery({})).toEqual({ startIndex: 1, count: 100 });
  });

  it("reads the pagination edge cases of rfc-pagination-sort", () => {
    expect(parseListQuery({ startIndex: "3", count: "2" })).toMatchObject({
      startIndex: 3,
      count: 2,
    });
    expect(parseListQuery({ count: "0" }).count).toBe(0);
    expect(parseListQuery({ startIndex: "0", count: "5" }).startIndex).toBe(1);
    expect(parseListQuery({ startIndex: "-4" }).startIndex).toBe(1);
    expect(parseListQuery({ count: "-1" }).count).toBe(0);
    expect(parseListQuery({ count: "5000" }).count).toBe(1000);
    expect(parseListQuery({ count: "50" }, { maxResults: 20 }).count).toBe(20);
    expect(parseListQuery({}, { maxResults: 20 }).count).toBe(20);
  });

  it("reads filter, sort and projection", () => {
    expect(
      parseListQuery({
        filter: ' userName sw "pg-" ',
        sortBy: "name.givenName",
        sortOrder: "Descending",
        attributes: "userName,emails",
        excludedAttributes: "",
      }),
    ).toEqual({
      filter: 'userName sw "pg-"',
      startIndex: 1,
      count: 100,
      sortBy: "name.givenName",
      sortOrder: "descending",
      attributes: ["userName", "emails"],
    });
  });

  it("matches parameter names case-insensitively", () => {
    expect(parseListQuery({ StartIndex: "2", COUNT: "3" })).toMatchObject({
      startIndex: 2,
      count: 3,
    });
  });

  it("rejects garbage numbers and sort orders with invalidValue", () => {
    expect(scimError(() => parseListQuery({ count: "ten" })).scimType).toBe("invalidValue");
    expect(scimError(() => parseListQuery({ sortOrder: "sideways" })).scimType).toBe(
      "invalidValue",
    );
  });
});

describe("parseSearchRequest", () => {
  it("reads a SearchRequest body", () => {
    expect(
      parseSearchRequest({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        filter: 'userName sw "pg-"',
        startIndex: 1,
        count: 2,
        sortBy: "userName",
        attributes: ["userName", "emails"],
      }),
    ).toEqual({
      filter: 'userName sw "pg-"',
      startIndex: 1,
      count: 2,
      sortBy: "userName",
      attributes: ["userName", "emails"],
    });
  });

  it("rejects non-objects and wrong types", () => {
    expect(scimError(() => parseSearchRequest([])).scimType).toBe("invalidSyntax");
    expect(scimError(() => parseSearchRequest({ filter: 3 })).scimType).toBe("invalidValue");
    expect(scimError(() => parseSearchRequest({ attributes: [1] })).scimType).toBe("invalidValue");
  });
});

describe("listResponse", () => {
  it("renders a ListResponse, Resources included when empty", () => {
    expect(listResponse([], 5, 6)).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 5,
      startIndex: 6,
      itemsPerPage: 0,
      Resources: [],
    });
    expect(listResponse([{ id: "a" }], 1, 1).itemsPerPage).toBe(1);
  });
});
