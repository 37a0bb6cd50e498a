# a pool made through the API, by its name (one of the configuration cannot be imported)
terraform import sparkplane_warm_pool.etl_hot etl-hot
