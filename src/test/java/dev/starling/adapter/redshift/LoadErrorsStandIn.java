package dev.starling.adapter.redshift;

import dev.starling.support.PostgresServer;
import java.util.List;

/**
 * PostgreSQL has no stl_load_errors and no pg_last_copy_id(): these stand-ins, with Redshift's column names and
 * types, let the adapter's own load-error queries run unchanged. {@code pg_last_copy_id()} returns the id the test
 * set as the session's last COPY.
 */
final class LoadErrorsStandIn {

    private LoadErrorsStandIn() {
    }

    static synchronized void install(PostgresServer pg) {
        pg.execute("create table if not exists public.stl_load_errors (userid integer, slice integer, tbl integer,"
                + " starttime timestamp, session integer, query integer, filename character(256), line_number bigint,"
                + " colname character(127), type character(10), col_length character(10), position integer,"
                + " raw_line character(1024), raw_field_value character(1024), err_code integer,"
                + " err_reason character(100), is_partial integer, start_offset bigint);"
                + " create table if not exists public.last_copy (id integer);"
                + " create or replace function public.pg_last_copy_id() returns integer language sql"
                + " as 'select coalesce(max(id), -1) from public.last_copy';"
                + " create or replace function public.getdate() returns timestamp language sql"
                + " as 'select localtimestamp'");
    }

    /** Makes {@code query} the last COPY and records its rejected lines: {@code (query, file, line, column, reason)}. */
    static synchronized void lastCopy(PostgresServer pg, int query, List<String> rows) {
        pg.execute("delete from public.last_copy; insert into public.last_copy values (" + query + ");"
                + " delete from public.stl_load_errors;"
                + (rows.isEmpty() ? "" : " insert into public.stl_load_errors (query, filename, line_number, colname,"
                + " err_reason) values " + String.join(", ", rows)));
    }
}
