package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns what a person calls a job on the command line into its id: an id is taken as it is, a name
 * is looked up ({@code GET /api/v1/jobs?name=}), since a pipeline knows its job by the name it saved
 * it under, not by the UUID the control plane gave it. Names are unique only within a workspace.
 */
public final class JobNames {

    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobNames() {}

    /**
     * @param job an id or a name
     * @param api its connection's workspace (the command's {@code -w}, else the environment's or the profile's) is where a name is
     *            looked up; without one, in every workspace the token sees
     * @return the job's id
     */
    public static String id(ApiClient api, String job) {
        if (ID.matcher(job).matches()) {
            return job;
        }
        Optional<String> workspace = api.connection().workspace();
        JsonNode page = api.request(Operation.LIST_JOBS).query("name", job).query("workspace", workspace.orElse(null)).query("limit", 200).call();
        return choose(job, workspace, page.path("items"));
    }

    /** Pure: the one job of {@code found} (the jobs named {@code name}), or why there is none to choose. */
    static String choose(String name, Optional<String> workspace, JsonNode found) {
        if (found.size() == 1) {
            return found.get(0).path("id").asText();
        }
        if (found.isEmpty()) {
            throw new CliException(ExitCode.API_ERROR, "no job is named '" + name + "'" + workspace.map(w -> " in workspace " + w)
                    .orElse(" in the workspaces the token sees") + " (list them with: sparkplane jobs list)");
        }
        TreeSet<String> workspaces = new TreeSet<>();
        List<String> ids = new ArrayList<>();
        found.forEach(job -> {
            workspaces.add(job.path("workspace").asText());
            ids.add(job.path("id").asText());
        });
        throw CliException.usage(found.size() + " jobs are named '" + name + "', in workspaces " + String.join(", ", workspaces)
                + ": name the workspace with -w, or give the job's id (" + String.join(", ", ids) + ")");
    }
}
