import { ListEventsQuery } from "../../routes/events/list";
import type { ApiOperation } from "../operation";
import { ErrorResponse, EventList } from "../responses";

/** `/events`: the WorkOS-compatible Events API. */
export const eventOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/events",
    operationId: "listEvents",
    tag: "Events",
    summary: "List events",
    description:
      "Events oldest first, after the `after` cursor (an event id). `events` is required: " +
      "`events=a,b`, `events[]=a&events[]=b` and `events=a&events=b` are all accepted.",
    query: ListEventsQuery,
    listQueryParams: ["events"],
    responses: {
      200: { description: "A page of events.", schema: EventList },
      400: { description: "Unknown or expired `after` cursor.", schema: ErrorResponse },
    },
  },
];
