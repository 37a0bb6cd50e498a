resource "sparkplane_workspace" "analytics" {
  id           = "analytics"
  display_name = "Analytics"
  quotas = {
    max_active_runs = 4
    max_queued_runs = 100
  }
}
