package dev.starling.e2e;

import dev.starling.support.PostgresServer;

/** What Redshift has and PostgreSQL lacks, stood in for by the e2e tests that build on PostgreSQL. */
final class RedshiftStandIns {

    private RedshiftStandIns() {
    }

    /** Redshift's getdate(), which the apply marks of incremental models use. */
    static synchronized void getdate(PostgresServer pg) {
        pg.execute("create or replace function public.getdate() returns timestamp language sql"
                + " as 'select localtimestamp'");
    }
}
