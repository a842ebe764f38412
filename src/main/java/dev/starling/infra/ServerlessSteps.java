package dev.starling.infra;

import dev.starling.infra.InfraState.Created;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;
import software.amazon.awssdk.services.redshiftserverless.model.CreateNamespaceRequest;
import software.amazon.awssdk.services.redshiftserverless.model.CreateWorkgroupRequest;
import software.amazon.awssdk.services.redshiftserverless.model.DeleteNamespaceRequest;
import software.amazon.awssdk.services.redshiftserverless.model.DeleteWorkgroupRequest;
import software.amazon.awssdk.services.redshiftserverless.model.GetNamespaceRequest;
import software.amazon.awssdk.services.redshiftserverless.model.GetWorkgroupRequest;
import software.amazon.awssdk.services.redshiftserverless.model.Namespace;
import software.amazon.awssdk.services.redshiftserverless.model.Workgroup;

/**
 * Redshift Serverless for {@code infra}: the namespace (database, admin user, the IAM role associated and made its
 * default) and the workgroup (base capacity, publicly accessible or not, the port), made, looked at and deleted
 * in that order (deleted in the other), each wait polling until AVAILABLE or gone.
 */
final class ServerlessSteps {

    /** Where the workgroup answers, and what {@code infra up} needs to open its port. */
    record Endpoint(String host, int port, String securityGroupId, Boolean publiclyAccessible) {
    }

    private static final String NOT_FOUND = "ResourceNotFoundException";
    private static final String CONFLICT = "ConflictException";

    private final InfraConfig config;
    private final Supplier<RedshiftServerlessClient> client;
    private final AwsCalls calls;
    private final PrintWriter out;

    ServerlessSteps(InfraConfig config, Supplier<RedshiftServerlessClient> client, AwsCalls calls, PrintWriter out) {
        this.config = config;
        this.client = client;
        this.calls = calls;
        this.out = out;
    }

    private String namespaceSubject() {
        return "namespace " + config.namespace();
    }

    private String workgroupSubject() {
        return "workgroup " + config.workgroup();
    }

    // ---- up ----------------------------------------------------------------------------------------------------

    /** Makes (or reuses) the namespace and the workgroup, reporting each creation to {@code created} at once. */
    Endpoint up(String roleArn, String password, Waits waits, Consumer<UnaryOperator<Created>> created) {
        Namespace namespace = findNamespace();
        if (namespace == null) {
            try {
                namespace = calls.call("redshift-serverless:CreateNamespace", namespaceSubject(),
                        () -> client.get().createNamespace(createNamespace(roleArn, password)).namespace(), CONFLICT);
                created.accept(Created::withNamespace);
                out.println(namespaceSubject() + ": created (database " + config.database() + ", admin user "
                        + config.masterUser() + ", role " + config.iamRoleName() + ")");
            } catch (AwsServiceException e) { // made by someone else since GetNamespace
                namespace = findNamespace();
                if (namespace == null) {
                    throw new InfraException(namespaceSubject() + " both exists (CreateNamespace) and does not"
                            + " (GetNamespace); run `starling infra up` again in a minute");
                }
                out.println(namespaceSubject() + ": already exists (" + namespace.statusAsString() + "), reused");
            }
        } else {
            if ("DELETING".equals(namespace.statusAsString())) {
                throw new InfraException(namespaceSubject() + " is being deleted; wait until `starling infra status`"
                        + " shows it absent, then run `starling infra up` again (or choose another infra.namespace)");
            }
            out.println(namespaceSubject() + ": already exists (" + namespace.statusAsString() + "), reused");
            if (!namespace.iamRoles().stream().anyMatch(r -> r.contains(roleArn))) {
                out.println("  warning: it does not have the role " + roleArn + ", so its COPY cannot read S3 with it;"
                        + " add the role to the namespace (Redshift Serverless console, 'Manage IAM roles')");
            }
        }
        out.flush();
        if (!"AVAILABLE".equals(namespace.statusAsString())) {
            waitForNamespace(waits);
        }
        Workgroup workgroup = findWorkgroup();
        if (workgroup == null) {
            try {
                workgroup = calls.call("redshift-serverless:CreateWorkgroup", workgroupSubject(),
                        () -> client.get().createWorkgroup(createWorkgroup()).workgroup(), CONFLICT);
                created.accept(Created::withWorkgroup);
                out.println(workgroupSubject() + ": creating (base capacity " + config.baseCapacity() + " RPUs, namespace "
                        + config.namespace() + (Boolean.TRUE.equals(config.publiclyAccessible()) ? ", publicly accessible"
                        : "") + ")");
            } catch (AwsServiceException e) {
                workgroup = findWorkgroup();
                if (workgroup == null) {
                    throw new InfraException(workgroupSubject() + " both exists (CreateWorkgroup) and does not"
                            + " (GetWorkgroup); run `starling infra up` again in a minute. AWS said: "
                            + AwsCalls.oneLine(AwsCalls.says(e)));
                }
                out.println(workgroupSubject() + ": already exists (" + workgroup.statusAsString() + "), reused");
            }
        } else {
            if ("DELETING".equals(workgroup.statusAsString())) {
                throw new InfraException(workgroupSubject() + " is being deleted; wait until `starling infra status`"
                        + " shows it absent, then run `starling infra up` again (or choose another infra.workgroup)");
            }
            out.println(workgroupSubject() + ": already exists (" + workgroup.statusAsString() + ", base capacity "
                    + workgroup.baseCapacity() + " RPUs, namespace " + workgroup.namespaceName() + "), reused");
            if (!config.namespace().equals(workgroup.namespaceName())) {
                out.println("  warning: it belongs to namespace " + workgroup.namespaceName() + ", not "
                        + config.namespace() + "; it is used as it is");
            }
        }
        out.flush();
        if (!"AVAILABLE".equals(workgroup.statusAsString())) {
            workgroup = waitUntilAvailable(waits);
        }
        if (workgroup.endpoint() == null || workgroup.endpoint().address() == null) {
            throw new InfraException(workgroupSubject() + " is available but gave no endpoint; run `starling infra"
                    + " status` in a minute, then `starling infra up` again");
        }
        return new Endpoint(workgroup.endpoint().address(), workgroup.endpoint().port() != null
                ? workgroup.endpoint().port() : config.port(),
                workgroup.securityGroupIds().isEmpty() ? null : workgroup.securityGroupIds().get(0),
                workgroup.publiclyAccessible());
    }

    /** A namespace that is MODIFYING (just made, or a role being added) takes no workgroup until it is AVAILABLE. */
    private void waitForNamespace(Waits waits) {
        long start = waits.nanoTime();
        while (true) {
            Namespace namespace = findNamespace();
            Duration elapsed = Duration.ofNanos(waits.nanoTime() - start);
            if (namespace == null) {
                throw new InfraException(namespaceSubject() + " disappeared while waiting for it to be available"
                        + " (deleted by someone else?); run `starling infra up` again to create it");
            }
            String status = namespace.statusAsString();
            if ("AVAILABLE".equals(status)) {
                return;
            }
            out.println("  waiting for " + namespaceSubject() + ": " + status + " (" + Waits.format(elapsed) + " elapsed)");
            out.flush();
            InfraService.sleepOrTimeOut(config, waits, namespaceSubject(), elapsed, "to be available", status,
                    "run `starling infra up` again to wait more, or raise infra.wait_timeout in project.yml");
        }
    }

    private Workgroup waitUntilAvailable(Waits waits) {
        long start = waits.nanoTime();
        while (true) {
            Workgroup workgroup = findWorkgroup();
            Duration elapsed = Duration.ofNanos(waits.nanoTime() - start);
            if (workgroup == null) {
                throw new InfraException(workgroupSubject() + " disappeared while waiting for it to be available"
                        + " (deleted by someone else?); run `starling infra up` again to create it");
            }
            String status = workgroup.statusAsString();
            if ("AVAILABLE".equals(status)) {
                out.println("  " + workgroupSubject() + ": available after " + Waits.format(elapsed));
                return workgroup;
            }
            out.println("  waiting for " + workgroupSubject() + ": " + status + " (" + Waits.format(elapsed) + " elapsed)");
            out.flush();
            InfraService.sleepOrTimeOut(config, waits, workgroupSubject(), elapsed, "to be available", status,
                    "AWS goes on creating it: run `starling infra up` again to wait more (it reuses the workgroup),"
                            + " `starling infra status` to look, or raise infra.wait_timeout in project.yml");
        }
    }

    void planUp(String roleArn, String password) {
        calls.plan("redshift-serverless:GetNamespace", getNamespace(), "");
        calls.plan("redshift-serverless:CreateNamespace", createNamespace(roleArn, password), "if GetNamespace finds none");
        calls.plan("redshift-serverless:GetWorkgroup", getWorkgroup(), "");
        calls.plan("redshift-serverless:CreateWorkgroup", createWorkgroup(), "if GetWorkgroup finds none");
        calls.plan("redshift-serverless:GetWorkgroup", getWorkgroup(), "every " + Waits.format(config.waitInterval())
                + " until status is AVAILABLE, for at most " + Waits.format(config.waitTimeout()));
    }

    // ---- status ------------------------------------------------------------------------------------------------

    /** Prints the namespace and the workgroup; the workgroup's endpoint, or null when there is no workgroup. */
    Endpoint status() {
        Namespace namespace = findNamespace();
        if (namespace == null) {
            out.println(namespaceSubject() + ": absent");
        } else {
            out.println(namespaceSubject() + ": " + namespace.statusAsString() + ", database " + namespace.dbName()
                    + ", admin user " + namespace.adminUsername() + ", default role " + namespace.defaultIamRoleArn());
        }
        Workgroup workgroup = findWorkgroup();
        if (workgroup == null) {
            out.println(workgroupSubject() + ": absent");
            return null;
        }
        boolean hasEndpoint = workgroup.endpoint() != null && workgroup.endpoint().address() != null;
        int port = hasEndpoint && workgroup.endpoint().port() != null ? workgroup.endpoint().port() : config.port();
        out.println(workgroupSubject() + ": " + workgroup.statusAsString() + ", base capacity " + workgroup.baseCapacity()
                + " RPUs, endpoint " + (hasEndpoint ? workgroup.endpoint().address() + ":" + port : "(none yet)")
                + (Boolean.TRUE.equals(workgroup.publiclyAccessible()) ? ", publicly accessible" : ", NOT publicly accessible"));
        return new Endpoint(hasEndpoint ? workgroup.endpoint().address() : null, port,
                workgroup.securityGroupIds().isEmpty() ? null : workgroup.securityGroupIds().get(0),
                workgroup.publiclyAccessible());
    }

    // ---- down --------------------------------------------------------------------------------------------------

    /** Deletes the workgroup, then the namespace, each only when {@code created} says {@code up} made it. */
    void down(String finalSnapshot, Created created, Waits waits, List<String> kept) {
        Workgroup workgroup = findWorkgroup();
        boolean workgroupStays = false;
        if (workgroup == null) {
            out.println(workgroupSubject() + ": not found, nothing to delete");
        } else if (!created.workgroup()) {
            out.println(workgroupSubject() + ": kept: no record that `infra up` created it (it found it, or there is no "
                    + InfraState.RELATIVE_PATH + "); delete it in the Redshift Serverless console if you mean to");
            kept.add(workgroupSubject());
            workgroupStays = true;
        } else {
            if ("DELETING".equals(workgroup.statusAsString())) {
                out.println(workgroupSubject() + ": already being deleted");
            } else {
                try {
                    calls.call("redshift-serverless:DeleteWorkgroup", workgroupSubject(),
                            () -> client.get().deleteWorkgroup(deleteWorkgroup()), NOT_FOUND, CONFLICT);
                    out.println(workgroupSubject() + ": deleting");
                } catch (AwsServiceException e) {
                    if (CONFLICT.equals(AwsCalls.code(e))) {
                        throw new InfraException(workgroupSubject() + " is '" + workgroup.statusAsString() + "' and"
                                + " cannot be deleted now; wait until `starling infra status` shows it AVAILABLE, then"
                                + " run `starling infra down` again. AWS said: " + AwsCalls.oneLine(AwsCalls.says(e)));
                    }
                    out.println(workgroupSubject() + ": deleted meanwhile by someone else");
                }
            }
            out.flush();
            waitUntilGone(waits, workgroupSubject(), () -> {
                Workgroup w = findWorkgroup();
                return w == null ? null : w.statusAsString();
            });
        }
        Namespace namespace = findNamespace();
        if (namespace == null) {
            out.println(namespaceSubject() + ": not found, nothing to delete");
        } else if (!created.namespace()) {
            out.println(namespaceSubject() + ": kept: no record that `infra up` created it (it found it, or there is no "
                    + InfraState.RELATIVE_PATH + "); delete it in the Redshift Serverless console if you mean to");
            kept.add(namespaceSubject());
        } else if (workgroupStays) {
            out.println(namespaceSubject() + ": kept: the workgroup `infra up` did not create still uses it");
            kept.add(namespaceSubject());
        } else {
            try {
                calls.call("redshift-serverless:DeleteNamespace", namespaceSubject(),
                        () -> client.get().deleteNamespace(deleteNamespace(finalSnapshot)), NOT_FOUND);
                out.println(namespaceSubject() + ": deleting (" + (finalSnapshot == null ? "no final snapshot"
                        : "final snapshot " + finalSnapshot) + ")");
            } catch (AwsServiceException e) {
                out.println(namespaceSubject() + ": deleted meanwhile by someone else");
            }
            out.flush();
            waitUntilGone(waits, namespaceSubject(), () -> {
                Namespace n = findNamespace();
                return n == null ? null : n.statusAsString();
            });
        }
    }

    private void waitUntilGone(Waits waits, String subject, Supplier<String> status) {
        long start = waits.nanoTime();
        while (true) {
            String now = status.get();
            Duration elapsed = Duration.ofNanos(waits.nanoTime() - start);
            if (now == null) {
                out.println("  " + subject + ": deleted after " + Waits.format(elapsed));
                out.flush();
                return;
            }
            out.println("  waiting for " + subject + ": " + now + " (" + Waits.format(elapsed) + " elapsed)");
            out.flush();
            InfraService.sleepOrTimeOut(config, waits, subject, elapsed, "to be deleted", now, "AWS goes on deleting"
                    + " it: run `starling infra down` again to wait more and delete the rest, or raise"
                    + " infra.wait_timeout in project.yml");
        }
    }

    void planDown(String finalSnapshot, Created created, String ifRecorded) {
        calls.plan("redshift-serverless:GetWorkgroup", getWorkgroup(), "");
        calls.plan("redshift-serverless:DeleteWorkgroup", deleteWorkgroup(),
                created.workgroup() ? "recorded as created by infra up" : ifRecorded + "; it does not now");
        calls.plan("redshift-serverless:GetWorkgroup", getWorkgroup(), "every " + Waits.format(config.waitInterval())
                + " until ResourceNotFoundException, for at most " + Waits.format(config.waitTimeout()));
        calls.plan("redshift-serverless:GetNamespace", getNamespace(), "");
        calls.plan("redshift-serverless:DeleteNamespace", deleteNamespace(finalSnapshot),
                created.namespace() ? "recorded as created by infra up" : ifRecorded + "; it does not now");
        calls.plan("redshift-serverless:GetNamespace", getNamespace(), "every " + Waits.format(config.waitInterval())
                + " until ResourceNotFoundException, for at most " + Waits.format(config.waitTimeout()));
    }

    // ---- lookups and requests ----------------------------------------------------------------------------------

    private Namespace findNamespace() {
        try {
            return calls.call("redshift-serverless:GetNamespace", namespaceSubject(),
                    () -> client.get().getNamespace(getNamespace()).namespace(), NOT_FOUND);
        } catch (AwsServiceException e) {
            return null;
        }
    }

    private Workgroup findWorkgroup() {
        try {
            return calls.call("redshift-serverless:GetWorkgroup", workgroupSubject(),
                    () -> client.get().getWorkgroup(getWorkgroup()).workgroup(), NOT_FOUND);
        } catch (AwsServiceException e) {
            return null;
        }
    }

    private GetNamespaceRequest getNamespace() {
        return GetNamespaceRequest.builder().namespaceName(config.namespace()).build();
    }

    private GetWorkgroupRequest getWorkgroup() {
        return GetWorkgroupRequest.builder().workgroupName(config.workgroup()).build();
    }

    private CreateNamespaceRequest createNamespace(String roleArn, String password) {
        return CreateNamespaceRequest.builder()
                .namespaceName(config.namespace())
                .dbName(config.database())
                .adminUsername(config.masterUser())
                .adminUserPassword(password)
                .iamRoles(roleArn)
                .defaultIamRoleArn(roleArn)
                .build();
    }

    private CreateWorkgroupRequest createWorkgroup() {
        CreateWorkgroupRequest.Builder b = CreateWorkgroupRequest.builder()
                .workgroupName(config.workgroup())
                .namespaceName(config.namespace())
                .baseCapacity(config.baseCapacity())
                .port(config.port());
        if (config.publiclyAccessible() != null) {
            b.publiclyAccessible(config.publiclyAccessible());
        }
        return b.build();
    }

    private DeleteWorkgroupRequest deleteWorkgroup() {
        return DeleteWorkgroupRequest.builder().workgroupName(config.workgroup()).build();
    }

    private DeleteNamespaceRequest deleteNamespace(String finalSnapshot) {
        DeleteNamespaceRequest.Builder b = DeleteNamespaceRequest.builder().namespaceName(config.namespace());
        return finalSnapshot == null ? b.build() : b.finalSnapshotName(finalSnapshot).build();
    }
}
