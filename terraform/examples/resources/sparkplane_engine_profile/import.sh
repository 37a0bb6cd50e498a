# by the profile's name (a profile made through the API; the configuration's, such as local, cannot be imported)
terraform import sparkplane_engine_profile.spark_large spark-large
