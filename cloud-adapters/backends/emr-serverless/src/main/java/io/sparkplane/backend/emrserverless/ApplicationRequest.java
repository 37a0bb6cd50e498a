package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.Capacity;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.InitialWorkers;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import java.util.Optional;

/**
 * The CreateApplication call of the application a profile without {@code application-id} runs its
 * job runs on: a Spark application named after the profile and its release, so a restarted
 * control plane (or another replica) finds it by name, and a changed release gets an application
 * of its own. Pure.
 *
 * @param name {@code sparkplane-<profile>-<release>}, at most 64 characters
 * @param clientToken derived from the name: two replicas creating it at once make one
 */
public record ApplicationRequest(String name, String clientToken, String profile, NewApplication application) {

    static final String TAG_PROFILE = "sparkplane:profile";
    static final String NAME_PREFIX = "sparkplane-";
    private static final int NAME_LENGTH = 64;

    public ApplicationRequest {
        requireNonNull(name, "name is null");
        requireNonNull(clientToken, "clientToken is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(application, "application is null");
    }

    public static ApplicationRequest of(String profile, NewApplication application) {
        String name = nameFor(profile, application.releaseLabel());
        return new ApplicationRequest(name, ClientTokens.of(name), profile, application);
    }

    /** {@code sparkplane-<profile>-<release>} in the characters an application name may have, cut to 64. */
    static String nameFor(String profile, String releaseLabel) {
        String name = (NAME_PREFIX + profile + "-" + releaseLabel).replaceAll("[^A-Za-z0-9._/#-]", "-");
        return name.length() <= NAME_LENGTH ? name : ClientTokens.of(name);
    }

    public ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("clientToken", clientToken);
        body.put("releaseLabel", application.releaseLabel());
        body.put("type", "SPARK");
        ObjectNode initial = JsonNodeFactory.instance.objectNode();
        workers(application.driver()).ifPresent(workers -> initial.set("DRIVER", workers));
        workers(application.executor()).ifPresent(workers -> initial.set("EXECUTOR", workers));
        if (!initial.isEmpty()) {
            body.set("initialCapacity", initial);
        }
        application.maximumCapacity().ifPresent(maximum -> body.set("maximumCapacity", capacity(maximum)));
        // a job run starts a stopped application; the application stops itself when idle, so pre-initialized
        // workers cost only while runs come
        body.putObject("autoStartConfiguration").put("enabled", true);
        body.putObject("autoStopConfiguration").put("enabled", true).put("idleTimeoutMinutes", application.idleTimeoutMinutes());
        body.putObject("tags").put(TAG_PROFILE, JobRunRequest.tagValue(profile));
        return body;
    }

    private static Optional<ObjectNode> workers(Optional<InitialWorkers> workers) {
        return workers.map(initial -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("workerCount", initial.count());
            node.set("workerConfiguration", capacity(initial.size()));
            return node;
        });
    }

    private static ObjectNode capacity(Capacity capacity) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cpu", capacity.cpu());
        node.put("memory", capacity.memory());
        return node;
    }
}
