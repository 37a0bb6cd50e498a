# a profile of the control plane's configuration (or one made through the API)
data "sparkplane_engine_profile" "local" {
  name = "local"
}

output "local_max_concurrent_runs" {
  value = data.sparkplane_engine_profile.local.limits.max_concurrent_runs
}
