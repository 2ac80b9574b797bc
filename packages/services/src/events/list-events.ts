import { DsyncError, type EventType, idTime, type RenderedEvent, renderEvent } from "@dsync/core";
import { type Db, findEventPosition, listEventsAfter } from "@dsync/db";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parameters of one Events API page. */
export interface ListEventsParams {
  events: readonly EventType[];
  limit: number;
  /** The id of the last event the reader has seen. */
  after?: string;
  organizationId?: string;
  rangeStart?: Date;
  rangeEnd?: Date;
  /** `DSYNC_EVENT_RETENTION_DAYS`: cursors older than this are expired, not unknown. */
  retentionDays: number;
  now?: Date;
}

/** WorkOS's event list: `after` is the id to continue from, null on an empty page. */
export interface EventList {
  object: "list";
  data: RenderedEvent[];
  list_metadata: { after: string | null };
}

/**
 * One page of events in commit order after the `after` cursor, rendered exactly as webhooks
 * carry them. `list_metadata.after` is the page's last id whenever the page has events, like
 * WorkOS's Events API: the log keeps growing, so a reader that reached the end keeps that id and
 * polls with it later. An empty page (null) is the end for now; the SDK's loop stops there.
 */
export async function listEvents(db: Db, params: ListEventsParams): Promise<EventList> {
  const position =
    params.after === undefined ? undefined : await cursorPosition(db, params.after, params);
  const rows = await listEventsAfter(db, {
    limit: params.limit,
    eventTypes: params.events,
    ...(position ? { after: { txid: position.txid, seq: position.seq } } : {}),
    ...(params.organizationId ? { organizationId: params.organizationId } : {}),
    ...(params.rangeStart ? { rangeStart: params.rangeStart } : {}),
    ...(params.rangeEnd ? { rangeEnd: params.rangeEnd } : {}),
  });
  return {
    object: "list",
    data: rows.map(renderEvent),
    list_metadata: { after: rows[rows.length - 1]?.id ?? null },
  };
}

/**
 * Resolves the `after` id to its (txid, seq). A cursor older than the retention window is
 * "expired" whether or not its row is still there: a prune deletes old events in batches, so a
 * surviving cursor row does not prove the events after it survived, and a reader must resync
 * rather than silently skip. A missing id within the window is "unknown". Both are 400s, never a
 * silent restart from the beginning.
 */
async function cursorPosition(db: Db, after: string, params: ListEventsParams) {
  const cutoff = (params.now ?? new Date()).getTime() - params.retentionDays * DAY_MS;
  const position = await findEventPosition(db, after);
  // A missing id's age comes from its ULID: pruned event ids were minted before the cut-off.
  const created = position?.createdAt ?? (after.startsWith("event_") ? idTime(after) : undefined);
  if (created && created.getTime() < cutoff) {
    throw new DsyncError(
      "BAD_REQUEST",
      `Expired cursor: event ${after} is older than the ${params.retentionDays}-day retention window, so events after it may have been pruned. Start again without after (or with range_start).`,
    );
  }
  if (position) return position;
  throw new DsyncError(
    "BAD_REQUEST",
    `Unknown cursor: there is no event ${after}. Pass the id of an event this API returned.`,
  );
}
