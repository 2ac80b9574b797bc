import { describe, expect, it } from "vitest";
import type { Directory, DirectoryGroup, DirectoryUser } from "./directory-user";
import {
  directoryActivated,
  directoryDeleted,
  EVENT_TYPES,
  groupCreated,
  groupDeleted,
  groupUpdated,
  isEventType,
  renderEvent,
  userAddedToGroup,
  userCreated,
  userDeleted,
  userRemovedFromGroup,
  userUpdated,
} from "./events";
import { directoryUserFixture } from "./test-fixtures";

const user: DirectoryUser = directoryUserFixture({ updated_at: "2024-01-02T00:00:00.000Z" });

const group: DirectoryGroup = {
  object: "directory_group",
  id: "directory_group_1",
  idp_id: "g-1",
  directory_id: "directory_1",
  organization_id: "org_1",
  name: "Engineering",
  raw_attributes: {},
  created_at: "2024-01-01T00:00:00.000Z",
  updated_at: "2024-01-01T00:00:00.000Z",
};

const directory: Directory = {
  object: "directory",
  id: "directory_1",
  organization_id: "org_1",
  name: "Foo Corp's Directory",
  type: "generic scim v2.0",
  state: "linked",
  domain: "foo-corp.com",
  created_at: "2024-01-01T00:00:00.000Z",
  updated_at: "2024-01-01T00:00:00.000Z",
};

const scope = { organizationId: "org_1", directoryId: "directory_1" };

describe("event builders", () => {
  it("lists every event once and recognises them", () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(isEventType("dsync.group.user_added")).toBe(true);
    expect(isEventType("dsync.deactivated")).toBe(false);
  });

  it("carries the user for user events", () => {
    expect(userCreated(user)).toEqual({ event: "dsync.user.created", data: user, ...scope });
    expect(userDeleted(user)).toEqual({ event: "dsync.user.deleted", data: user, ...scope });
    expect(userUpdated(user, { first_name: "Augusta" })).toEqual({
      event: "dsync.user.updated",
      data: { ...user, previous_attributes: { first_name: "Augusta" } },
      ...scope,
    });
  });

  it("carries the group for group events", () => {
    expect(groupCreated(group)).toEqual({ event: "dsync.group.created", data: group, ...scope });
    expect(groupDeleted(group)).toEqual({ event: "dsync.group.deleted", data: group, ...scope });
    expect(groupUpdated(group, { name: "Eng" }).data).toEqual({
      ...group,
      previous_attributes: { name: "Eng" },
    });
  });

  it("membership events carry { directory_id, user, group }", () => {
    expect(userAddedToGroup(user, group)).toEqual({
      event: "dsync.group.user_added",
      data: { directory_id: "directory_1", user, group },
      ...scope,
    });
    expect(userRemovedFromGroup(user, group).event).toBe("dsync.group.user_removed");
    expect(userRemovedFromGroup(user, group).data).toEqual({
      directory_id: "directory_1",
      user,
      group,
    });
  });

  it("does not alias the objects it was given", () => {
    const event = userCreated(user);
    (event.data as Record<string, unknown>).first_name = "changed";
    expect(user.first_name).toBe("Ada");
  });

  it("dsync.activated replaces domain with domains and says active", () => {
    const event = directoryActivated(directory, [{ id: "org_domain_1", domain: "foo-corp.com" }]);
    expect(event).toEqual({
      event: "dsync.activated",
      data: {
        object: "directory",
        id: "directory_1",
        organization_id: "org_1",
        name: "Foo Corp's Directory",
        type: "generic scim v2.0",
        state: "active",
        domains: [{ object: "organization_domain", id: "org_domain_1", domain: "foo-corp.com" }],
        created_at: "2024-01-01T00:00:00.000Z",
        updated_at: "2024-01-01T00:00:00.000Z",
      },
      ...scope,
    });
    expect(event.data).not.toHaveProperty("domain");
  });

  it("dsync.deleted carries the directory in state deleting, without domain", () => {
    const event = directoryDeleted(directory);
    expect(event.event).toBe("dsync.deleted");
    expect(event.data).toMatchObject({ object: "directory", id: "directory_1", state: "deleting" });
    expect(event.data).not.toHaveProperty("domain");
    expect(event.data).not.toHaveProperty("domains");
  });
});

describe("renderEvent", () => {
  it("renders the WorkOS event envelope", () => {
    const rendered = renderEvent({
      id: "event_1",
      event: "dsync.user.created",
      data: { id: "directory_user_1" },
      createdAt: new Date("2024-05-06T07:08:09.010Z"),
    });
    expect(rendered).toEqual({
      object: "event",
      id: "event_1",
      event: "dsync.user.created",
      data: { id: "directory_user_1" },
      created_at: "2024-05-06T07:08:09.010Z",
    });
    expect(Object.keys(rendered)).toEqual(["object", "id", "event", "data", "created_at"]);
  });
});
