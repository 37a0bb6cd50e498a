variable "workspace_id" {
  type        = string
  default     = "analytics-example"
  description = "The workspace to create. After a destroy its id can be used again with the same staging location, store profile and schemes (the workspace made again sees the old one's run history)."
}

variable "engine_profile" {
  type        = string
  default     = "analytics-local"
  description = "The name of the engine profile to make: 1 to 63 lower-case letters, digits and dashes, starting with a letter."
}

variable "schedule_paused" {
  type        = bool
  default     = true
  description = "Whether the nightly schedule is paused (a run of the local backend starts a real Spark cluster)."
}

variable "examples_dir" {
  type        = string
  default     = null
  description = "The repository's examples/ directory, where jobs/ and data/ are; default this directory's parent."
}
