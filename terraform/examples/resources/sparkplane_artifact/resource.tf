resource "sparkplane_artifact" "sales_by_region" {
  workspace = sparkplane_workspace.analytics.id
  source    = "${path.module}/jobs/sales_by_region.py"
}
