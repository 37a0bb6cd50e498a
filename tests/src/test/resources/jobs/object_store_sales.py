"""Revenue by region read from and written to object storage directly, through the engine's Hadoop
connectors (S3A, GCS, ABFS/WASB):
spark-submit object_store_sales.py s3a://bucket/sales.csv s3a://bucket/output/
"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(source, target):
    spark = SparkSession.builder.appName("object_store_sales").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    sales = (
        spark.read.option("header", True)
        .schema("order_id INT, order_date DATE, region STRING, product STRING, quantity INT, unit_price DOUBLE")
        .csv(source)
    )
    result = (
        sales.groupBy("region")
        .agg(F.round(F.sum(F.col("quantity") * F.col("unit_price")), 2).alias("revenue"))
        .orderBy("region")
    )
    result.coalesce(1).write.mode("overwrite").option("header", True).csv(target)
    print(f"read {sales.count()} orders from {source}; wrote {result.count()} regions to {target}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: object_store_sales.py <input CSV URI> <output directory URI>")
    main(sys.argv[1], sys.argv[2])
