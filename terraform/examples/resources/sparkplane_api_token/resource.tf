resource "sparkplane_api_token" "ci" {
  name               = "ci-nightly"
  role               = "editor"
  workspaces         = [sparkplane_workspace.analytics.id]
  expires_in_seconds = 30 * 24 * 3600
}

output "ci_token" {
  value     = sparkplane_api_token.ci.secret
  sensitive = true
}
