"""Starts Spark, prints a line, then sleeps for argv[1] seconds (a long job to cancel or time out)."""
import sys
import time

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
print("counted", spark.range(1000).count(), "rows; sleeping", sys.argv[1], "s", flush=True)
time.sleep(float(sys.argv[1]))
print("woke up", flush=True)
spark.stop()
