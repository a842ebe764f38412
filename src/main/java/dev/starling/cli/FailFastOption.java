package dev.starling.cli;

import picocli.CommandLine.Option;

/** {@code --fail-fast} on run, build and test. */
final class FailFastOption {

    @Option(names = {"-x", "--fail-fast"}, description = "Start no new node after the first failure (running ones"
            + " finish); the rest are reported skipped, exit 1.")
    boolean failFast;
}
