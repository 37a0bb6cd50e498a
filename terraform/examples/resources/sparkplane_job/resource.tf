resource "sparkplane_job" "sales_by_region" {
  workspace   = sparkplane_workspace.analytics.id
  name        = "sales-by-region"
  description = "Revenue by region, every night"
  python_file = sparkplane_artifact.sales_by_region.ref
  args        = ["{{input}}", "s3a://analytics/sales-by-region/{{sparkplane.fireDate}}"]
  spark_conf = {
    "spark.sql.shuffle.partitions" = "8"
  }
  executor    = { cores = 2, memory = "2g" }
  autoscaling = { policy = "backlog", min_executors = 1, max_executors = 4 }
  timeout_seconds     = 3600
  max_retries         = 1
  run_labels          = { team = "analytics" }
  max_concurrent_runs = 1
  concurrency_policy  = "SKIP"

  parameter {
    name        = "input"
    default     = "s3a://analytics/sales.csv"
    description = "The sales CSV to read"
  }
}
