package dev.starling.cli;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.docs.DocsServer;
import dev.starling.docs.DocsSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "docs", mixinStandardHelpOptions = true, description = "The project's documentation site.",
        subcommands = {DocsCommand.Generate.class, DocsCommand.Serve.class})
final class DocsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a static site to target/docs/ (index.html plus local assets; open it from disk or"
                    + " serve it): every node, its columns, tests and lineage.")
    static final class Generate extends ProjectCommand {

        @Override
        int run(Workspace workspace) {
            DocsSite.Summary summary = DocsSite.generate(workspace);
            StringJoiner counts = new StringJoiner(", ");
            summary.counts().forEach((kind, n) -> counts.add(n + " " + (n == 1 ? kind
                    : kind.endsWith("is") ? kind.substring(0, kind.length() - 2) + "es" : kind + "s")));
            out().println("Docs: " + counts + " written to " + summary.folder().resolve("index.html")
                    + String.format(java.util.Locale.ROOT, " (%.1f MB)", summary.bytes() / 1e6));
            out().println("  columns: " + summary.columnsFrom());
            out().println("  " + summary.runResults());
            out().println("  " + summary.freshness());
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve target/docs/ on http://127.0.0.1:PORT until stopped (Ctrl-C); run 'docs generate' first.")
    static final class Serve extends ProjectCommand {

        @Option(names = "--port", paramLabel = "N", description = "The port (default 8080; 0 picks a free one).")
        int port = 8080;

        @Override
        int run(Workspace workspace) {
            Path folder = DocsSite.folder(workspace);
            if (!Files.isRegularFile(folder.resolve("index.html"))) {
                throw StarlingException.usage("no site in " + folder + ": run 'starling docs generate' first");
            }
            if (port < 0 || port > 65535) {
                throw StarlingException.usage("--port must be between 0 and 65535");
            }
            try (DocsServer server = DocsServer.start(folder, port, out())) {
                out().println("Serving " + folder + " at " + server.uri() + " (Ctrl-C to stop)");
                out().flush();
                Thread.currentThread().join();
            } catch (IOException e) {
                throw StarlingException.usage("cannot serve on port " + port + ": " + e.getMessage()
                        + ". Pick another with --port N.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
