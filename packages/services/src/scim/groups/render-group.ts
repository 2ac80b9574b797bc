import { type Db, type DirectoryGroupRow, listMembersOfGroups } from "@dsync/db";
import { renderScimGroup } from "../render";

/** Renders groups, loading members only when the response will include them. */
export async function renderGroups(
  db: Db,
  rows: DirectoryGroupRow[],
  baseUrl: string,
  includeMembers: boolean,
): Promise<Record<string, unknown>[]> {
  if (!includeMembers || rows.length === 0) return rows.map((row) => renderScimGroup(row, baseUrl));
  const members = await listMembersOfGroups(db, {
    directoryId: rows[0]!.directoryId,
    groupIds: rows.map((r) => r.id),
  });
  return rows.map((row) =>
    renderScimGroup(
      row,
      baseUrl,
      (members.get(row.id) ?? []).map((m) => ({ value: m.userId, display: m.display })),
    ),
  );
}
