package io.sparkplane.controlplane.token;

import java.util.List;

/**
 * The body of {@code POST /api/v1/tokens}.
 *
 * @param role             {@code admin}, {@code editor} or {@code viewer}
 * @param workspaces       the workspace ids a non-admin token acts in; at least one for those
 * @param expiresInSeconds absent: the token never expires
 */
public record CreateTokenRequest(String name, String role, List<String> workspaces, Long expiresInSeconds, String description) {}
