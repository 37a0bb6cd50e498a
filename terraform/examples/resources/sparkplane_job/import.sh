# by the job's id
terraform import sparkplane_job.sales_by_region 6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f
