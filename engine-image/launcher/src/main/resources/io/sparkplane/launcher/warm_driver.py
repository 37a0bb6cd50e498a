"""A warm driver: Sparkplane's launcher starts it with spark-submit before any run needs it.

It starts the SparkContext, waits until the executors it was started with have registered, writes
warm-ready, then waits for warm-job.json: the run that took this cluster. It then runs that run's
Python file in this process as __main__ (its SparkSession.builder.getOrCreate() returns the session
already up) and exits with the file's exit status, as spark-submit of the file would. A warm driver
runs one run and is never reused.
"""

import json
import os
import runpy
import sys
import time
import traceback

from pyspark.sql import SparkSession


def registered_executors(context):
    # the driver's block manager is one of the entries
    return context._jsc.sc().getExecutorMemoryStatus().size() - 1


def warm_up(spark, slots):
    """Runs what a run's first job would pay for once per JVM: the SQL planner and code generation in
    the driver, task deserialization and a shuffle on each executor, and each executor's Python
    workers. Two small jobs, described as Sparkplane's in the Spark UI."""
    context = spark.sparkContext
    context.setJobDescription("sparkplane warm-up (before any run)")
    try:
        spark.range(0, 1000, 1, slots).selectExpr("id % 7 as k").groupBy("k").count().collect()
        context.parallelize(range(slots), slots).map(lambda value: value).count()
    finally:
        context.setJobDescription(None)


def write_atomically(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w") as out:
        out.write(text)
    os.replace(temporary, path)


def exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def main():
    work = os.environ["SPARKPLANE_WARM_WORK_DIR"]
    wanted = int(os.environ.get("SPARKPLANE_WARM_EXECUTORS", "0"))
    spark = SparkSession.builder.getOrCreate()
    context = spark.sparkContext
    while registered_executors(context) < wanted:
        time.sleep(0.05)
    if wanted > 0:
        # with no executor, a job would wait for one: nothing to warm up
        warm_up(spark, wanted)
    write_atomically(os.path.join(work, "warm-ready"), context.applicationId + "\n")
    job_file = os.path.join(work, "warm-job.json")
    while not os.path.exists(job_file):
        time.sleep(0.02)
    with open(job_file) as handle:
        job = json.load(handle)
    os.environ.update(job.get("environment", {}))
    os.chdir(job["workingDirectory"])
    for key, value in job.get("runtimeConf", {}).items():
        spark.conf.set(key, value)
    for path in job.get("pyFiles", []):
        context.addPyFile(path)
    for path in job.get("files", []):
        context.addFile(path)
    script = job["entrypoint"]
    sys.argv = [script] + list(job.get("args", []))
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exit_request:
        status = exit_status(exit_request.code)
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        spark.stop()
    except Exception:
        traceback.print_exc()
    # the run is over once its session stopped (its event log is complete): the launcher need not
    # wait for this process and its JVM to wind down
    write_atomically(os.path.join(work, "warm-exit"), "%d\n" % (status % 256))
    sys.exit(status)


if __name__ == "__main__":
    main()
