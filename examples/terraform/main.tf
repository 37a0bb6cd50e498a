# An engine profile of its own, a workspace with quotas that runs on it, a token for CI, the example job's code
# and data as artifacts, the job, and a nightly schedule of it (paused: resume it with paused = false). See
# README.md.

terraform {
  required_providers {
    sparkplane = {
      source = "sparkplane/sparkplane"
    }
  }
}

# the control plane's URL and an admin token, from SPARKPLANE_HOST and SPARKPLANE_TOKEN
provider "sparkplane" {}

locals {
  examples = coalesce(var.examples_dir, "${path.module}/..")
}

# the control plane's own `local` profile (its configuration's), read for the Python it runs Spark with
data "sparkplane_engine_profile" "local" {
  name = "local"
}

# the workspace's engine profile: Spark on the control plane's machine as `local`, with the same Python, but one
# run at a time; the workspace's runs take it unless they name another backend
resource "sparkplane_engine_profile" "analytics" {
  name        = var.engine_profile
  type        = "local"
  description = "Analytics runs on the control plane's machine, one at a time (Terraform example)"
  settings = {
    python              = lookup(data.sparkplane_engine_profile.local.settings, "python", "python3")
    max-concurrent-runs = "1"
  }
}

resource "sparkplane_workspace" "analytics" {
  id              = var.workspace_id
  display_name    = "Analytics (Terraform example)"
  default_backend = sparkplane_engine_profile.analytics.name
  quotas = {
    max_active_runs = 2
    max_queued_runs = 20
  }
}

# an editor of the workspace only, for a CI pipeline; its secret is in the state (sensitive) and the output
resource "sparkplane_api_token" "ci" {
  name               = "ci ${var.workspace_id}"
  role               = "editor"
  workspaces         = [sparkplane_workspace.analytics.id]
  expires_in_seconds = 30 * 24 * 3600
  description        = "made by examples/terraform"
}

# the job's code and its input, uploaded to the workspace's staging; a change of either file replaces the
# artifact, and the job then names the new one
resource "sparkplane_artifact" "code" {
  workspace = sparkplane_workspace.analytics.id
  source    = "${local.examples}/jobs/sales_by_region.py"
}

resource "sparkplane_artifact" "sales" {
  workspace = sparkplane_workspace.analytics.id
  source    = "${local.examples}/data/sales.csv"
}

resource "sparkplane_job" "sales_by_region" {
  workspace   = sparkplane_workspace.analytics.id
  name        = "sales-by-region"
  description = "Revenue by region from the sales CSV, written as Parquet"
  python_file = sparkplane_artifact.code.ref
  # the input is in the driver's working directory under its artifact name
  files = [sparkplane_artifact.sales.ref]
  args  = [sparkplane_artifact.sales.name, "{{output}}"]

  executor    = { cores = 1, memory = "1g" }
  autoscaling = { policy = "backlog", min_executors = 1, max_executors = 2 }
  spark_conf = {
    "spark.sql.shuffle.partitions" = "8"
  }
  timeout_seconds = 1800
  max_retries     = 1
  run_labels      = { team = "analytics", job = "sales-by-region" }

  max_concurrent_runs = 1
  concurrency_policy  = "SKIP"
  labels              = { managed-by = "terraform" }

  parameter {
    name        = "output"
    default     = "/tmp/sparkplane-example/sales-by-region"
    description = "Where the Parquet goes"
  }
}

resource "sparkplane_schedule" "nightly" {
  job_id      = sparkplane_job.sales_by_region.id
  cron        = "0 2 * * *"
  time_zone   = "Europe/Berlin"
  catch_up    = "NONE"
  paused      = var.schedule_paused
  description = "every night at 02:00, Berlin time"
}
