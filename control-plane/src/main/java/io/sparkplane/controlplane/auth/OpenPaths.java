package io.sparkplane.controlplane.auth;

/**
 * The paths that take no API token: health, the Prometheus metrics ({@code /q/metrics}, scraped
 * without a token like health is probed; operators restrict both at the network: docs/metrics.md),
 * the OpenAPI document, the control plane's version, how
 * to sign in to the console (read before anyone has), the command-line client's jar ({@code /cli/}),
 * the web console's page and its assets (public code; every call it makes sends the token its user
 * signed in with), and the engine's internal API, which checks its own per-attempt tokens. Everything
 * else needs one, so that a path added later is closed until it is opened here. Pure.
 */
public final class OpenPaths {

    private OpenPaths() {}

    /** @param normalizedPath the request path with dot segments resolved */
    public static boolean isOpen(String normalizedPath) {
        String path = normalizedPath == null ? "" : normalizedPath;
        return under(path, "/q/health") || under(path, "/q/metrics") || under(path, "/q/openapi") || under(path, "/api/v1/version")
                || under(path, "/api/v1/sign-in") || under(path, "/cli") || under(path, "/internal") || isConsole(path);
    }

    /** The console's page at {@code /} and the files Vite builds beside it, never a path below {@code /api}. */
    private static boolean isConsole(String path) {
        return path.isEmpty() || path.equals("/") || path.equals("/index.html") || path.equals("/favicon.svg") || under(path, "/assets");
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }
}
