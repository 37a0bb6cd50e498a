# by the schedule's id
terraform import sparkplane_schedule.nightly 3d6f0a5e-2b1c-4e8f-9a7d-5c4b3a291817
