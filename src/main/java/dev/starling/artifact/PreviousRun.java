package dev.starling.artifact;

import dev.starling.execute.UpstreamHistory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last run's {@code run_results.json}, read before a run replaces it: how each node that failed or was skipped
 * ended, for the message of a node whose upstream is not built ({@link UpstreamHistory}).
 */
public final class PreviousRun implements UpstreamHistory {

    private final Path targetDir;
    private Map<String, Earlier> endings;

    private PreviousRun(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * The results in {@code targetDir}, read when first asked (a large project's file is not parsed on every run);
     * none (every node unknown) when the file is missing or unreadable. Read it before the run replaces it.
     */
    public static PreviousRun in(Path targetDir) {
        return new PreviousRun(targetDir);
    }

    private static Map<String, Earlier> read(Path targetDir) {
        Map<String, Earlier> endings = new LinkedHashMap<>();
        Map<String, Object> results = Json.read(targetDir.resolve("run_results.json"));
        String when = results == null || results.get("generated_at") == null ? null : seconds(results.get("generated_at").toString());
        if (results != null && results.get("results") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> result) || result.get("unique_id") == null) {
                    continue;
                }
                String status = String.valueOf(result.get("status"));
                if (status.equals("error") || status.equals("fail") || status.equals("skipped")) {
                    Object message = result.get("message");
                    String firstLine = message == null ? null : message.toString().lines().findFirst().orElse(null);
                    endings.put(result.get("unique_id").toString(), new Earlier(!status.equals("skipped"),
                            when, firstLine));
                }
            }
        }
        return endings;
    }

    /** {@code 2026-12-02T06:05:35Z}: to the second. */
    private static String seconds(String instant) {
        try {
            return java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    @Override
    public synchronized Earlier of(String nodeId) {
        if (endings == null) {
            endings = read(targetDir);
        }
        return endings.get(nodeId);
    }
}
