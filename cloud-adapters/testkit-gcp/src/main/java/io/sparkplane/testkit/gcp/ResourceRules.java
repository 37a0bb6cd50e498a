package io.sparkplane.testkit.gcp;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming rules Dataproc documents and checks on each request (INVALID_ARGUMENT when broken), and
 * the resource names the fake keys everything by.
 */
final class ResourceRules {

    /** "must start with a lowercase letter, and can contain up to 51 lowercase letters, numbers, and hyphens. It cannot end with a hyphen". */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,49}[a-z0-9])?");
    /** "4-63 characters. Valid characters are /[a-z][0-9]-/", first and last not a hyphen. */
    private static final Pattern BATCH_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,61}[a-z0-9]");
    /** "letters (a-z, A-Z), numbers (0-9), underscores (_), or hyphens (-). The maximum length is 100 characters". */
    private static final Pattern JOB_ID = Pattern.compile("[a-zA-Z0-9_-]{1,100}");
    /** "letters (a-z, A-Z), numbers (0-9), underscores (_), and hyphens (-). The maximum length is 40 characters". */
    private static final Pattern REQUEST_ID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");
    /** Label keys: 1 to 63 characters, a lowercase letter first (the fake keeps to ASCII). */
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    private static final int MAXIMUM_LABELS = 32;
    private static final Pattern LOCATION_PARENT = Pattern.compile("projects/([^/]+)/locations/([^/]+)");
    private static final Pattern BATCH_NAME = Pattern.compile("projects/([^/]+)/locations/([^/]+)/batches/([^/]+)");

    private ResourceRules() {}

    /** "projects/{project}/regions/{region}": the parent of clusters, jobs and operations. */
    static String regionParent(String projectId, String region) {
        if (projectId.isEmpty()) {
            throw Rpc.invalidArgument("project_id is required");
        }
        if (region.isEmpty()) {
            throw Rpc.invalidArgument("region is required");
        }
        return "projects/" + projectId + "/regions/" + region;
    }

    /** The project and location of a batch parent, "projects/{project}/locations/{location}". */
    static String[] locationParent(String parent) {
        Matcher matcher = LOCATION_PARENT.matcher(parent);
        if (!matcher.matches()) {
            throw Rpc.invalidArgument("parent must be projects/{project}/locations/{location}, not '" + parent + "'");
        }
        return new String[] {matcher.group(1), matcher.group(2)};
    }

    static void checkBatchName(String name) {
        if (!BATCH_NAME.matcher(name).matches()) {
            throw Rpc.invalidArgument("name must be projects/{project}/locations/{location}/batches/{batch}, not '" + name + "'");
        }
    }

    static void checkClusterName(String name) {
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw Rpc.invalidArgument("Cluster name '" + name + "' is invalid: it must start with a lowercase letter, and can contain"
                    + " up to 51 lowercase letters, numbers, and hyphens. It cannot end with a hyphen.");
        }
    }

    static void checkBatchId(String batchId) {
        if (!BATCH_ID.matcher(batchId).matches()) {
            throw Rpc.invalidArgument("Batch ID '" + batchId + "' is invalid: it must be 4-63 characters of /[a-z][0-9]-/,"
                    + " not starting or ending with a hyphen.");
        }
    }

    static void checkJobId(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw Rpc.invalidArgument("Job ID '" + jobId + "' is invalid: it must contain only letters (a-z, A-Z), numbers (0-9),"
                    + " underscores (_), or hyphens (-), at most 100 characters.");
        }
    }

    static void checkRequestId(String requestId) {
        if (!requestId.isEmpty() && !REQUEST_ID.matcher(requestId).matches()) {
            throw Rpc.invalidArgument("request_id '" + requestId + "' is invalid: it must contain only letters (a-z, A-Z), numbers"
                    + " (0-9), underscores (_), and hyphens (-), at most 40 characters.");
        }
    }

    static void checkLabels(Map<String, String> labels) {
        if (labels.size() > MAXIMUM_LABELS) {
            throw Rpc.invalidArgument("No more than " + MAXIMUM_LABELS + " labels can be associated with a resource, not " + labels.size());
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!LABEL_KEY.matcher(label.getKey()).matches()) {
                throw Rpc.invalidArgument("Label key '" + label.getKey() + "' is invalid: it must be 1 to 63 lowercase letters, numbers,"
                        + " underscores and hyphens, starting with a letter.");
            }
            if (!LABEL_VALUE.matcher(label.getValue()).matches()) {
                throw Rpc.invalidArgument("Label value '" + label.getValue() + "' of key '" + label.getKey() + "' is invalid: it must be"
                        + " at most 63 lowercase letters, numbers, underscores and hyphens.");
            }
        }
    }

    /** The last segment of a resource name. */
    static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
