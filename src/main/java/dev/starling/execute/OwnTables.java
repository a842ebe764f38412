package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import java.util.Collection;
import java.util.List;

/**
 * Starling's own bookkeeping tables (load state, apply marks, batches and marks): each plan that writes one first
 * creates it when missing. Nodes run side by side, so the creations run one at a time.
 */
final class OwnTables {

    private static final Object LOCK = new Object();

    private OwnTables() {
    }

    /**
     * The step that runs {@code creates} ({@code create table if not exists ...}), then {@code done}; none when
     * every one of {@code tables} was there when the run began (a statement that changes nothing still waits for
     * the engine's catalog, behind another node's commit).
     */
    static List<Step> createIfMissing(PlanContext context, List<String> tables, String label, List<String> creates,
                                      Runnable done) {
        if (tables.stream().allMatch(table -> context.existing(table) == RelationType.TABLE)) {
            return List.of();
        }
        return List.of(new Step.Action(label, creates, session -> {
            synchronized (LOCK) {
                session.transaction(creates);
            }
            done.run();
        }));
    }

    static List<Step> createIfMissing(PlanContext context, String table, String label, String create) {
        return createIfMissing(context, List.of(table), label, List.of(create), () -> { });
    }

    /** {@code 'a', 'b'}: {@code values} as string literals for an {@code in (...)} list. */
    static String inList(Adapter adapter, Collection<String> values) {
        return String.join(", ", values.stream().map(adapter::stringLiteral).toList());
    }
}
