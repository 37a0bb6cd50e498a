"""Succeeds only if the Spark conf it was given holds the secret whose SHA-256 is its argument:
proof that the engine gets the value the API shows as ***."""
import hashlib
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
value = spark.conf.get("spark.sparkplane.test.password")
if hashlib.sha256(value.encode("utf-8")).hexdigest() != sys.argv[1]:
    raise ValueError("the secret conf did not reach the job as submitted")
print("the secret conf reached the job intact")
spark.stop()
