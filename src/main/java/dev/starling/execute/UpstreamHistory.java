package dev.starling.execute;

/**
 * What the last run said of a node, for the message of a node whose upstream this run finds not built: that
 * upstream failed or was skipped last time, and why ({@code target/run_results.json}, read before this run
 * replaces it).
 */
@FunctionalInterface
public interface UpstreamHistory {

    /** Nothing known of earlier runs. */
    UpstreamHistory NONE = id -> null;

    /** How the last run ended for {@code nodeId}, or null when it did not fail or skip it (or did not run it). */
    Earlier of(String nodeId);

    /**
     * @param failed    true when it failed (error or a failing test), false when it was skipped
     * @param when      when the last run's results were written (ISO-8601), or null
     * @param firstLine the first line of its message there, or null
     */
    record Earlier(boolean failed, String when, String firstLine) {
    }
}
