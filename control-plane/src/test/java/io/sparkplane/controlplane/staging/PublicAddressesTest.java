package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicAddressesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "public", value = {
            "127.0.0.1, loopback", "127.8.9.10, loopback", "::1, loopback",
            "0.0.0.0, unspecified", "::, unspecified",
            "169.254.169.254, cloud metadata", "169.254.1.1, link-local", "fe80::1, link-local",
            "fd00:ec2::254, cloud metadata", "100.100.100.200, cloud metadata",
            "::127.0.0.1, loopback", "224.0.0.1, multicast",
            "93.184.215.14, public", "10.1.2.3, public", "2606:4700::1111, public"})
    void judgesAddresses(String address, String expected) throws Exception {
        String why = PublicAddresses.internal(InetAddress.getByName(address));
        if (expected == null) {
            assertThat(why).isNull();
        } else {
            assertThat(why).contains(expected);
        }
    }
}
