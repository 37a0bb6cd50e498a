"""Revenue by region from a sales CSV the run names in `files` (fetched from staging or an object
store into the engine), written as a CSV to $SPARKPLANE_OUTPUTS_DIR, which Sparkplane copies to the
attempt's staging prefix after the job.

Usage: spark-submit --files <.../sales.csv> staged_sales.py sales.csv
"""
import csv
import os
import sys

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(name):
    spark = SparkSession.builder.appName("staged_sales").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    with open(SparkFiles.get(name), newline="") as handle:
        rows = [(r["region"], int(r["quantity"]), float(r["unit_price"])) for r in csv.DictReader(handle)]
    sales = spark.createDataFrame(rows, "region STRING, quantity INT, unit_price DOUBLE")
    result = (
        sales.groupBy("region")
        .agg(F.round(F.sum(F.col("quantity") * F.col("unit_price")), 2).alias("revenue"))
        .orderBy("region")
        .collect()
    )
    target = os.path.join(os.environ["SPARKPLANE_OUTPUTS_DIR"], "revenue_by_region.csv")
    with open(target, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["region", "revenue"])
        for row in result:
            writer.writerow([row.region, f"{row.revenue:.2f}"])
            print(f"RESULT region={row.region} revenue={row.revenue:.2f}")
    print(f"wrote {len(result)} regions to {target}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: staged_sales.py <file name of the sales CSV>")
    main(sys.argv[1])
