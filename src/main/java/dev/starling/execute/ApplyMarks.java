package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.Commit;
import dev.starling.adapter.Step;
import java.util.List;
import java.util.UUID;

/**
 * Apply marks make an appending transaction safe to repeat: it inserts a mark with a new id in
 * {@value #TABLE} together with its rows, and a session that retries it after losing the connection (the commit may
 * have succeeded without the reply arriving) first looks for the mark, and does not apply the rows again when it is
 * there. Used by every transaction that is not idempotent: an incremental source's append, an incremental model's
 * apply.
 */
final class ApplyMarks {

    /** The marks, in the target's schema: id, node, applied_at. */
    static final String TABLE = "starling_applied";

    private ApplyMarks() {
    }

    /** The step that creates the marks table when it is missing. */
    static List<Step> createTable(PlanContext context) {
        Adapter adapter = context.adapter();
        String create = "create table if not exists " + context.relation(TABLE) + " (id " + adapter.textType()
                + ", node " + adapter.textType() + ", applied_at timestamp)";
        return OwnTables.createIfMissing(context, TABLE, "create the apply marks table if it is missing", create);
    }

    /** A new mark for one transaction of {@code nodeId}. */
    static Commit.ApplyMark mark(PlanContext context) {
        return new Commit.ApplyMark(context.relation(TABLE), UUID.randomUUID().toString());
    }

    /** The statement that records {@code mark}, sent in the transaction it marks. */
    static String insert(PlanContext context, Commit.ApplyMark mark, String nodeId) {
        Adapter adapter = context.adapter();
        return "insert into " + mark.table() + " (id, node, applied_at) values (" + adapter.stringLiteral(mark.id())
                + ", " + adapter.stringLiteral(nodeId) + ", " + adapter.currentTimestamp() + ")";
    }
}
