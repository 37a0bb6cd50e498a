"""Where a machine's CPU goes while a command runs: every process's CPU time, sampled every 2 s, added
up by kind of process (control plane, Spark driver, executor, worker, master, engine launcher,
Python driver, test JVM, Maven, PostgreSQL, ...) and by minute. Written as JSON on SIGTERM or Ctrl-C.

    python3 tests/tools/cpu_by_process.py OUT.json &   # then run the suite, then: kill %1

A process that lives less than the 2 s between samples is missed, and one's last 2 s may be; a
process that execs (Spark's shell scripts exec their JVM) is counted as what it runs at each sample.
"""
import json, os, re, signal, sys, time

TICK = os.sysconf("SC_CLK_TCK")
last = {}  # (pid, start time) -> [kind, CPU seconds counted, program name]
per_minute = {}  # minute -> kind -> cpu seconds seen in that minute
t0 = time.time()


def kind(args, comm):
    a = args
    if comm == "java" or a.startswith("/") and "/bin/java" in a.split(" ")[0]:
        for key, name in [("sparkplane-class-data", "archive write (SparkSubmit)"), ("quarkus-run.jar", "control plane"),
                          ("surefire", "surefire test JVM"), ("plexus-classworlds", "maven"),
                          ("deploy.master.Master", "spark master"), ("deploy.worker.Worker", "spark worker"),
                          ("CoarseGrainedExecutorBackend", "spark executor"), ("deploy.SparkSubmit", "spark driver (SparkSubmit)"),
                          ("sparkplane.launcher", "engine launcher"), ("HistoryServer", "history server"),
                          ("launcher.Main", "spark-class launcher")]:
            if key in a:
                return name
        return "java other"
    if "python" in comm or "python" in a.split(" ")[0]:
        for key, name in [("pyspark.daemon", "python worker"), ("pyspark/daemon", "python worker"), ("schemathesis", "fuzzer"),
                          ("moto", "moto"), ("warm_driver", "python driver"), ("jobs/", "python driver"),
                          ("class-data-warm-up", "archive write (python)"), ("/examples/", "python driver"), ("harness", "moto")]:
            if key in a:
                return name
        if re.search(r"\.py\b", a) and "/tmp/" in a:
            return "python driver"
        return "python other"
    for key in ["postgres", "node", "chrome", "chromium", "fake-gcs-server", "tofu", "go", "npm", "git", "sh", "bash"]:
        if comm.startswith(key):
            return comm if key not in ("sh", "bash") else "shell"
    return "other:" + comm


def sample(count=True):
    now = time.time()
    minute = int((now - t0) // 60)
    bucket = per_minute.setdefault(minute, {})
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / TICK
            start = fields[19]
            key = (int(pid), start)
            if key not in last or last[key][2] != comm:
                # new, or it exec'd another program since the last sample (bash into java)
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    args = f.read().replace(b"\0", b" ").decode(errors="replace")
                seen = last[key][1] if key in last else 0.0
                last[key] = [kind(args, comm), seen, comm]
            k, seen, _ = last[key]
            if not count:
                last[key][1] = cpu
            elif cpu > seen:
                bucket[k] = bucket.get(k, 0.0) + cpu - seen
                last[key][1] = cpu
        except (OSError, ValueError, IndexError):
            pass


def finish(*_):
    totals = {}
    for minute in per_minute.values():
        for k, v in minute.items():
            totals[k] = totals.get(k, 0.0) + v
    with open(sys.argv[1], "w") as f:
        json.dump({"totals": dict(sorted(totals.items(), key=lambda kv: -kv[1])),
                   "per_minute": {m: dict(sorted(v.items(), key=lambda kv: -kv[1])) for m, v in sorted(per_minute.items())}}, f, indent=1)
    sys.exit(0)


signal.signal(signal.SIGTERM, finish)
signal.signal(signal.SIGINT, finish)
sample(count=False)  # what ran before the measurement is not counted
while True:
    sample()
    time.sleep(2)
