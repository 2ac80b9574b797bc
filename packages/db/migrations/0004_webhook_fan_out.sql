-- A ULID (Crockford base32: 48-bit millisecond time, 80 random bits), the same format as
-- newId() in @dsync/core, so ids made by the database sort and parse like the rest.
CREATE OR REPLACE FUNCTION dsync_ulid() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  -- Bytes 6 and 8 of a v4 UUID carry its version and variant bits; the rest are random.
  u bytea := uuid_send(gen_random_uuid());
  hi bigint := 0;
  lo bigint := 0;
  result text := '';
  i int;
BEGIN
  FOR i IN 0..4 LOOP hi := (hi << 8) | get_byte(u, i); END LOOP;
  FOR i IN 9..13 LOOP lo := (lo << 8) | get_byte(u, i); END LOOP;
  FOR i IN REVERSE 9..0 LOOP result := result || substr(alphabet, ((ms >> (5 * i)) & 31)::int + 1, 1); END LOOP;
  FOR i IN REVERSE 7..0 LOOP result := result || substr(alphabet, ((hi >> (5 * i)) & 31)::int + 1, 1); END LOOP;
  FOR i IN REVERSE 7..0 LOOP result := result || substr(alphabet, ((lo >> (5 * i)) & 31)::int + 1, 1); END LOOP;
  RETURN result;
END
$$;
--> statement-breakpoint
-- Fan-out: every appended event becomes one pending delivery per enabled endpoint subscribed
-- to its name (and to its organization, for a scoped endpoint), in the appending transaction.
-- Committed events therefore always have their deliveries, whichever code path wrote them.
-- Notifications (sent at commit) carry the BullMQ job ids `<delivery id>.<attempt>`, at most
-- 100 per notification to stay under NOTIFY's 8000-byte payload limit, so a worker enqueues
-- exactly the new work. A lost notification only delays: the sweeper re-enqueues from the rows.
CREATE OR REPLACE FUNCTION dsync_fan_out_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  job_ids text;
BEGIN
  FOR job_ids IN
    WITH inserted AS (
      INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, status, attempts, next_attempt_at, created_at, updated_at)
      SELECT 'webhook_delivery_' || dsync_ulid(), we.id, e.id, e.event, 'pending', 0, now(), now(), now()
      FROM new_events e
      JOIN webhook_endpoints we
        ON we.status = 'enabled'
       AND we.events ? e.event
       AND (we.organization_id IS NULL OR we.organization_id = e.organization_id)
      ORDER BY e.seq, we.id
      RETURNING id
    ), numbered AS (
      SELECT id, (row_number() OVER () - 1) / 100 AS chunk FROM inserted
    )
    SELECT string_agg(id || '.1', ',') FROM numbered GROUP BY chunk
  LOOP
    PERFORM pg_notify('dsync_webhook_deliveries', job_ids);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_fan_out AFTER INSERT ON events
REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION dsync_fan_out_events();
