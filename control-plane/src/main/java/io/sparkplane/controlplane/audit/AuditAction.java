package io.sparkplane.controlplane.audit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mutating call does, named from its method and path. Pure.
 *
 * @param name       {@code runs.submit}, {@code tokens.revoke}, ...
 * @param objectType {@code run}, {@code token}, ...
 * @param objectId   the object's id when the path names it; a create learns it from its answer
 */
public record AuditAction(String name, String objectType, Optional<String> objectId) {

    private record Route(String method, Pattern path, String name, String objectType) {}

    private static final String ID = "([^/]+)";
    private static final List<Route> ROUTES = List.of(
            new Route("POST", Pattern.compile("/api/v1/runs"), "runs.submit", "run"),
            new Route("POST", Pattern.compile("/api/v1/runs/" + ID + "/cancel"), "runs.cancel", "run"),
            // the Livy batch API's submit and kill are the same actions on runs
            new Route("POST", Pattern.compile("/livy/batches"), "runs.submit", "run"),
            new Route("DELETE", Pattern.compile("/livy/batches/" + ID), "runs.cancel", "run"),
            new Route("POST", Pattern.compile("/api/v1/artifacts"), "artifacts.upload", "artifact"),
            new Route("POST", Pattern.compile("/api/v1/workspaces"), "workspaces.create", "workspace"),
            new Route("PATCH", Pattern.compile("/api/v1/workspaces/" + ID), "workspaces.update", "workspace"),
            new Route("DELETE", Pattern.compile("/api/v1/workspaces/" + ID), "workspaces.delete", "workspace"),
            new Route("POST", Pattern.compile("/api/v1/jobs"), "jobs.create", "job"),
            new Route("PUT", Pattern.compile("/api/v1/jobs/" + ID), "jobs.update", "job"),
            new Route("DELETE", Pattern.compile("/api/v1/jobs/" + ID), "jobs.delete", "job"),
            // a job's run is a run: its audit record names the run it made
            new Route("POST", Pattern.compile("/api/v1/jobs/" + ID + "/runs"), "jobs.run", "run"),
            new Route("POST", Pattern.compile("/api/v1/schedules"), "schedules.create", "schedule"),
            new Route("PUT", Pattern.compile("/api/v1/schedules/" + ID), "schedules.update", "schedule"),
            new Route("DELETE", Pattern.compile("/api/v1/schedules/" + ID), "schedules.delete", "schedule"),
            new Route("POST", Pattern.compile("/api/v1/schedules/" + ID + "/pause"), "schedules.pause", "schedule"),
            new Route("POST", Pattern.compile("/api/v1/schedules/" + ID + "/resume"), "schedules.resume", "schedule"),
            new Route("POST", Pattern.compile("/api/v1/engine-profiles"), "engine-profiles.create", "engine-profile"),
            new Route("PUT", Pattern.compile("/api/v1/engine-profiles/" + ID), "engine-profiles.update", "engine-profile"),
            new Route("DELETE", Pattern.compile("/api/v1/engine-profiles/" + ID), "engine-profiles.delete", "engine-profile"),
            new Route("POST", Pattern.compile("/api/v1/warm-pools"), "warm-pools.create", "warm-pool"),
            new Route("PUT", Pattern.compile("/api/v1/warm-pools/" + ID), "warm-pools.update", "warm-pool"),
            new Route("DELETE", Pattern.compile("/api/v1/warm-pools/" + ID), "warm-pools.delete", "warm-pool"),
            new Route("POST", Pattern.compile("/api/v1/tokens"), "tokens.create", "token"),
            new Route("DELETE", Pattern.compile("/api/v1/tokens/" + ID), "tokens.revoke", "token"));

    /** Whether the audit keeps calls of this method: those that may change something. */
    public static boolean mutating(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** @param path the request path with dot segments resolved */
    public static AuditAction of(String method, String path) {
        String upper = method.toUpperCase(Locale.ROOT);
        for (Route route : ROUTES) {
            Matcher matcher = route.path().matcher(path);
            if (route.method().equals(upper) && matcher.matches()) {
                return new AuditAction(route.name(), route.objectType(),
                        matcher.groupCount() > 0 ? Optional.of(matcher.group(1)) : Optional.empty());
            }
        }
        // a call the API has no such operation for is kept too, under its method and path
        String shown = path.length() > 200 ? path.substring(0, 200) : path;
        return new AuditAction(upper + " " + shown, "unknown", Optional.empty());
    }
}
