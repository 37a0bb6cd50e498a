from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
rows = spark.range(10).collect()


def check(row_number):
    if row_number == 7:
        raise ValueError("bad input row 7")


for row in rows:
    check(row.id)
