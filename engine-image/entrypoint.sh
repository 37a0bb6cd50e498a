#!/usr/bin/env bash
# The engine image's one entrypoint. Its argument is the pod's role:
#
#   driver  starts the Spark master on the pod's IP, then the launcher, which reads the launch spec,
#           fetches the job's inputs, runs spark-submit against the master, reports to the control
#           plane and copies logs to staging; the launcher's outcome is left as the container's
#           termination message, where the backend finds it even if the control plane missed the
#           launcher's report. Exits with the launcher's code.
#   worker  runs a Spark worker for the master in SPARKPLANE_SPARK_MASTER. When the pod is deleted
#           (SIGTERM) the worker is asked to decommission (SIGPWR) and given the pod's grace period
#           to hand its blocks over.
#
# Everything comes from the environment the backend's pod models set (see cloud-adapters/backends/kubernetes/README.md);
# SPARK_HOME, SPARKPLANE_HOME and PYSPARK_PYTHON are the image's own (engine-image/Dockerfile).
set -euo pipefail

role=${1:-}
: "${SPARK_HOME:?SPARK_HOME is not set}"
: "${SPARKPLANE_HOME:?SPARKPLANE_HOME is not set}"

log() { printf 'ts=%s level=INFO role=%s msg="%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$role" "$*"; }

daemon=""
stop_daemon() {
  if [[ -n $daemon ]] && kill -0 "$daemon" 2>/dev/null; then
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
}

case "$role" in
  driver)
    : "${SPARKPLANE_LAUNCH_SPEC:?}" "${SPARKPLANE_WORK_DIRECTORY:?}" "${SPARK_MASTER_HOST:?}" "${SPARK_MASTER_PORT:?}"
    mkdir -p "$SPARKPLANE_WORK_DIRECTORY"
    cp "$SPARKPLANE_LAUNCH_SPEC" "$SPARKPLANE_WORK_DIRECTORY/launch.json"
    chmod 0600 "$SPARKPLANE_WORK_DIRECTORY/launch.json"
    log "starting the Spark master on $SPARK_MASTER_HOST:$SPARK_MASTER_PORT"
    "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
      --host "$SPARK_MASTER_HOST" --port "$SPARK_MASTER_PORT" --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}" \
      > "$SPARKPLANE_WORK_DIRECTORY/master.log" 2>&1 &
    daemon=$!
    trap 'stop_daemon' EXIT
    # the pod is deleted: the launcher is told to stop (it reports nothing more), then the master
    trap 'kill -TERM "$launcher" 2>/dev/null || true' TERM INT
    export SPARKPLANE_LISTENER_JAR="${SPARKPLANE_LISTENER_JAR:-$SPARKPLANE_HOME/listener/sparkplane-backlog-listener.jar}"
    if [[ -z ${SPARKPLANE_CONNECTOR_JARS:-} ]]; then
      SPARKPLANE_CONNECTOR_JARS=$(find "$SPARKPLANE_HOME/connectors" -name '*.jar' 2>/dev/null | sort | paste -sd, -)
      export SPARKPLANE_CONNECTOR_JARS
    fi
    log "starting the launcher in $SPARKPLANE_WORK_DIRECTORY"
    set +e
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx128m -cp "$SPARKPLANE_HOME/launcher/*" io.sparkplane.launcher.Launcher \
      "$SPARKPLANE_WORK_DIRECTORY" &
    launcher=$!
    wait "$launcher"
    code=$?
    # a TERM interrupted the wait: wait for the launcher itself
    if kill -0 "$launcher" 2>/dev/null; then
      wait "$launcher"
      code=$?
    fi
    set -e
    if [[ -f $SPARKPLANE_WORK_DIRECTORY/outcome.json && -n ${SPARKPLANE_TERMINATION_MESSAGE:-} ]]; then
      cp "$SPARKPLANE_WORK_DIRECTORY/outcome.json" "$SPARKPLANE_TERMINATION_MESSAGE" || log "cannot write the termination message"
    fi
    log "the launcher exited with code $code"
    exit "$code"
    ;;
  worker)
    : "${SPARKPLANE_SPARK_MASTER:?}"
    log "starting a Spark worker for $SPARKPLANE_SPARK_MASTER"
    mkdir -p "${SPARK_WORKER_DIR:-/work/worker}"
    # one executor per worker; the worker's own UI takes any free port (nobody browses a worker pod)
    "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
      --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-1g}" \
      --work-dir "${SPARK_WORKER_DIR:-/work/worker}" --webui-port "${SPARK_WORKER_WEBUI_PORT:-0}" \
      "$SPARKPLANE_SPARK_MASTER" &
    daemon=$!
    # deleted: decommission (Spark's handler for SIGPWR), then wait out the pod's grace period
    trap 'log "asked to stop: decommissioning"; kill -PWR "$daemon" 2>/dev/null || true' TERM INT
    set +e
    wait "$daemon"
    code=$?
    while kill -0 "$daemon" 2>/dev/null; do
      wait "$daemon"
      code=$?
    done
    log "the worker exited with code $code"
    exit "$code"
    ;;
  *)
    echo "usage: entrypoint.sh driver|worker (got '${role}')" >&2
    exit 2
    ;;
esac
