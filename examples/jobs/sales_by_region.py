"""Revenue by region: reads the sales CSV, aggregates, writes Parquet, prints the top rows.

Usage: spark-submit sales_by_region.py <sales.csv> <output directory>
"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def revenue_by_region(sales):
    return (
        sales.withColumn("revenue", F.col("quantity") * F.col("unit_price"))
        .groupBy("region")
        .agg(
            F.count("*").alias("orders"),
            F.sum("quantity").alias("units"),
            F.round(F.sum("revenue"), 2).alias("revenue"),
        )
        .orderBy(F.desc("revenue"))
    )


def main(input_csv, output_dir):
    spark = SparkSession.builder.appName("sales_by_region").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    sales = (
        spark.read.option("header", True)
        .schema("order_id INT, order_date DATE, region STRING, product STRING, quantity INT, unit_price DOUBLE")
        .csv(input_csv)
    )
    result = revenue_by_region(sales)
    result.write.mode("overwrite").parquet(output_dir)
    print(f"Read {sales.count()} orders from {input_csv}; wrote revenue by region to {output_dir}")
    print("Revenue by region:")
    result.show(truncate=False)
    for row in result.collect():
        print(f"RESULT region={row.region} orders={row.orders} units={row.units} revenue={row.revenue:.2f}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sales_by_region.py <sales.csv> <output directory>")
    main(sys.argv[1], sys.argv[2])
