package io.sparkplane.controlplane.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The backend settings from before engine profiles ({@code sparkplane.backend.*}) and what replaced
 * each. Any one of them stops the control plane with the new names, rather than being silently
 * ignored. Pure.
 */
final class RenamedBackendSettings {

    /** Each backend's settings as they were. */
    private static final Map<String, List<String>> BEFORE = Map.of(
            "local", List.of("enabled", "python", "spark-home", "max-concurrent-runs", "max-executors-per-run", "decommission-timeout"),
            "kubernetes", List.of("enabled", "context", "namespace", "image", "image-pull-policy", "image-pull-secrets", "service-account",
                    "node-selector", "tolerations", "engine-api-url", "spark-master-port", "memory-overhead-factor", "pull-failure-grace",
                    "scheduling-deadline", "worker-grace-period", "workspace-namespaces", "driver-pod-template", "worker-pod-template",
                    "finished-cluster-ttl", "max-concurrent-runs", "max-executors-per-run"));
    /** The settings above that were maps, {@code <setting>.<key>}. */
    private static final List<String> MAPS = List.of("node-selector", "workspace-namespaces");

    private RenamedBackendSettings() {}

    /**
     * @param given the {@code sparkplane.backend.*} entries by key under that prefix, as SmallRye
     *     Config gives them (from an environment variable, with dots for its underscores)
     * @throws IllegalArgumentException naming each old setting and its replacement
     */
    static void check(Map<String, String> given) {
        if (given.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String key : new TreeSet<>(given.keySet())) {
            lines.add("sparkplane.backend." + key + " (environment: " + environmentName(key) + "): " + replacement(key));
        }
        throw new IllegalArgumentException("engine backends are configured as engine profiles now (sparkplane.backends.<profile>.type "
                + "and that type's settings); these settings are no longer read:\n  " + String.join("\n  ", lines));
    }

    /** What replaced {@code sparkplane.backend.<key>}. */
    static String replacement(String key) {
        if (key.equals("default")) {
            return "use sparkplane.default-backend (environment: SPARKPLANE_DEFAULT_BACKEND)";
        }
        Optional<String[]> before = before(key);
        if (before.isEmpty()) {
            return "not a setting; see docs/configuration.md for the engine profiles' settings";
        }
        String backend = before.get()[0];
        String setting = before.get()[1];
        String rest = key.substring(key.indexOf('.') + 1 + setting.length());
        if (setting.equals("enabled")) {
            return "a profile exists once it has a type: sparkplane.backends." + backend + ".type=" + backend
                    + " (and sparkplane.backends." + backend + ".enabled=false switches it off)";
        }
        return "use sparkplane.backends." + backend + "." + setting + rest + ", with sparkplane.backends." + backend + ".type=" + backend;
    }

    /** The backend and setting a key names, matched as an environment variable would spell it too. */
    private static Optional<String[]> before(String key) {
        String spelt = key.toLowerCase(Locale.ROOT).replace('-', '.');
        for (Map.Entry<String, List<String>> backend : BEFORE.entrySet()) {
            for (String setting : backend.getValue()) {
                String name = (backend.getKey() + "." + setting).replace('-', '.');
                if (spelt.equals(name) || MAPS.contains(setting) && key.startsWith(backend.getKey() + "." + setting + ".")) {
                    return Optional.of(new String[] {backend.getKey(), setting});
                }
            }
        }
        return Optional.empty();
    }

    private static String environmentName(String key) {
        return ("sparkplane.backend." + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
