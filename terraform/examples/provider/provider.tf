terraform {
  required_providers {
    sparkplane = {
      source = "sparkplane/sparkplane"
    }
  }
}

# host and token may also come from SPARKPLANE_HOST and SPARKPLANE_TOKEN
provider "sparkplane" {
  host  = "http://127.0.0.1:8080"
  token = var.sparkplane_token
}

variable "sparkplane_token" {
  type      = string
  sensitive = true
}
