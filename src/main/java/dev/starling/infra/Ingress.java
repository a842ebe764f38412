package dev.starling.infra;

import java.io.PrintWriter;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * The one inbound rule {@code infra up} adds to the warehouse's VPC security group (TCP on the port, from
 * {@code infra.allow_cidr}), and its removal by {@code infra down}: by the rule's id, so a rule someone else added
 * (the same range and port included) is never touched.
 */
final class Ingress {

    /** EC2's codes for a rule, or a group, that is not there (any more). */
    private static final String[] GONE = {"InvalidPermission.NotFound", "InvalidSecurityGroupRuleId.NotFound",
            "InvalidGroup.NotFound"};

    private final InfraConfig config;
    private final Supplier<Ec2Client> ec2;
    private final AwsCalls calls;
    private final PrintWriter out;

    Ingress(InfraConfig config, Supplier<Ec2Client> ec2, AwsCalls calls, PrintWriter out) {
        this.config = config;
        this.ec2 = ec2;
        this.calls = calls;
        this.out = out;
    }

    /**
     * Lets {@code infra.allow_cidr} in on {@code port}. Returns the rule when this call added it; null when the group
     * already had the same rule (added by someone, or by an earlier run whose record is gone): then it is not ours.
     */
    InfraState.Rule open(String groupId, int port) {
        String cidr = config.allowCidr();
        String subject = "security group " + groupId;
        try {
            var response = calls.call("ec2:AuthorizeSecurityGroupIngress", subject,
                    () -> ec2.get().authorizeSecurityGroupIngress(authorize(groupId, port)), "InvalidPermission.Duplicate");
            String ruleId = response.securityGroupRules().stream().map(SecurityGroupRule::securityGroupRuleId)
                    .filter(id -> id != null).findFirst().orElse(null);
            if (ruleId == null) {
                throw new InfraException("EC2 added the rule for TCP " + port + " from " + cidr + " to " + subject
                        + " but gave no rule id, so `starling infra down` could not remove exactly it; remove it in the"
                        + " EC2 console (Security Groups) when you are done");
            }
            out.println("security group " + groupId + ": TCP " + port + " from " + cidr + " allowed (rule " + ruleId + ")");
            if (cidr.endsWith("/0")) {
                out.println("  warning: " + cidr + " is every address on the internet; a /32 of your own address is"
                        + " safer (curl https://checkip.amazonaws.com)");
            }
            return new InfraState.Rule(groupId, ruleId, cidr, port);
        } catch (AwsServiceException e) {
            out.println("security group " + groupId + ": TCP " + port + " from " + cidr + " already allowed by a rule"
                    + " `infra up` did not add; kept as it is (and `infra down` leaves it)");
            return null;
        } finally {
            out.flush();
        }
    }

    /** Removes the rule {@code infra up} added, by its id; a rule already gone is fine. */
    void close(InfraState.Rule rule) {
        try {
            calls.call("ec2:RevokeSecurityGroupIngress", "security group " + rule.groupId(),
                    () -> ec2.get().revokeSecurityGroupIngress(revoke(rule)), GONE);
            out.println("security group " + rule.groupId() + ": rule " + rule.ruleId() + " (TCP " + rule.port() + " from "
                    + rule.cidr() + ") revoked");
        } catch (AwsServiceException e) {
            out.println("security group " + rule.groupId() + ": rule " + rule.ruleId() + " already gone");
        }
        out.flush();
    }

    /** A dry run's line for {@link #open}. */
    void planOpen(String groupId, int port, String when) {
        calls.plan("ec2:AuthorizeSecurityGroupIngress", authorize(groupId, port), when);
    }

    /** A dry run's line for {@link #close}. */
    void planClose(InfraState.Rule rule, String when) {
        calls.plan("ec2:RevokeSecurityGroupIngress", revoke(rule), when);
    }

    private AuthorizeSecurityGroupIngressRequest authorize(String groupId, int port) {
        return AuthorizeSecurityGroupIngressRequest.builder().groupId(groupId)
                .ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                        .ipRanges(IpRange.builder().cidrIp(config.allowCidr())
                                .description("starling infra up: " + config.subject()).build())
                        .build())
                .build();
    }

    private static RevokeSecurityGroupIngressRequest revoke(InfraState.Rule rule) {
        return RevokeSecurityGroupIngressRequest.builder().groupId(rule.groupId()).securityGroupRuleIds(rule.ruleId())
                .build();
    }
}
