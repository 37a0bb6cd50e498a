# 02:30 every night, Berlin time
resource "sparkplane_schedule" "nightly" {
  job_id    = sparkplane_job.sales_by_region.id
  cron      = "30 2 * * *"
  time_zone = "Europe/Berlin"
  catch_up  = "LAST"
}

# every 15 minutes from a start time, paused for now
resource "sparkplane_schedule" "frequent" {
  job_id     = sparkplane_job.sales_by_region.id
  interval   = "PT15M"
  start_at   = "2027-01-01T00:00:00Z"
  paused     = true
  parameters = { input = "s3a://analytics/sales-today.csv" }
}
