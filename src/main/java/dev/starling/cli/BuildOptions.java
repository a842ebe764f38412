package dev.starling.cli;

import picocli.CommandLine.Option;

/** The options {@code run} and {@code build} share: what to rebuild, and whether only to show the plan. */
final class BuildOptions {

    @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch and reload incremental"
            + " sources from all their files.")
    boolean fullRefresh;

    @Option(names = "--dry-run", description = "Print, node by node in execution order, every statement the command"
            + " would send, and send nothing that changes data (no connection: plans a first build).")
    boolean dryRun;
}
