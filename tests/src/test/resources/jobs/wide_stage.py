"""One wide stage of slow tasks, then a quiet tail: the autoscaler's test job.

Arguments: tasks (default 48), seconds per task (default 1.0), seconds of tail (default 0).
Prints RESULT sum_of_squares=<sum of i*i for i below tasks>.
"""
import sys
import time

from pyspark.sql import SparkSession

tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 48
task_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
tail_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0

spark = SparkSession.builder.appName("wide stage").getOrCreate()


def slow_square(value):
    time.sleep(task_seconds)
    return value * value


total = spark.sparkContext.parallelize(range(tasks), tasks).map(slow_square).sum()
print("RESULT sum_of_squares=%d" % total, flush=True)
time.sleep(tail_seconds)  # the driver lives on with nothing to schedule
spark.stop()
