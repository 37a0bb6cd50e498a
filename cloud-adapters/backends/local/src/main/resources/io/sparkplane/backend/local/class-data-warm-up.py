# The job whose JVM writes a class-data archive for the local backend's engine JVMs (ClassDataArchives):
# it touches what most jobs touch (a session, SQL with a shuffle, a Python function on an RDD, Parquet
# written and read back), so the classes they load are in the archive.
import shutil
import tempfile

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
counts = spark.range(0, 1000).selectExpr("id % 7 as k", "id as v").groupBy("k").count()
print(sorted(row["count"] for row in counts.collect()))
print(spark.sparkContext.parallelize(range(100), 2).map(lambda x: x * 2).sum())
directory = tempfile.mkdtemp(prefix="sparkplane-class-data-")
try:
    counts.write.mode("overwrite").parquet(directory + "/counts")
    print(spark.read.parquet(directory + "/counts").count())
finally:
    shutil.rmtree(directory, ignore_errors=True)
spark.stop()
