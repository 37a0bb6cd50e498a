package io.sparkplane.cli.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} of a submit inside a CI job, derived from the CI's own identifiers so
 * that a retried step finds the run its first try started instead of starting another
 * (docs/cli.md lists them):
 * <ul>
 *   <li>GitHub Actions: {@code gh-<GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT>-<hash>}; a re-run of the workflow is a new
 *       attempt, so it runs again;</li>
 *   <li>GitLab CI: {@code gl-<CI_JOB_ID>-<hash>}; a retried job is a new job id, so it runs again;</li>
 *   <li>Jenkins: {@code jk-<hash>} of {@code BUILD_TAG} (job name and build number).</li>
 * </ul>
 * The hash covers the CI's identifiers of the step (GitHub's job and step, GitLab's project) and
 * the request body, so two different submits in one step, or in one job's matrix, get two keys, and
 * the server never sees one key with two bodies. Pure.
 */
public final class IdempotencyKeys {

    private static final int HASH_CHARACTERS = 24;

    private IdempotencyKeys() {}

    public static Optional<String> derive(Map<String, String> environment, byte[] body) {
        // the API takes 1 to 64 printable ASCII characters: identifiers that do not fit are hashed whole
        return ciKey(environment, body).map(key -> key.length() <= 64 && key.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? key
                : "ci-" + hash(body, key));
    }

    private static Optional<String> ciKey(Map<String, String> environment, byte[] body) {
        if ("true".equals(environment.get("GITHUB_ACTIONS")) && present(environment, "GITHUB_RUN_ID")) {
            String attempt = value(environment, "GITHUB_RUN_ATTEMPT", "1");
            return Optional.of("gh-" + environment.get("GITHUB_RUN_ID") + "-" + attempt + "-" + hash(body,
                    value(environment, "GITHUB_REPOSITORY", ""), value(environment, "GITHUB_JOB", ""), value(environment, "GITHUB_ACTION", "")));
        }
        if ("true".equals(environment.get("GITLAB_CI")) && present(environment, "CI_JOB_ID")) {
            return Optional.of("gl-" + environment.get("CI_JOB_ID") + "-" + hash(body, value(environment, "CI_PROJECT_ID", "")));
        }
        if (present(environment, "JENKINS_URL") && present(environment, "BUILD_TAG")) {
            return Optional.of("jk-" + hash(body, environment.get("BUILD_TAG")));
        }
        return Optional.empty();
    }

    private static String hash(byte[] body, String... identifiers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String identifier : identifiers) {
                digest.update(identifier.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest()).substring(0, HASH_CHARACTERS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static boolean present(Map<String, String> environment, String name) {
        return environment.get(name) != null && !environment.get(name).isBlank();
    }

    private static String value(Map<String, String> environment, String name, String otherwise) {
        return present(environment, name) ? environment.get(name).strip() : otherwise;
    }
}
