data "sparkplane_workspace" "default" {
  id = "default"
}

output "default_staging" {
  value = data.sparkplane_workspace.default.staging_location
}
