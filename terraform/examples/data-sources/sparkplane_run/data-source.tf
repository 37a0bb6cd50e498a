data "sparkplane_run" "last" {
  id = var.run_id
}

variable "run_id" {
  type = string
}

output "run_state" {
  value = "${data.sparkplane_run.last.state} ${coalesce(data.sparkplane_run.last.reason, "")}"
}
