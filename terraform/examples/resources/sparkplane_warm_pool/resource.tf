# two warm clusters for the etl workspace's runs on the local profile: a run that fits starts on a driver that is up
resource "sparkplane_warm_pool" "etl_hot" {
  name            = "etl-hot"
  workspace       = "etl"
  profile         = "local"
  size            = 2
  idle_ttl        = "PT1H"
  executor_memory = "2g"
}
