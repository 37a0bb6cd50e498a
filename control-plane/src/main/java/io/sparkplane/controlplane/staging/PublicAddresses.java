package io.sparkplane.controlplane.staging;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts a run may make the control plane fetch from: never loopback, link-local, unspecified,
 * multicast, private (RFC 1918, shared CGNAT, IPv6 unique local) or cloud metadata addresses (the
 * usual server-side request forgery targets), whatever name or IPv6 form they hide behind.
 */
public final class PublicAddresses {

    /** Looks a host up; the test seam for names that do not resolve here. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal", "metadata.azure.com",
            "instance-data", "instance-data.ec2.internal", "localhost");

    private PublicAddresses() {}

    /** A host's addresses once each is checked, or why it may not be fetched from. */
    public record Checked(List<InetAddress> addresses, String problem) {}

    /** Why {@code host} may not be fetched from, or null when every address it resolves to is allowed. */
    public static String problem(String host, Resolver resolver) {
        return check(host, resolver).problem();
    }

    /**
     * Resolves {@code host} once and checks every address: a fetch that then connects to exactly
     * these addresses cannot be turned to another by a name that resolves differently the next time
     * (DNS rebinding).
     */
    public static Checked check(String host, Resolver resolver) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (METADATA_NAMES.contains(name) || name.endsWith(".localhost")) {
            return new Checked(List.of(), "the host " + host + " is a local or cloud metadata name");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
        } catch (UnknownHostException e) {
            return new Checked(List.of(), "the host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            return new Checked(List.of(), "the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = internal(address);
            if (why != null) {
                return new Checked(List.of(), "the host " + host + " is " + why + " (" + address.getHostAddress() + ")");
            }
        }
        return new Checked(List.copyOf(addresses), null);
    }

    /** Why an address is internal, or null. */
    static String internal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] bytes = address.getAddress();
        if (address.isLinkLocalAddress()) {
            return bytes.length == 4 && (bytes[2] & 0xff) == 169 && (bytes[3] & 0xff) == 254
                    ? "the cloud metadata address" : "a link-local address";
        }
        if (bytes.length == 4) {
            return internalIpv4(bytes);
        }
        // fd00:ec2::254, the IMDS address over IPv6
        if ((bytes[0] & 0xff) == 0xfd && bytes[1] == 0 && (bytes[2] & 0xff) == 0x0e && (bytes[3] & 0xff) == 0xc2
                && (bytes[15] & 0xff) == 0x54 && (bytes[14] & 0xff) == 0x02) {
            return "the cloud metadata address";
        }
        if ((bytes[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
            return "a private address";
        }
        // IPv4 addresses inside IPv6 ones are judged as the IPv4 address: IPv4-compatible (::a.b.c.d),
        // NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::)
        if (zeros(bytes, 0, 12) || ((bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b && zeros(bytes, 4, 12))) {
            return internalIpv4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            return internalIpv4(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]});
        }
        return null;
    }

    /**
     * Private networks count as internal too: the control plane fetches for the user, from inside
     * its own network.
     */
    private static String internalIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 0) {
            return "the unspecified network";
        }
        if (first == 169 && second == 254) {
            return (bytes[2] & 0xff) == 169 && (bytes[3] & 0xff) == 254 ? "the cloud metadata address" : "a link-local address";
        }
        if (first == 100 && second == 100 && (bytes[2] & 0xff) == 100 && (bytes[3] & 0xff) == 200) {
            return "a cloud metadata address";
        }
        if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                || (first == 100 && second >= 64 && second <= 127)) {
            return "a private address";
        }
        if (first >= 224) {
            return "a multicast or reserved address";
        }
        return null;
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
