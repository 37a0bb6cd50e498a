"""A test harness around the AWS emulator moto (server mode, in this process).

moto implements the EMR and EMR Serverless APIs but not their lifecycles: an EMR step runs
forever, an EMR Serverless job run is SUCCESS at once, and nothing fails. This harness serves
moto's own application unchanged on one port and adds, under /_harness/, what a test needs to
play the cloud's part: set a step's, cluster's or job run's state (with the failure details the
real service gives), choose the state new job runs start in, inject faults into the next calls
of an operation, and count the calls each operation got. It answers no AWS call in moto's place,
but for one moto lacks: EMR's CancelSteps (moto answers 500), which it carries out on moto's steps
as EMR documents it (a PENDING or RUNNING step becomes CANCELLED; the answer lists each step).
It also records each EMR cluster's TASK group resizes (ModifyInstanceGroups) for a test to read.

With --spark-submit and --python it also plays the cloud's compute (the "run the jobs" mode, for
end-to-end tests): a watcher runs each EMR cluster's first step and each EMR Serverless job run
with the local Spark, in local mode, its s3:// inputs copied out of moto's S3, its driver logs and
event log put back into moto's S3 where the service would write them, and its step's, cluster's or
job run's states set through moto as the service would. It runs what Sparkplane submitted; it never
submits, cancels or resizes anything itself.

    python moto_harness.py --port 5000 [--spark-submit .../pyspark/bin/spark-submit --python .venv/bin/python]
"""

import argparse
import gzip
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

from moto.core.utils import utcnow
from moto.emr import models as emr_models
from moto.emr.models import emr_backends
from moto.emrserverless import models as serverless_models
from moto.emrserverless.models import emrserverless_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.s3.models import s3_backends
from werkzeug.serving import make_server

PREFIX = "/_harness/"

# EMR Serverless is a REST API: its operations by method and path
SERVERLESS_OPERATIONS = [
    ("POST", re.compile(r"^/applications$"), "CreateApplication"),
    ("GET", re.compile(r"^/applications$"), "ListApplications"),
    ("GET", re.compile(r"^/applications/[^/]+$"), "GetApplication"),
    ("DELETE", re.compile(r"^/applications/[^/]+$"), "DeleteApplication"),
    ("POST", re.compile(r"^/applications/[^/]+/start$"), "StartApplication"),
    ("POST", re.compile(r"^/applications/[^/]+/stop$"), "StopApplication"),
    ("POST", re.compile(r"^/applications/[^/]+/jobruns$"), "StartJobRun"),
    ("GET", re.compile(r"^/applications/[^/]+/jobruns$"), "ListJobRuns"),
    ("GET", re.compile(r"^/applications/[^/]+/jobruns/[^/]+$"), "GetJobRun"),
    ("DELETE", re.compile(r"^/applications/[^/]+/jobruns/[^/]+$"), "CancelJobRun"),
]


def _step_status(step):
    status = {
        "State": step.state,
        "StateChangeReason": {"Message": getattr(step, "last_state_change_reason", None)},
        "Timeline": {
            "CreationDateTime": step.creation_date_time,
            "EndDateTime": step.end_date_time,
            "StartDateTime": step.start_date_time,
        },
    }
    failure = getattr(step, "harness_failure_details", None)
    if failure:
        status["FailureDetails"] = failure
    return status


def _cluster_status(cluster):
    reason = {"Message": getattr(cluster, "last_state_change_reason", None)}
    code = getattr(cluster, "harness_state_change_code", None)
    if code:
        reason["Code"] = code
    return {
        "State": cluster.state,
        "StateChangeReason": reason,
        "Timeline": {
            "CreationDateTime": cluster.creation_datetime,
            "EndDateTime": cluster.end_datetime,
            "ReadyDateTime": cluster.ready_datetime,
        },
    }


# moto keeps only a message; the real service also gives a step's FailureDetails and a cluster's reason code
emr_models.Step.status = property(_step_status)
emr_models.Cluster.status = property(_cluster_status)


def log(message):
    """One line per thing the harness does (a traceback too), into the log file the Java side gives."""
    text = " | ".join(line for line in str(message).splitlines() if line.strip())
    print(f"{time.strftime('%H:%M:%S')} harness: {text}", flush=True)


# ModifyInstanceGroups only sets a group's count, so the TASK groups' requests are recorded as they
# come: a watcher polling the count would miss a resize undone before it looked
TASK_RESIZES = {}  # cluster id -> its TASK group's requested counts: the first one, then each request
_resizes_lock = threading.Lock()
_set_instance_count = emr_models.InstanceGroup.set_instance_count


def _recording_set_instance_count(group, instance_count):
    if group.role == "TASK":
        with _resizes_lock:
            TASK_RESIZES.setdefault(group.cluster_id, [group.num_instances]).append(int(instance_count))
        log(f"emr {group.cluster_id}: TASK group {group.id} requested {group.num_instances} -> {instance_count}")
    _set_instance_count(group, instance_count)


emr_models.InstanceGroup.set_instance_count = _recording_set_instance_count


# --- the "run the jobs" mode

S3_URI = re.compile(r"^s3[an]?://([^/]+)/(.*)$")
ENDED_CLUSTER = {"TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"}
TOKEN_FILE_CONF = "spark.sparkplane.report.tokenFile"
INPUT_LISTS = {"--jars", "--py-files", "--files", "--archives"}
# spark-submit's options that take a value (the others are flags); -c is --conf
VALUE_OPTIONS = {"--master", "--deploy-mode", "--name", "--conf", "-c", "--class", "--jars", "--py-files", "--files",
                 "--archives", "--packages", "--exclude-packages", "--repositories", "--properties-file",
                 "--driver-memory", "--driver-java-options", "--driver-library-path", "--driver-class-path",
                 "--driver-cores", "--executor-memory", "--executor-cores", "--total-executor-cores", "--num-executors",
                 "--proxy-user", "--queue", "--principal", "--keytab"}
# a Python traceback's last line (ValueError: boom) or a JVM's (java.lang.IllegalStateException: ...)
EXCEPTION_LINE = re.compile(r"^(?:Exception in thread .*|(?:Caused by: )?[A-Za-z_][\w.$]*(?:Exception|Error)(?::.*)?)$")


def _s3(uri):
    match = S3_URI.match(uri)
    if not match:
        raise ValueError(f"not an s3:// URI: {uri}")
    bucket, key = match.groups()
    try:
        partition, account = s3_backends.bucket_accounts[bucket]
    except KeyError:
        raise FileNotFoundError(f"{uri}: moto's S3 has no bucket {bucket}") from None
    return s3_backends[account][partition], bucket, key


def s3_read(uri):
    backend, bucket, key = _s3(uri)
    found = backend.get_object(bucket, key) if key else None
    if found is None:
        raise FileNotFoundError(f"{uri}: no such object in moto's S3")
    return found.value


def s3_write(uri, data):
    backend, bucket, key = _s3(uri)
    backend.put_object(bucket, key, data)


def _proc_stat(pid):
    """(state, parent pid) of a process, from /proc; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1])
    except (OSError, IndexError, ValueError):
        return None


def alive(pid):
    # a zombie has ended: it only waits for its parent (or, orphaned, init) to reap it
    stat = _proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def process_tree(pid):
    """pid and its descendants, by parent pid: PySpark's worker daemon leaves spark-submit's process
    group (setpgid), so a signal to that group alone would miss it."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _proc_stat(entry)
            if stat:
                children.setdefault(stat[1], []).append(int(entry))
    tree, pending = [pid], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            tree.append(child)
            pending.append(child)
    return tree


class Job:
    """One spark-submit the harness runs for an EMR step or an EMR Serverless job run."""

    def __init__(self, kind, ids, name, state):
        self.kind = kind  # emr or emr-serverless
        self.ids = ids  # clusterId and stepId, or applicationId and jobRunId
        self.name = name
        self.phase = "staging"  # then running, and exited, killed, not-run or harness-error
        self.states = [state]  # the step's or job run's states, as the harness saw or set them
        self.process = None
        self.workdir = None
        self.command = None
        self.pids = set()  # spark-submit's and every descendant's seen
        self.exit_code = None
        self.last_exception = None
        self.detail = None
        self.started_at = time.time()
        self.ended_at = None

    def __str__(self):
        return f"{self.kind} " + "/".join(self.ids.values())

    def end(self, phase, detail):
        self.phase, self.detail, self.ended_at = phase, detail, time.time()
        log(f"{self}: {phase}: {detail}")

    def describe(self):
        pids = sorted(self.pids)
        return {"kind": self.kind, **self.ids, "name": self.name, "phase": self.phase, "states": list(self.states),
                "exitCode": self.exit_code, "lastException": self.last_exception, "detail": self.detail,
                "pid": self.process.pid if self.process else None, "pids": pids,
                "alivePids": [pid for pid in pids if alive(pid)], "command": self.command,
                "startedAt": self.started_at, "endedAt": self.ended_at}


class JobRunner:
    """Plays the cloud's compute: every POLL_SECONDS it looks at moto's EMR clusters and EMR
    Serverless job runs, and runs each new one's spark-submit with the local Spark in local mode
    (one thread a job), then sets its states through moto as the service would. It only runs what
    was submitted: a cluster terminated, a step cancelled or a job run cancelled by the API (or a
    test) while its job runs has the job's process tree killed and its state left as the API set it.
    """

    POLL_SECONDS = 0.3
    KILL_GRACE_SECONDS = 5
    LIVE_LOGS_SECONDS = 2  # the services put a running driver's logs out now and then, not only at its end
    # executors are not real on one machine: the driver's own threads do the work
    MASTER = "local[2]"
    # the driver JVM's flags (spark-submit's, in client mode): a test's jobs are short and many at once on
    # few cores, where C2 compiling and parallel GC threads cost more than they give (about 40% of a small
    # job's CPU); the harness's own SPARK_SUBMIT_OPTS come after, and win
    JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

    def __init__(self, harness, spark_submit, python):
        self.harness = harness
        self.lock = harness.lock
        self.spark_submit = str(spark_submit)
        self.python = str(python)
        self.jobs = {}  # (kind, id) -> Job
        self.stopping = threading.Event()

    def start(self):
        # a new job run waits in SUBMITTED for the watcher, as in the service's queue, not moto's instant SUCCESS
        serverless_models.JOB_STATUS = "SUBMITTED"
        # moto ends a terminated cluster at once; EMR keeps it TERMINATING while its instances copy the
        # logs a last time: a cluster whose step's job runs here stays so until its logs are put
        moto_terminate = emr_models.Cluster.terminate
        runner = self

        def terminate(cluster):
            job = runner.jobs.get(("emr", cluster.id))
            if job is not None and job.phase not in ("exited", "killed", "not-run", "harness-error"):
                cluster.state = "TERMINATING"
                cluster.end_datetime = utcnow()
                log(f"{job}: cluster TERMINATING: its job is stopped and its logs put before it is TERMINATED")
            else:
                moto_terminate(cluster)

        emr_models.Cluster.terminate = terminate
        threading.Thread(target=self.watch, name="harness-watcher", daemon=True).start()
        log(f"running jobs with {self.spark_submit} --master {self.MASTER}, python {self.python}, JVM options {self.JVM_OPTIONS}")

    def watch(self):
        while not self.stopping.wait(self.POLL_SECONDS):
            try:
                self.scan()
            except Exception:
                log(f"watcher error (it goes on): {traceback.format_exc()}")

    def scan(self):
        launches = []
        with self.lock:
            for cluster in self.harness.clusters():
                if ("emr", cluster.id) in self.jobs or not cluster.steps:
                    continue
                step = cluster.steps[0]  # Sparkplane's transient cluster has one step
                if step.state != "RUNNING" or cluster.state in ENDED_CLUSTER:
                    continue
                job = Job("emr", {"clusterId": cluster.id, "stepId": step.id}, step.name, step.state)
                self.jobs[("emr", cluster.id)] = job
                # moto leaves a cluster with steps WAITING; EMR's runs them RUNNING
                cluster.state = "RUNNING"
                log(f"{job}: cluster RUNNING, running its step {step.name!r}")
                launches.append((self.run_step, job, cluster, step))
            for run in self.harness.job_runs():
                if ("emr-serverless", run.id) in self.jobs or run.state != "SUBMITTED":
                    continue
                job = Job("emr-serverless", {"applicationId": run.application_id, "jobRunId": run.id}, run.name, run.state)
                self.jobs[("emr-serverless", run.id)] = job
                log(f"{job}: job run {run.name!r} SUBMITTED, taking it")
                launches.append((self.run_job_run, job, run))
        for target, job, *objects in launches:
            threading.Thread(target=self.guarded, args=(target, job, *objects), name=f"harness-{job}", daemon=True).start()

    def guarded(self, target, job, *objects):
        try:
            target(job, *objects)
        except Exception:
            if job.process is not None and alive(job.process.pid):
                self.kill([job], self.KILL_GRACE_SECONDS)
            job.end("harness-error", f"its state left as is: {traceback.format_exc()}")

    # --- EMR on EC2: the cluster's first step, through command-runner.jar

    def run_step(self, job, cluster, step):
        with self.lock:
            arguments, jar, log_uri = list(step.args), step.jar, cluster.log_uri
        logs = f"{log_uri}{'' if log_uri.endswith('/') else '/'}{cluster.id}/steps/{step.id}/" if log_uri else None
        problem = None
        if jar != "command-runner.jar" or not arguments or os.path.basename(arguments[0]) != "spark-submit":
            problem = f"the harness runs only command-runner.jar spark-submit steps, not {jar} {arguments[:1]}"

        def taken_over():
            if step.state != "RUNNING" or cluster.state in ENDED_CLUSTER:
                return f"cluster {cluster.state}, step {step.state}"
            return None

        ending = {}

        def on_exit(code):
            # as EMR: the step ends, the cluster starts terminating and copies the step's logs a last
            # time, and only then is TERMINATED; a reader of the logs at the step's end gets them stale
            with self.lock:
                other = taken_over()
                if other:
                    job.states.append(step.state)
                    log(f"{job}: {other} meanwhile: its states left as they are")
                    return
                now = utcnow()
                step.end_date_time = now
                cluster.end_datetime = now
                if code == 0:
                    step.state = "COMPLETED"
                    ending.update(state="TERMINATED", code="ALL_STEPS_COMPLETED", message="Steps completed")
                else:
                    step.state = "FAILED"
                    step.harness_failure_details = {"Reason": "Unknown Error.", "Message": f"Command exited with status {code}",
                                                    "LogFile": f"{logs}stderr.gz" if logs else None}
                    ending.update(state="TERMINATED_WITH_ERRORS", code="STEP_FAILURE", message="Steps completed with errors")
                cluster.state, cluster.harness_state_change_code = "TERMINATING", ending["code"]
                cluster.last_state_change_reason = ending["message"]
                job.states.append(step.state)
            log(f"{job}: step {step.state}, cluster TERMINATING ({ending['code']}); its logs are copied a last time")

        def after_logs():
            # the step's end (ending), or a TerminateJobFlows that stopped its job, left the cluster TERMINATING
            with self.lock:
                if cluster.state != "TERMINATING":
                    return
                cluster.state = ending["state"] if ending else "TERMINATED"
            log(f"{job}: cluster {cluster.state} ({getattr(cluster, 'harness_state_change_code', None)})")

        self.execute(job, arguments[1:], problem, logs, begin=lambda: taken_over() is None, taken_over=taken_over,
                     on_exit=on_exit, after_logs=after_logs)

    # --- EMR Serverless: the job run's sparkSubmit driver

    def set_run_state(self, job, run, state):
        run.state = state
        run.updated_at = utcnow()
        job.states.append(state)
        log(f"{job}: job run {state}")

    def run_job_run(self, job, run):
        with self.lock:
            driver = dict((run.job_driver or {}).get("sparkSubmit") or {})
            overrides = run.configuration_overrides or {}
        self.stopping.wait(self.POLL_SECONDS)  # a moment in the queue
        with self.lock:
            if run.state != "SUBMITTED":
                job.states.append(run.state)
                job.end("not-run", f"the job run became {run.state} before it was scheduled")
                return
            self.set_run_state(job, run, "SCHEDULED")
        # spark-defaults first: the service's sparkSubmitParameters win over them, as a later --conf does
        arguments = []
        for classification in overrides.get("applicationConfiguration") or []:
            if classification.get("classification") == "spark-defaults":
                for key, value in (classification.get("properties") or {}).items():
                    arguments += ["--conf", f"{key}={value}"]
        problem = None
        try:
            arguments += shlex.split(driver.get("sparkSubmitParameters") or "")
        except ValueError as error:
            problem = f"sparkSubmitParameters: {error}"
        if not driver.get("entryPoint"):
            problem = "the job driver has no sparkSubmit.entryPoint"
        arguments += [driver.get("entryPoint") or "", *(driver.get("entryPointArguments") or [])]
        log_uri = ((overrides.get("monitoringConfiguration") or {}).get("s3MonitoringConfiguration") or {}).get("logUri")
        logs = (f"{log_uri}{'' if log_uri.endswith('/') else '/'}applications/{run.application_id}/jobs/{run.id}/SPARK_DRIVER/"
                if log_uri else None)

        def begin():
            if run.state != "SCHEDULED":
                job.states.append(run.state)
                return False
            self.set_run_state(job, run, "RUNNING")
            run.started_at = run.updated_at
            return True

        def taken_over():
            return None if run.state == "RUNNING" else f"job run {run.state}"

        def on_exit(code):
            # the job run ends, then its driver's logs are uploaded a last time
            with self.lock:
                if run.state != "RUNNING":
                    job.states.append(run.state)
                    log(f"{job}: job run {run.state} meanwhile: its state left as it is")
                    return
                if code == 0:
                    run.state_details = None
                    self.set_run_state(job, run, "SUCCESS")
                else:
                    details = f"Job failed, please check complete logs in configured logging destination. ExitCode: {code}."
                    if job.last_exception:
                        details += f" Last few exceptions: {job.last_exception}"
                    run.state_details = details
                    self.set_run_state(job, run, "FAILED")
                run.ended_at = run.updated_at
                run.total_execution_duration_seconds = int(time.time() - job.started_at)

        self.execute(job, arguments, problem, logs, begin=begin, taken_over=taken_over, on_exit=on_exit)

    # --- one spark-submit

    # how long after a job's end the service's last copy of its logs lands, as on EMR and EMR Serverless
    LOG_LAG_SECONDS = 1.0

    def execute(self, job, arguments, problem, logs, begin, taken_over, on_exit, after_logs=lambda: None):
        """Stages the job's inputs, calls begin() (under the lock; False: the job is not run), runs
        spark-submit, calls on_exit(code) to set the service's states, then, a moment later, puts the
        logs where the service would and calls after_logs(). The exit code, or None when the job did not run to its end here
        (killed, or never begun): then its state is not the harness's to set."""
        workdir = job.workdir = Path(tempfile.mkdtemp(prefix=f"sparkplane-harness-{list(job.ids.values())[-1]}-"))
        stdout, stderr = workdir / "driver-stdout", workdir / "driver-stderr"
        try:
            command = eventlog = None
            if problem is None:
                try:
                    command, eventlog = self.translate(job, arguments, workdir)
                except Exception as error:  # what spark-submit itself would fail on: a missing input, a bad option
                    problem = f"{type(error).__name__}: {error}"
            with self.lock:
                began = begin()
            if not began:
                job.end("not-run", "the step or job run ended before it ran")
                return None
            if command is None:
                # the service would run it and fail; so does the harness, with the reason in the driver's stderr
                stdout.write_bytes(b"")
                stderr.write_text(f"harness: cannot run this spark-submit: {problem}\n")
                job.command = arguments
                log(f"{job}: cannot run it: {problem}")
                code, killed = 1, False
            else:
                code, killed = self.run_process(job, command, workdir, stdout, stderr, logs, taken_over)
            # stderr's (the JVM's), else stdout's: Spark's PythonRunner merges a PySpark driver's stderr into its
            # stdout (redirectErrorStream), so a Python traceback is in spark-submit's stdout, on EMR too
            job.last_exception = self.last_exception(stderr) or self.last_exception(stdout)
            if not killed:
                on_exit(code)
                self.stopping.wait(self.LOG_LAG_SECONDS)
            self.put_logs(job, logs, stdout, stderr)
            if eventlog:
                self.put_event_log(job, *eventlog)
            if killed:
                after_logs()
                job.end("killed", "at the harness's shutdown" if self.stopping.is_set()
                        else f"its process tree killed; {len([pid for pid in job.pids if alive(pid)])} left alive")
                return None
            after_logs()
            job.exit_code = code
            job.end("exited", f"exit code {code}")
            return code
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def translate(self, job, arguments, workdir):
        """The spark-submit command line that runs the job here: its s3:// inputs copied from moto's S3
        into workdir (a #alias kept), local mode in client mode instead of YARN, no dynamic allocation
        (local mode has no executors to allocate), the event log to a local directory uploaded after.
        Every other option and conf is kept: the listener reports to wherever the conf says."""
        inputs = workdir / "inputs"
        options, resource, application_arguments, eventlog = [], None, [], None
        index = 0
        while index < len(arguments):
            argument = arguments[index]
            index += 1
            if resource is not None:
                application_arguments.append(argument)
                continue
            if not argument.startswith("-"):
                resource = self.stage(job, argument, inputs)
                continue
            name, value = argument, None
            if "=" in argument and argument.split("=", 1)[0] in VALUE_OPTIONS:
                name, value = argument.split("=", 1)
            elif argument in VALUE_OPTIONS:
                if index >= len(arguments):
                    raise ValueError(f"{argument} has no value")
                value = arguments[index]
                index += 1
            else:
                options.append(argument)  # a flag: --verbose, --supervise
                continue
            if name in ("--master", "--deploy-mode"):
                continue
            if name in ("--conf", "-c"):
                key, equals, conf_value = value.partition("=")
                if key.startswith("spark.dynamicAllocation."):
                    continue
                if key == "spark.eventLog.dir" and S3_URI.match(conf_value):
                    local = workdir / "eventlog"
                    local.mkdir(exist_ok=True)
                    eventlog = (local, conf_value)
                    conf_value = local.as_uri()
                elif key == TOKEN_FILE_CONF and S3_URI.match(conf_value):
                    conf_value = Path(self.stage(job, conf_value, inputs)).as_uri()
                options += ["--conf", f"{key}{equals}{conf_value}"]
                continue
            if name in INPUT_LISTS:
                value = ",".join(self.stage(job, each, inputs) for each in value.split(",") if each)
            options += [name, value]
        if not resource:
            raise ValueError("no application (primary resource) in the spark-submit arguments")
        command = [self.spark_submit, "--master", self.MASTER, "--deploy-mode", "client", *options, resource,
                   *application_arguments]
        return command, eventlog

    @staticmethod
    def stage(job, uri, inputs):
        """A local copy of an s3:// object under its own file name (in a numbered directory when the name
        is taken), with its #alias; anything else as is."""
        location, hash_sign, alias = uri.partition("#")
        if not S3_URI.match(location):
            return uri
        data = s3_read(location)
        name = location.rstrip("/").rsplit("/", 1)[-1]
        directory, number = inputs, 0
        while (directory / name).exists():
            number += 1
            directory = inputs / str(number)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(data)
        log(f"{job}: staged {location} ({len(data)} bytes) as {directory / name}")
        return f"{directory / name}{hash_sign}{alias}"

    def run_process(self, job, command, workdir, stdout, stderr, logs, taken_over):
        """(exit code, killed): spark-submit run to its end, or killed when its step or job run is taken
        over (a cancel, a terminate) or the harness stops."""
        env = dict(os.environ, PYSPARK_PYTHON=self.python, PYSPARK_DRIVER_PYTHON=self.python, SPARK_LOCAL_IP="127.0.0.1",
                   SPARK_SUBMIT_OPTS=f"{self.JVM_OPTIONS} {os.environ.get('SPARK_SUBMIT_OPTS', '')}".strip())
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            # its own session and process group, to be killed as a whole without the harness
            process = subprocess.Popen(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                       start_new_session=True)
        job.process, job.command, job.phase = process, command, "running"
        job.pids.add(process.pid)
        log(f"{job}: spark-submit pid {process.pid}: {shlex.join(command)}")
        last_logs = last_tree = time.monotonic()
        while True:
            try:
                return_code = process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                pass
            if self.stopping.is_set():
                return None, True  # shutdown() kills it
            with self.lock:
                other = taken_over()
            if other:
                job.states.append(other)
                log(f"{job}: {other} while its job runs: killing its process tree")
                self.kill([job], self.KILL_GRACE_SECONDS)
                return process.returncode, True
            now = time.monotonic()
            if now - last_tree >= 1:
                job.pids.update(process_tree(process.pid))
                last_tree = now
            if logs and now - last_logs >= self.LIVE_LOGS_SECONDS:
                self.put_logs(job, logs, stdout, stderr, quiet=True)
                last_logs = now
        log(f"{job}: spark-submit exited with {return_code}")
        if self.stopping.is_set():
            return return_code, True  # killed by shutdown(): not the job's end, nor the harness's to report
        # killed by a signal: the code a shell gives, as command-runner.jar's message would
        return (return_code if return_code >= 0 else 128 - return_code), False

    def kill(self, jobs, grace):
        """SIGTERM to each job's process tree (Spark's shutdown hooks run), SIGKILL to whatever is left after grace."""
        trees = {}
        for job in jobs:
            if job.process is None:
                continue
            trees[job] = set(process_tree(job.process.pid))
            job.pids.update(trees[job])
            self.signal(job, trees[job], signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(alive(pid) for tree in trees.values() for pid in tree):
            time.sleep(0.1)
        for job, tree in trees.items():
            if alive(job.process.pid):
                tree |= set(process_tree(job.process.pid))  # children forked while it stopped
            left = sorted(pid for pid in tree if alive(pid))
            if left:
                log(f"{job}: still alive {grace}s after SIGTERM: SIGKILL to {left}")
                self.signal(job, left, signal.SIGKILL)
            job.pids.update(tree)
        # SIGKILL is delivered, not waited for: give the kernel a moment, so "killed" means gone
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline and any(alive(pid) for job in trees for pid in job.pids):
            time.sleep(0.05)
        for job in trees:
            job.process.poll()  # reaps spark-submit when no other thread does

    @staticmethod
    def signal(job, pids, signum):
        try:
            os.killpg(job.process.pid, signum)  # its group: pgid = pid, it leads its own session
        except OSError:
            pass
        for pid in pids:
            try:
                os.kill(pid, signum)
            except OSError:
                pass
        log(f"{job}: {signal.Signals(signum).name} to group {job.process.pid} and pids {sorted(pids)}")

    def shutdown(self):
        """The harness process stops: every running job's process tree goes with it."""
        self.stopping.set()
        running = [job for job in list(self.jobs.values()) if job.process is not None and alive(job.process.pid)]
        if running:
            log(f"stopping: killing {len(running)} running job(s)")
            self.kill(running, 3)
        for job in list(self.jobs.values()):
            if job.workdir is not None:
                shutil.rmtree(job.workdir, ignore_errors=True)  # the process exits before the jobs' threads clean up

    @staticmethod
    def last_exception(path):
        try:
            with open(path, "rb") as output:
                output.seek(max(0, os.path.getsize(path) - 256 * 1024))
                lines = output.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return None
        found = [line.strip() for line in lines if EXCEPTION_LINE.match(line.strip())]
        return found[-1][:1000] if found else None

    @staticmethod
    def put_logs(job, logs, stdout, stderr, quiet=False):
        if not logs:
            if not quiet:
                log(f"{job}: no log URI: its driver logs are not kept")
            return
        for path, name in ((stdout, "stdout.gz"), (stderr, "stderr.gz")):
            try:
                data = path.read_bytes() if path.exists() else b""
                s3_write(logs + name, gzip.compress(data))
                if not quiet:
                    log(f"{job}: put {logs}{name} ({len(data)} bytes before gzip)")
            except Exception as error:
                log(f"{job}: cannot put {logs}{name}: {error!r}")

    @staticmethod
    def put_event_log(job, local, prefix):
        base = prefix if prefix.endswith("/") else prefix + "/"
        for path in sorted(local.rglob("*")):
            if path.is_file():
                try:
                    s3_write(base + path.relative_to(local).as_posix(), path.read_bytes())
                    log(f"{job}: put event log {base}{path.relative_to(local).as_posix()}")
                except Exception as error:
                    log(f"{job}: cannot put event log {path.name} under {base}: {error!r}")


class Harness:
    def __init__(self):
        self.lock = threading.RLock()
        self.runner = None  # the JobRunner in the "run the jobs" mode
        self.calls = Counter()
        self.faults = {}  # operation -> list of (status, code, message)
        self.moto = DomainDispatcherApplication(create_backend_app)

    def operation(self, environ):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target:
            return target.split(".")[-1]
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if "/emr-serverless/" in auth:
            method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
            for wanted, pattern, name in SERVERLESS_OPERATIONS:
                if method == wanted and pattern.match(path):
                    return name
        return None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            return self.control(environ, start_response, path[len(PREFIX):])
        operation = self.operation(environ)
        if operation:
            with self.lock:
                self.calls[operation] += 1
                queued = self.faults.get(operation)
                fault = queued.pop(0) if queued else None
            if fault:
                status, code, message = fault
                return self.answer(start_response, status, {"__type": code, "message": message, "Message": message},
                                   {"x-amzn-ErrorType": code})
            if operation == "CancelSteps":
                return self.cancel_steps(environ, start_response)
        return self.moto(environ, start_response)

    def cancel_steps(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        with self.lock:
            try:
                cluster = self.cluster(body["ClusterId"])
            except KeyError:
                return self.answer(start_response, 400, {"__type": "InvalidRequestException",
                                                         "Message": f"Cluster id '{body.get('ClusterId')}' is not valid."},
                                   {"x-amzn-ErrorType": "InvalidRequestException"})
            infos = []
            for step_id in body.get("StepIds", []):
                step = next((each for each in cluster.steps if each.id == step_id), None)
                if step is None:
                    infos.append({"StepId": step_id, "Status": "FAILED", "Reason": "the step does not exist"})
                elif step.state in ("PENDING", "RUNNING"):
                    step.state = "CANCELLED"
                    infos.append({"StepId": step_id, "Status": "SUBMITTED"})
                else:
                    infos.append({"StepId": step_id, "Status": "FAILED", "Reason": f"the step is {step.state}"})
        return self.answer(start_response, 200, {"CancelStepsInfoList": infos})

    @staticmethod
    def answer(start_response, status, body, headers=None):
        data = json.dumps(body, default=str).encode()
        pairs = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
        pairs += list((headers or {}).items())
        start_response(f"{status} {'OK' if status < 400 else 'Harness'}", pairs)
        return [data]

    def control(self, environ, start_response, command):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}") if length else {}
        try:
            with self.lock:
                result = getattr(self, "do_" + command.replace("/", "_").replace("-", "_"))(body)
            return self.answer(start_response, 200, result if result is not None else {})
        except (KeyError, AttributeError, ValueError) as error:
            return self.answer(start_response, 404, {"error": f"{command}: {error!r}"})

    # --- faults and calls

    def do_faults(self, body):
        """Fails the next `times` calls of `operation` with HTTP `status` and error `code`."""
        queued = self.faults.setdefault(body["operation"], [])
        for _ in range(int(body.get("times", 1))):
            queued.append((int(body.get("status", 400)), body.get("code", "ThrottlingException"),
                           body.get("message", "injected by the test harness")))

    def do_calls(self, body):
        return dict(self.calls)

    def do_reset_calls(self, body):
        self.calls.clear()

    # --- EMR on EC2

    @staticmethod
    def clusters():
        # copies: moto's request threads add to these dicts while the watcher walks them
        for regions in list(emr_backends.values()):
            for backend in list(regions.values()):
                yield from list(backend.clusters.values())

    def cluster(self, cluster_id):
        for cluster in self.clusters():
            if cluster.id == cluster_id:
                return cluster
        raise KeyError(cluster_id)

    def do_emr_clusters(self, body):
        return [{
            "id": cluster.id,
            "name": cluster.name,
            "state": cluster.state,
            "tags": dict(cluster._tags),
            "logUri": cluster.log_uri,
            "steps": [{"id": step.id, "name": step.name, "state": step.state, "args": list(step.args),
                       "jar": step.jar} for step in cluster.steps],
            "instanceGroups": [{"id": group.id, "role": group.role, "type": group.instance_type,
                                "requested": group.num_instances} for group in cluster.instance_groups],
        } for cluster in self.clusters()]

    def do_emr_resizes(self, body):
        """Each cluster's TASK group requested counts: the first, then one per ModifyInstanceGroups."""
        resizes = {}
        with _resizes_lock:
            for cluster in self.clusters():
                counts = TASK_RESIZES.get(cluster.id) or [group.num_instances for group in cluster.instance_groups
                                                          if group.role == "TASK"]
                if counts:
                    resizes[cluster.id] = list(counts)
        return resizes

    def do_emr_step(self, body):
        """Sets a step's state (the first step unless `stepId`), with FailureDetails when given."""
        cluster = self.cluster(body["clusterId"])
        steps = [step for step in cluster.steps if step.id == body.get("stepId", step.id)]
        step = steps[0]
        step.state = body["state"]
        if body.get("message"):
            step.last_state_change_reason = body["message"]
        if body.get("failureReason") or body.get("failureMessage"):
            step.harness_failure_details = {k: v for k, v in {
                "Reason": body.get("failureReason"), "Message": body.get("failureMessage"),
                "LogFile": body.get("logFile")}.items() if v}
        if body["state"] == "RUNNING":
            cluster.state = "RUNNING"
        return {"stepId": step.id}

    def do_emr_cluster(self, body):
        """Sets a cluster's state, with the reason code and message the real service gives."""
        cluster = self.cluster(body["clusterId"])
        cluster.state = body["state"]
        if body.get("message"):
            cluster.last_state_change_reason = body["message"]
        if body.get("code"):
            cluster.harness_state_change_code = body["code"]

    @staticmethod
    def job_runs():
        for regions in list(emrserverless_backends.values()):
            for backend in list(regions.values()):
                for runs in list(backend.job_runs.values()):
                    yield from list(runs)

    # --- the "run the jobs" mode

    def do_jobs(self, body):
        """The jobs run so far: ids, phase (staging, running, exited, killed, not-run, harness-error), the
        states seen and set, the local exit code, the process ids and those still alive, the command."""
        return [job.describe() for job in list(self.runner.jobs.values())] if self.runner else []

    # --- EMR Serverless

    def do_emr_serverless_defaults(self, body):
        """The state new job runs start in (moto's own: SUCCESS)."""
        serverless_models.JOB_STATUS = body["jobRunState"]

    def do_emr_serverless_job_runs(self, body):
        return [{"applicationId": run.application_id, "id": run.id, "name": run.name, "state": run.state,
                 "clientToken": run.client_token, "jobDriver": run.job_driver, "tags": run.tags,
                 "configurationOverrides": run.configuration_overrides} for run in self.job_runs()]

    def do_emr_serverless_job_run(self, body):
        for run in self.job_runs():
            if run.application_id == body["applicationId"] and run.id == body["jobRunId"]:
                run.state = body["state"]
                run.state_details = body.get("stateDetails")
                return {}
        raise KeyError(body["jobRunId"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spark-submit", type=Path,
                        help="run the EMR steps and EMR Serverless job runs with this spark-submit, in local mode")
    parser.add_argument("--python", type=Path, help="the python of PySpark jobs (default: this one)")
    arguments = parser.parse_args()
    harness = Harness()
    if arguments.spark_submit:
        if not os.access(arguments.spark_submit, os.X_OK):
            parser.error(f"--spark-submit {arguments.spark_submit} is not an executable")
        python = arguments.python or Path(sys.executable)
        if not os.access(python, os.X_OK):
            parser.error(f"--python {python} is not an executable")
        harness.runner = JobRunner(harness, arguments.spark_submit.absolute(), python.absolute())
    elif arguments.python:
        parser.error("--python goes with --spark-submit")

    def stop(signum, frame):
        # the Java side stops the harness with SIGTERM; the jobs, each in its own session, would outlive it
        log(f"{signal.Signals(signum).name}: stopping")
        if harness.runner:
            harness.runner.shutdown()
        sys.stdout.flush()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server = make_server(arguments.host, arguments.port, harness, threaded=True, request_handler=MotoRequestHandler)
    if harness.runner:
        harness.runner.start()
    print(f"moto harness on http://{arguments.host}:{arguments.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
