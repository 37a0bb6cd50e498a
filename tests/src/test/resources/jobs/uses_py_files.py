"""Imports a helper shipped with pyFiles and reads a file shipped with files (through SparkFiles)."""
from pyspark import SparkFiles
from pyspark.sql import SparkSession

import greetings

spark = SparkSession.builder.getOrCreate()
with open(SparkFiles.get("names.txt")) as names:
    people = [line.strip() for line in names if line.strip()]
rows = spark.createDataFrame([(name,) for name in people], ["name"]).collect()
for row in rows:
    print(greetings.greet(row.name), flush=True)
spark.stop()
