package dev.starling.infra;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Can this machine open a TCP connection to the warehouse's endpoint? One quick connect with a short timeout, so
 * that {@code infra status} and {@code debug} can say "the endpoint is private" or "the port is closed" in seconds
 * instead of a driver's 30-second login timeout with no hint.
 */
public final class Reachability {

    /** How long a connect may take before the port counts as closed (a firewall drops, it does not refuse). */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The answer: open, or why not, with what to do. */
    public record Result(boolean open, String detail, String fix) {
    }

    /** Checks one endpoint; the answer never throws. */
    @FunctionalInterface
    public interface Probe {
        Result check(String host, int port);
    }

    private Reachability() {
    }

    /** The real check: resolve, then connect within {@link #TIMEOUT}. */
    public static Probe tcp() {
        return (host, port) -> check(host, port, TIMEOUT);
    }

    static Result check(String host, int port, Duration timeout) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new Result(false, "the host name " + host + " does not resolve here",
                    "check the host (`starling infra status` shows the endpoint), your DNS, or your VPN");
        }
        String where = host + ":" + port + (host.equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress() + ")");
        boolean privateAddress = address.isSiteLocalAddress() || address.isLinkLocalAddress();
        try (Socket socket = new Socket()) {
            long start = System.nanoTime();
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            return new Result(true, "TCP connect to " + where + " in " + (System.nanoTime() - start) / 1_000_000 + "ms", null);
        } catch (SocketTimeoutException e) {
            return closed(where, privateAddress, "no answer within " + Waits.format(timeout));
        } catch (ConnectException e) {
            return closed(where, privateAddress, "connection refused");
        } catch (IOException e) {
            return closed(where, privateAddress, String.valueOf(e.getMessage()));
        }
    }

    static Result closed(String where, boolean privateAddress, String why) {
        if (privateAddress) {
            return new Result(false, "the endpoint " + where + " is a private address (" + why + "): it is reachable only"
                    + " from inside its VPC", "set infra.publicly_accessible: true and infra.allow_cidr to your address"
                    + " (e.g. 203.0.113.7/32), then run `starling infra up`; or connect through a VPN or bastion in the VPC");
        }
        return new Result(false, "the port is closed to this machine: " + where + ": " + why, "let your address in on the"
                + " port: set infra.allow_cidr to it (e.g. 203.0.113.7/32; curl https://checkip.amazonaws.com) and run"
                + " `starling infra up`, or add an inbound rule for the port to the VPC security group");
    }
}
