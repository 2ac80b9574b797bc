import type { DirectoryUser } from "./directory-user";

/** A complete directory user for tests; override only what a test is about. */
export function directoryUserFixture(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    object: "directory_user",
    id: "directory_user_1",
    idp_id: "idp-1",
    directory_id: "directory_1",
    organization_id: "org_1",
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ada@example.com",
    emails: [{ primary: true, type: "work", value: "ada@example.com" }],
    username: "ada@example.com",
    job_title: null,
    state: "active",
    custom_attributes: {},
    raw_attributes: {},
    created_at: "2024-01-01T00:00:00.000Z",
    updated_at: "2024-01-01T00:00:00.000Z",
    ...overrides,
  };
}
