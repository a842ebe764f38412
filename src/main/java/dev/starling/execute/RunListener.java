package dev.starling.execute;

import dev.starling.render.CompiledNode;

/** Told as each node starts and finishes (from worker threads: implementations must be thread-safe). */
public interface RunListener {

    void started(int index, int total, CompiledNode node, String action);

    void finished(int index, int total, NodeResult result);

    /** A line about a running node, e.g. what a source's S3 sync downloaded. */
    default void note(CompiledNode node, String line) {
    }

    RunListener SILENT = new RunListener() {
        @Override
        public void started(int index, int total, CompiledNode node, String action) {
        }

        @Override
        public void finished(int index, int total, NodeResult result) {
        }
    };
}
