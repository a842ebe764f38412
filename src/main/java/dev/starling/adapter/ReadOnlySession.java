package dev.starling.adapter;

import java.util.List;

/**
 * A session that reads and never writes, for a dry run: queries pass through, and any transaction is refused
 * before it reaches the engine, so a plan made on it can inspect the target but not change it.
 */
public final class ReadOnlySession extends DelegatingSession {

    public ReadOnlySession(Session session) {
        super(session);
    }

    @Override
    public void transaction(List<String> statements, Commit commit) {
        throw new IllegalStateException("a dry run sends nothing that changes data; refused: "
                + (statements.isEmpty() ? "(empty)" : statements.get(0).lines().findFirst().orElse("")));
    }
}
