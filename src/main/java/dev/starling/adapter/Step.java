package dev.starling.adapter;

import java.util.List;

/**
 * One step of a node's plan, in the order it runs. {@code starling run --dry-run} prints each step's label and
 * what it sends; a run executes the same steps.
 */
public sealed interface Step {

    /** What the step does, in a few words: {@code build under a temporary name and swap it in}. */
    String label();

    /** What it sends, as {@code --dry-run} prints it: its statements, or a description of the engine's work. */
    List<String> shown();

    /**
     * Statements sent as one transaction: all of them take effect, or none; {@code commit} adds a check before the
     * commit and an apply mark (see {@link Commit}).
     */
    record Transaction(String label, List<String> statements, Commit commit) implements Step {
        public Transaction {
            statements = List.copyOf(statements);
        }

        public Transaction(String label, List<String> statements) {
            this(label, statements, Commit.PLAIN);
        }

        @Override
        public List<String> shown() {
            return statements;
        }
    }

    /**
     * Work on the engine that is more than fixed statements (e.g. reading files with a fallback reader); {@code shown}
     * lists the statements it starts with and, in words, what it sends only when needed.
     */
    record Action(String label, List<String> shown, EngineAction work) implements Step {
        public Action {
            shown = List.copyOf(shown);
        }
    }

    /**
     * A check that only the run can decide (rejects over {@code max_errors}, columns or files that changed): it
     * reads, and stops the node with a message before anything further is sent.
     */
    record Guard(String label, EngineAction check) implements Step {
        @Override
        public List<String> shown() {
            return List.of();
        }
    }

    /** Something the plan knows but that sends nothing (e.g. "no new files", "the listing was skipped"). */
    record Note(String label) implements Step {
        @Override
        public List<String> shown() {
            return List.of();
        }
    }
}
