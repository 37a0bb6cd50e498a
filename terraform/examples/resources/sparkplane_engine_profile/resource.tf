# Spark on the control plane's machine, as the configuration's `local` profile, but at most four runs at once
resource "sparkplane_engine_profile" "spark_large" {
  name        = "spark-large"
  type        = "local"
  description = "Large local runs, four at a time"
  settings = {
    max-concurrent-runs   = "4"
    max-executors-per-run = "16"
  }
}

# a Kubernetes profile for GPU jobs; its backend starts on its first run
resource "sparkplane_engine_profile" "gpu" {
  name = "gpu"
  type = "kubernetes"
  settings = {
    image                                  = "registry.example.com/sparkplane/engine-gpu:0.1.0"
    "node-selector.nvidia.com/gpu.present" = "true"
    max-concurrent-runs                    = "4"
  }
}

# runs of the workspace that name no backend take the profile
resource "sparkplane_workspace" "ml" {
  id              = "ml"
  default_backend = sparkplane_engine_profile.gpu.name
}
