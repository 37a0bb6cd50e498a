package io.sparkplane.controlplane.auth;

/**
 * The paths that take no API token: health, the OpenAPI document and the control plane's version,
 * the command-line client's jar ({@code /cli/}), and the engine's internal API, which checks its own
 * per-attempt tokens. Everything else needs one, so that a path added later is
 * closed until it is opened here. Pure.
 */
public final class OpenPaths {

    private OpenPaths() {}

    /** @param normalizedPath the request path with dot segments resolved */
    public static boolean isOpen(String normalizedPath) {
        String path = normalizedPath == null ? "" : normalizedPath;
        return under(path, "/q/health") || under(path, "/q/openapi") || under(path, "/api/v1/version") || under(path, "/cli")
                || under(path, "/internal");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }
}
