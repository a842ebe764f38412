package dev.starling.cli;

import dev.starling.StarlingException;
import dev.starling.infra.AwsClients;
import dev.starling.infra.InfraConfig;
import dev.starling.infra.InfraException;
import dev.starling.infra.InfraService;
import dev.starling.infra.Reachability;
import dev.starling.infra.Waits;
import dev.starling.project.ProjectLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starling infra up | status | down}: the Redshift cluster and its IAM role, from project.yml's infra:. */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Create, inspect or delete the Redshift cluster (or Serverless namespace and workgroup), the IAM role it"
                + " uses to read S3 and the rule that lets you reach its port (project.yml's infra:).",
        subcommands = {InfraCommand.Up.class, InfraCommand.Status.class, InfraCommand.Down.class})
final class InfraCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options of every infra subcommand. */
    static final class InfraOptions {
        @Option(names = "--project-dir", paramLabel = "DIR", description = "The project folder (default: the current folder).")
        Path projectDir = Path.of(".");

        @Option(names = "--profile", paramLabel = "NAME", description = "The AWS profile (default: the default credential chain).")
        String profile;

        @Option(names = "--kind", paramLabel = "KIND", description = "cluster or serverless (default: infra.kind in"
                + " project.yml, else cluster).")
        String kind;

        @Option(names = "--debug", description = "Print stack traces of errors.")
        boolean debug;
    }

    abstract static class Sub implements Callable<Integer> {
        @Mixin
        InfraOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            Function<String, String> env = Main.environment();
            InfraConfig.Kind kind = null;
            if (options.kind != null) {
                kind = InfraConfig.Kind.of(options.kind);
                if (kind == null) {
                    throw StarlingException.usage("--kind '" + options.kind + "' is not valid: cluster or serverless");
                }
            }
            InfraConfig config = InfraConfig.from(ProjectLoader.loadConfig(options.projectDir, Map.of(), env), kind);
            try (AwsClients aws = AwsClients.open(config, options.profile, env)) {
                run(new InfraService(config, aws, spec.commandLine().getOut(), Waits.system(), Reachability.tcp()));
                return 0;
            } catch (InfraException e) {
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("Error: " + e.getMessage());
                if (options.debug) {
                    e.printStackTrace(spec.commandLine().getErr());
                }
                return InfraException.EXIT_STATUS;
            }
        }

        abstract void run(InfraService service);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Create (or reuse) the IAM role and the cluster or workgroup, wait until it is available, let"
                    + " infra.allow_cidr in on its port, write .starling/infra.json (recording what was created).")
    static final class Up extends Sub {
        @Option(names = "--dry-run", description = "Print every call that would be made (password redacted); make none.")
        boolean dryRun;

        @Override
        void run(InfraService service) {
            service.up(dryRun);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the IAM role, the cluster or workgroup (status, endpoint), whether its port answers from"
                    + " here, and the state file .starling/infra.json.")
    static final class Status extends Sub {
        @Override
        void run(InfraService service) {
            service.status();
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Delete what infra up created, and only that: the inbound rule, the cluster or workgroup and"
                    + " namespace (no final snapshot unless --final-snapshot), then the role.")
    static final class Down extends Sub {
        @Option(names = "--final-snapshot", paramLabel = "NAME", description = "Keep a final snapshot of the cluster"
                + " (or namespace) under this name.")
        String finalSnapshot;

        @Option(names = "--dry-run", description = "Print every call that would be made; make none.")
        boolean dryRun;

        @Override
        void run(InfraService service) {
            service.down(finalSnapshot, dryRun);
        }
    }
}
