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
            "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private", "100.64.0.1, private",
            "fd12:3456::1, private", "64:ff9b::a00:1, private", "64:ff9b::7f00:1, loopback", "2002:a9fe:a9fe::, cloud metadata",
            "0.1.2.3, unspecified", "240.0.0.1, reserved",
            "93.184.215.14, public", "172.32.0.1, public", "2606:4700::1111, public", "64:ff9b::5db8:d70e, public"})
    void judgesAddresses(String address, String expected) throws Exception {
        String why = PublicAddresses.internal(InetAddress.getByName(address));
        if (expected == null) {
            assertThat(why).isNull();
        } else {
            assertThat(why).contains(expected);
        }
    }
}
