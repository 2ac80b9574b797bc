import { type Directory, type DirectoryType, DsyncError, newId } from "@dsync/core";
import { type Db, findOrganization, insertDirectory } from "@dsync/db";
import { inTransaction } from "../transaction";
import { issueScimToken } from "./issue-scim-token";
import { isScimDirectoryType, toDirectory } from "./to-directory";

/** What `createDirectory` needs; `publicUrl` is the base the SCIM endpoint is built on. */
export interface CreateDirectoryParams {
  organizationId: string;
  name: string;
  type: DirectoryType;
  publicUrl: string;
}

/** A new directory; SCIM directories also carry their endpoint and first token, shown once. */
export type CreatedDirectory = Directory & {
  scim?: { endpoint: string; bearer_token: string };
};

/** Creates a directory in state `unlinked` (and, for SCIM types, its first bearer token). */
export async function createDirectory(
  db: Db,
  params: CreateDirectoryParams,
): Promise<CreatedDirectory> {
  return inTransaction(db, async (tx) => {
    const organization = await findOrganization(tx, { id: params.organizationId });
    if (!organization) {
      // The organization is named in the body, so this is an invalid request, not a missing URL.
      throw new DsyncError("VALIDATION", "The organization does not exist.", {
        errors: [{ field: "organization_id", code: "not_found", message: "no such organization" }],
      });
    }
    const row = await insertDirectory(tx, {
      id: newId("directory"),
      organizationId: organization.id,
      name: params.name,
      type: params.type,
      state: "unlinked",
    });
    const directory = toDirectory(row, organization.domains);
    if (!isScimDirectoryType(row.type)) return directory;
    const token = await issueScimToken(tx, row.id);
    return {
      ...directory,
      scim: {
        endpoint: `${params.publicUrl}/scim/v2/${row.id}`,
        bearer_token: token.bearerToken,
      },
    };
  });
}
