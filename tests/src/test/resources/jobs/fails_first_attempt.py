"""Fails while its marker file (argv[1]) does not exist, creating it: the retry succeeds."""
import os
import sys

from pyspark.sql import SparkSession

marker = sys.argv[1]
spark = SparkSession.builder.getOrCreate()
if not os.path.exists(marker):
    open(marker, "w").close()
    raise RuntimeError("first attempt fails on purpose")
print("second attempt sums to", spark.range(100).groupBy().sum("id").collect()[0][0], flush=True)
spark.stop()
