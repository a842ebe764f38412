package dev.starling.infra;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;

/**
 * The Redshift, Redshift Serverless, EC2 (security group rules) and IAM clients for {@code infra}: the region from project.yml, {@code infra.endpoint} when set,
 * the JDK's HTTP client, and credentials from {@code --profile} or else the default chain (environment, shared
 * profile files, SSO/role profiles, container and instance roles).
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final RedshiftClient redshift;
    private final IamClient iam;
    /** Made on first use: the EC2 and Serverless clients are large, and many runs need neither. */
    private final Supplier<RedshiftServerlessClient> serverlessMaker;
    private final Supplier<Ec2Client> ec2Maker;
    private RedshiftServerlessClient serverless;
    private Ec2Client ec2;

    private AwsClients(InfraConfig config, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        Region region = Region.of(config.region());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors).build();
        var redshiftBuilder = RedshiftClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(overrides);
        // IAM is global: the endpoint rules map any region to its partition's IAM endpoint (iam.amazonaws.com)
        var iamBuilder = IamClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(overrides);
        if (config.endpoint() != null) {
            redshiftBuilder.endpointOverride(config.endpoint());
            iamBuilder.endpointOverride(config.endpoint());
        }
        this.redshift = redshiftBuilder.build();
        this.iam = iamBuilder.build();
        this.serverlessMaker = () -> {
            var b = RedshiftServerlessClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                    .overrideConfiguration(overrides);
            return (config.endpoint() != null ? b.endpointOverride(config.endpoint()) : b).build();
        };
        this.ec2Maker = () -> {
            var b = Ec2Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                    .overrideConfiguration(overrides);
            return (config.endpoint() != null ? b.endpointOverride(config.endpoint()) : b).build();
        };
    }

    /**
     * Clients with credentials from {@code profile} (null = none given). {@code env} is the process environment
     * as the CLI sees it: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN and AWS_PROFILE in it are
     * honoured first, then the SDK's default chain.
     */
    public static AwsClients open(InfraConfig config, String profile, Function<String, String> env) {
        AwsCredentialsProvider credentials;
        if (profile != null && !profile.isBlank()) {
            credentials = ProfileCredentialsProvider.create(profile);
        } else if (env.apply("AWS_PROFILE") != null && !env.apply("AWS_PROFILE").isBlank()
                && env.apply("AWS_ACCESS_KEY_ID") == null) {
            credentials = ProfileCredentialsProvider.create(env.apply("AWS_PROFILE"));
        } else {
            AwsCredentialsProvider fromEnvironment = () -> fromEnvironment(env);
            credentials = AwsCredentialsProviderChain.builder()
                    .credentialsProviders(fromEnvironment, DefaultCredentialsProvider.builder().build())
                    .reuseLastProviderEnabled(true)
                    .build();
        }
        return new AwsClients(config, credentials, List.of());
    }

    /** For tests: fixed credentials, and interceptors that see each request. */
    static AwsClients open(InfraConfig config, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        return new AwsClients(config, credentials, List.of(interceptors));
    }

    private static AwsCredentials fromEnvironment(Function<String, String> env) {
        String key = env.apply("AWS_ACCESS_KEY_ID");
        String secret = env.apply("AWS_SECRET_ACCESS_KEY");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw SdkClientException.create("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set");
        }
        String token = env.apply("AWS_SESSION_TOKEN");
        return token == null || token.isBlank() ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token);
    }

    public RedshiftClient redshift() {
        return redshift;
    }

    public IamClient iam() {
        return iam;
    }

    public synchronized RedshiftServerlessClient serverless() {
        if (serverless == null) {
            serverless = serverlessMaker.get();
        }
        return serverless;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = ec2Maker.get();
        }
        return ec2;
    }

    @Override
    public void close() {
        redshift.close();
        iam.close();
        if (serverless != null) {
            serverless.close();
        }
        if (ec2 != null) {
            ec2.close();
        }
        http.close();
    }
}
