# by workspace and name (or by id = "...")
data "sparkplane_job" "nightly" {
  workspace = "analytics"
  name      = "sales-by-region"
}

output "nightly_version" {
  value = data.sparkplane_job.nightly.version
}
