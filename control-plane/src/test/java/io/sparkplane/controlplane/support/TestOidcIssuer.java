package io.sparkplane.controlplane.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A test OpenID Connect issuer on loopback, not a real identity provider: it serves only what a
 * relying party reads of one, its discovery document and its JSON Web Key Set with one RS256 key,
 * and signs JWTs with that key for the tests. A second key, never published, signs forgeries.
 */
public class TestOidcIssuer implements QuarkusTestResourceLifecycleManager {

    /** The audience the test profile requires. */
    public static final String AUDIENCE = "sparkplane";
    private static final String KEY_ID = "test-issuer-key-1";
    // system properties, not static fields: Quarkus may load this class apart from the test's copy
    private static final String ISSUER_PROPERTY = "test-oidc-issuer.url";
    private static final String KEY_PROPERTY = "test-oidc-issuer.signing-key";
    private static final String UNPUBLISHED_PROPERTY = "test-oidc-issuer.unpublished-key";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        KeyPair key = rsaKeyPair();
        System.setProperty(KEY_PROPERTY, Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()));
        System.setProperty(UNPUBLISHED_PROPERTY, Base64.getEncoder().encodeToString(rsaKeyPair().getPrivate().getEncoded()));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        System.setProperty(ISSUER_PROPERTY, issuer);
        server.createContext("/realms/test/.well-known/openid-configuration", exchange -> json(exchange, """
                {"issuer": "%1$s", "jwks_uri": "%1$s/keys", "authorization_endpoint": "%1$s/auth", "token_endpoint": "%1$s/token",
                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}
                """.formatted(issuer)));
        server.createContext("/realms/test/keys", exchange -> {
            RSAPublicKey published = (RSAPublicKey) key.getPublic();
            json(exchange, """
                    {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "%s", "n": "%s", "e": "%s"}]}
                    """.formatted(KEY_ID, base64Url(published.getModulus()), base64Url(published.getPublicExponent())));
        });
        server.start();
        return Map.of(
                "sparkplane.auth.oidc.enabled", "true",
                "sparkplane.auth.oidc.issuer", issuer,
                "sparkplane.auth.oidc.audience", AUDIENCE);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A JWT of this issuer for {@code user} in {@code groups}, valid for five minutes, for the required audience. */
    public static String jwt(String user, Set<String> groups) {
        return jwt(user, groups, claims -> {});
    }

    /** As {@link #jwt(String, Set)}, with its claims changed first: another issuer, audience, expiry. */
    public static String jwt(String user, Set<String> groups, Consumer<JwtClaimsBuilder> change) {
        return sign(user, groups, change, privateKey(KEY_PROPERTY));
    }

    /** A JWT with every claim right, signed by a key the issuer never published. */
    public static String forged(String user, Set<String> groups) {
        return sign(user, groups, claims -> {}, privateKey(UNPUBLISHED_PROPERTY));
    }

    private static String sign(String user, Set<String> groups, Consumer<JwtClaimsBuilder> change, PrivateKey key) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(System.getProperty(ISSUER_PROPERTY)).subject("subject-of-" + user).claim("preferred_username", user).groups(groups)
                .audience(AUDIENCE).issuedAt(now).expiresAt(now.plusSeconds(300));
        change.accept(claims);
        return claims.jws().keyId(KEY_ID).sign(key);
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A JWK's unsigned big-endian integer (RFC 7518 section 6.3.1). */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey privateKey(String property) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(property))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
