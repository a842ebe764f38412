package dev.starling.cli;

import dev.starling.infra.AwsClients;
import dev.starling.infra.InfraConfig;
import dev.starling.infra.InfraException;
import dev.starling.infra.InfraService;
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
        description = "Create, inspect or delete the Redshift cluster and the IAM role it uses to read S3 (project.yml's infra:).",
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
            InfraConfig config = InfraConfig.from(ProjectLoader.loadConfig(options.projectDir, Map.of(), env));
            try (AwsClients aws = AwsClients.open(config, options.profile, env)) {
                run(new InfraService(config, aws.redshift(), aws.iam(), spec.commandLine().getOut(), Waits.system()));
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
            description = "Create (or reuse) the IAM role and the cluster, wait until it is available, write .starling/infra.json.")
    static final class Up extends Sub {
        @Option(names = "--dry-run", description = "Print every call that would be made (password redacted); make none.")
        boolean dryRun;

        @Override
        void run(InfraService service) {
            service.up(dryRun);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the IAM role, the cluster (status, endpoint, nodes) and the state file .starling/infra.json.")
    static final class Status extends Sub {
        @Override
        void run(InfraService service) {
            service.status();
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Delete the cluster (no final snapshot unless --final-snapshot), wait until it is gone, then the role.")
    static final class Down extends Sub {
        @Option(names = "--final-snapshot", paramLabel = "NAME", description = "Keep a final snapshot of the cluster under this name.")
        String finalSnapshot;

        @Option(names = "--dry-run", description = "Print every call that would be made; make none.")
        boolean dryRun;

        @Override
        void run(InfraService service) {
            service.down(finalSnapshot, dryRun);
        }
    }
}
