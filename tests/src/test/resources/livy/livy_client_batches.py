"""Drives Sparkplane's Livy batch API with Livy's own Python client (PyPI `livy`), unchanged, as a
Livy user would, and prints what it saw as one JSON object for LivyClientEndToEndIT to check.

argv: base URL of the Livy API (.../livy), token, example job, its data file, failing job.
"""
import json
import sys

import requests
from livy import LivyBatch
from livy.client import LivyClient
from livy.models import SessionKind

url, token, example, data, failing = sys.argv[1:6]
bearer = requests.Session()
bearer.headers["Authorization"] = "Bearer " + token
seen = {}

succeeding = LivyBatch.create(url, example, requests_session=bearer, args=["sales.csv", "sales-report"], files=[data],
                              name="livy-example", spark_conf={"spark.sql.shuffle.partitions": 4})
seen["succeeding"] = {"id": succeeding.batch_id, "state": succeeding.wait().value, "log": succeeding.log(from_=0, size=100000)}

# the token as a Basic password, as Airflow's Livy connection (given a login) sends it
basic = LivyBatch.create(url, failing, auth=("anyone", token), name="livy-failing")
seen["failing"] = {"id": basic.batch_id, "state": basic.wait().value, "log": basic.log()}

client = LivyClient(url, requests_session=bearer)
seen["listed"] = [batch.batch_id for batch in client.list_batches()]
try:
    client.create_session(SessionKind.PYSPARK)
    seen["session"] = "created"
except requests.HTTPError as error:
    seen["session"] = {"status": error.response.status_code, "body": error.response.json()}
print(json.dumps(seen))
