package io.sparkplane.controlplane.support;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;

/** The bootstrap admin token of the test profile ({@code %test.sparkplane.auth.bootstrap-token}). */
public final class AdminToken {

    public static final String SECRET = "spk_test-admin-token-0000000000000000000000000000";

    private AdminToken() {}

    /** Makes every RestAssured request of the test carry the admin token, unless it sets its own header. */
    public static void sendWithEveryRequest() {
        RestAssured.config = RestAssured.config().headerConfig(HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization"));
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer " + SECRET).build();
    }
}
