package dev.starling.execute;

import java.util.List;

/** The results of a run, test or build, in the order the nodes finished. */
public record RunResults(String command, List<NodeResult> results, double seconds) {

    public long count(NodeResult.Status... statuses) {
        return results.stream().filter(r -> List.of(statuses).contains(r.status())).count();
    }

    public long ok() {
        return count(NodeResult.Status.SUCCESS, NodeResult.Status.PASS);
    }

    public long warned() {
        return count(NodeResult.Status.WARN);
    }

    public long failed() {
        return count(NodeResult.Status.FAIL, NodeResult.Status.ERROR);
    }

    public long skipped() {
        return count(NodeResult.Status.SKIPPED);
    }

    /** 0 when nothing failed, 1 when a model, load or error-severity test failed. */
    public int exitStatus() {
        return failed() > 0 ? 1 : 0;
    }

    /** {@code Done. 7 ok, 0 failed, 0 skipped in 3.2s} (warnings are counted when there are some). */
    public String summary() {
        String warn = warned() > 0 ? ", " + warned() + " warned" : "";
        return String.format(java.util.Locale.ROOT, "Done. %d ok%s, %d failed, %d skipped in %.1fs",
                ok(), warn, failed(), skipped(), seconds);
    }
}
