output "job_id" {
  value       = sparkplane_job.sales_by_region.id
  description = "Start a run with POST /api/v1/jobs/<id>/runs."
}

output "job_version" {
  value = sparkplane_job.sales_by_region.version
}

output "next_fire_times" {
  value = sparkplane_schedule.nightly.next_fire_times
}

output "ci_token" {
  value       = sparkplane_api_token.ci.secret
  sensitive   = true
  description = "The CI token's secret: terraform output -raw ci_token"
}
