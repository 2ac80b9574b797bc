import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * `column = any($1::text[])`: a list of text values bound as ONE array parameter. Unlike
 * `in ($1, …, $n)` the statement text does not change with the list's length, so it is
 * prepared once per connection, and no list is too long for Postgres's 65,535-parameter limit.
 */
export function anyOf(column: AnyColumn | SQL, values: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(values)}::text[])`;
}
