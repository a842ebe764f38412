package dev.starling.infra;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * How {@code infra} makes its AWS calls, for every service alike: a dry run prints each call (service:Action and its
 * parameters, passwords redacted); a real call turns what AWS refuses into one line that says what to do.
 */
final class AwsCalls {

    static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedAccess");
    static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "AuthFailure", "InvalidAccessKeyId");
    /** A limit of the account: Redshift's cluster and node quotas, Serverless's, EC2's rules per security group. */
    static final Set<String> QUOTA = Set.of("ClusterQuotaExceeded", "NumberOfNodesQuotaExceeded",
            "NumberOfNodesPerClusterLimitExceeded", "ServiceQuotaExceededException", "RulesPerSecurityGroupLimitExceeded",
            "LimitExceededException", "LimitExceeded");

    private final InfraConfig config;
    private final PrintWriter out;

    AwsCalls(InfraConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Prints one call of a dry run: the permission it needs (service:Action) and its parameters. */
    void plan(String action, SdkPojo request, String when) {
        out.println("  " + action + " " + parameters(request) + (when.isEmpty() ? "" : "   (" + when + ")"));
    }

    /** The request's parameters as Name=value, in the SDK's order; every password is redacted. */
    static String parameters(SdkPojo request) {
        List<String> parts = new ArrayList<>();
        for (SdkField<?> field : request.sdkFields()) {
            Object value = field.getValueOrDefault(request);
            if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
                continue;
            }
            String name = field.memberName();
            String text = name.toLowerCase().contains("password") ? "****" : String.valueOf(value);
            parts.add(name + "=" + (text.matches(".*\\s.*") ? "\"" + text.replace("\"", "\\\"") + "\"" : text));
        }
        return String.join(" ", parts);
    }

    /**
     * Runs one AWS call. An error whose code is in {@code expected} is thrown on for the caller to handle; access
     * denied, bad credentials, a quota, an unreachable endpoint and any other error become one line that says what
     * to do.
     */
    <T> T call(String action, String subject, Supplier<T> invoke, String... expected) {
        try {
            return invoke.get();
        } catch (AwsServiceException e) {
            String code = code(e);
            if (List.of(expected).contains(code)) {
                throw e;
            }
            String says = says(e);
            if (ACCESS_DENIED.contains(code) || e.statusCode() == 403 && !BAD_CREDENTIALS.contains(code)) {
                String more = action.equals("redshift:CreateCluster") || action.equals("redshift-serverless:CreateNamespace")
                        ? " and iam:PassRole on the role" : "";
                throw new InfraException("access denied: AWS refused " + action + " on " + subject + ". Allow "
                        + action + more + " for the AWS identity you run as (its IAM policy), or use --profile with one"
                        + " that has it. AWS said: " + oneLine(says));
            }
            if (BAD_CREDENTIALS.contains(code)) {
                throw new InfraException("AWS did not accept the credentials for " + action + " (" + code + "): check"
                        + " the access key, the session token's expiry or --profile. AWS said: " + oneLine(says));
            }
            if (QUOTA.contains(code)) {
                throw new InfraException("AWS refused " + action + " on " + subject + ": a quota of the account is used"
                        + " up (" + code + "). Delete what you no longer use, or ask for more in the Service Quotas"
                        + " console (region " + config.region() + "). AWS said: " + oneLine(says));
            }
            throw new InfraException("AWS refused " + action + " on " + subject + ": " + code + ": " + oneLine(says));
        } catch (SdkClientException e) {
            String message = oneLine(e.getMessage());
            if (message.contains("credentials")) {
                throw new InfraException("no AWS credentials for " + action + ": pass --profile NAME (from"
                        + " ~/.aws/credentials), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
            }
            throw new InfraException("cannot reach AWS for " + action + " (" + (config.endpoint() != null
                    ? "infra.endpoint " + config.endpoint() : "region " + config.region()) + "): " + networkCause(e)
                    .orElse(message) + ". Check the network (and a proxy or VPN), then run the command again", e);
        }
    }

    /** The network failure under an SDK client error, said briefly: unknown host, refused, timed out. */
    private static Optional<String> networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return Optional.of("connection refused (" + oneLine(t.getMessage()) + ")");
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of("no answer in time (" + oneLine(t.getMessage()) + ")");
            }
        }
        return Optional.empty();
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : String.valueOf(e.statusCode());
    }

    static String says(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
