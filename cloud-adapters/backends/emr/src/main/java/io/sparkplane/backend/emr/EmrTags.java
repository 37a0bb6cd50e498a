package io.sparkplane.backend.emr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags Sparkplane puts on every cluster it makes, by which a restarted control plane adopts a
 * cluster and the sweep finds those whose attempt is over. Tag keys are Sparkplane's; a user's tag
 * of the same key is overridden.
 */
final class EmrTags {

    static final String MANAGED_BY = "sparkplane:managed-by";
    static final String PROFILE = "sparkplane:profile";
    static final String CLUSTER = "sparkplane:cluster";
    static final String RUN_ID = "sparkplane:run-id";
    static final String ATTEMPT = "sparkplane:attempt";
    static final String SPARKPLANE = "sparkplane";

    private EmrTags() {}

    static Map<String, String> of(Map<String, String> profileTags, String profile, String clusterName, String runId, int attempt) {
        Map<String, String> tags = new LinkedHashMap<>(profileTags);
        tags.put(MANAGED_BY, SPARKPLANE);
        tags.put(PROFILE, profile);
        tags.put(CLUSTER, clusterName);
        tags.put(RUN_ID, runId);
        tags.put(ATTEMPT, Integer.toString(attempt));
        return tags;
    }

    /** True when the tags say the cluster is this profile's cluster of that name. */
    static boolean isOurs(Map<String, String> tags, String profile, String clusterName) {
        return SPARKPLANE.equals(tags.get(MANAGED_BY)) && profile.equals(tags.get(PROFILE)) && clusterName.equals(tags.get(CLUSTER));
    }
}
