package io.sparkplane.testkit.databricks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs and clusters in the Jobs API 2.2's and the Clusters API 2.1's JSON shapes: a run with its
 * one task (task run id, cluster instance, state, status), a task run's output, a cluster. Called
 * under the state's lock.
 */
final class RunJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    /** A run as runs/get answers it (with its tasks) or runs/list lists it ({@code withTasks} when expand_tasks). */
    static ObjectNode run(FakeRun run, String host, String workspaceId, boolean withTasks) {
        ObjectNode json = JSON.createObjectNode();
        json.put("job_id", run.jobId);
        json.put("run_id", run.runId);
        json.put("number_in_job", run.runId);
        json.put("original_attempt_run_id", run.runId);
        json.put("run_name", run.runName);
        json.put("run_type", "SUBMIT_RUN");
        json.put("creator_user_name", run.creator);
        json.put("format", "MULTI_TASK");
        json.set("state", state(run));
        json.set("status", status(run));
        json.put("start_time", run.startTime);
        json.put("end_time", run.endTime);
        json.put("setup_duration", 0);
        json.put("execution_duration", 0);
        json.put("cleanup_duration", 0);
        json.put("run_page_url", host + "/?o=" + workspaceId + "#job/" + run.jobId + "/run/" + run.runId);
        if (withTasks) {
            json.putArray("tasks").add(task(run, host, workspaceId));
            json.put("has_more", false);
        }
        return json;
    }

    /** The run's one task, as a run's {@code tasks} holds it and runs/get-output's {@code metadata} is. */
    static ObjectNode task(FakeRun run, String host, String workspaceId) {
        ObjectNode json = JSON.createObjectNode();
        json.put("run_id", run.taskRunId);
        json.put("task_key", run.task.path("task_key").asText());
        json.put("attempt_number", 0);
        json.set("state", state(run));
        json.set("status", status(run));
        json.set("new_cluster", run.task.get("new_cluster").deepCopy());
        ObjectNode instance = json.putObject("cluster_instance");
        instance.put("cluster_id", run.cluster.clusterId);
        if (run.cluster.state.equals("RUNNING") || run.cluster.state.equals("TERMINATED") && run.lifeCycleState.equals("TERMINATED")) {
            instance.put("spark_context_id", Long.toString(run.runId * 31 + 7));
        }
        for (String field : new String[] {"spark_python_task", "spark_jar_task", "libraries"}) {
            if (run.task.has(field)) {
                json.set(field, run.task.get(field).deepCopy());
            }
        }
        json.put("start_time", run.startTime);
        json.put("end_time", run.endTime);
        json.put("run_page_url", host + "/?o=" + workspaceId + "#job/" + run.jobId + "/run/" + run.taskRunId);
        return json;
    }

    /** runs/get-output's answer for the task run: its metadata, the driver's output, and the error of a failed task. */
    static ObjectNode output(FakeRun run, String host, String workspaceId) {
        ObjectNode json = JSON.createObjectNode();
        json.set("metadata", task(run, host, workspaceId));
        json.put("logs", run.logs);
        json.put("logs_truncated", false);
        if (run.error != null) {
            json.put("error", run.error);
        }
        if (run.errorTrace != null) {
            json.put("error_trace", run.errorTrace);
        }
        return json;
    }

    private static ObjectNode state(FakeRun run) {
        ObjectNode state = JSON.createObjectNode();
        state.put("life_cycle_state", run.lifeCycleState);
        if (run.resultState != null) {
            state.put("result_state", run.resultState);
        }
        state.put("state_message", run.stateMessage);
        state.put("user_cancelled_or_timedout", run.userCancelledOrTimedout);
        return state;
    }

    private static ObjectNode status(FakeRun run) {
        ObjectNode status = JSON.createObjectNode();
        status.put("state", run.statusState());
        if (run.terminationCode != null) {
            ObjectNode details = status.putObject("termination_details");
            details.put("code", run.terminationCode);
            if (run.terminationType != null) {
                details.put("type", run.terminationType);
            }
            details.put("message", run.terminationMessage == null ? "" : run.terminationMessage);
        }
        return status;
    }

    /** A cluster as clusters/get answers it. */
    static ObjectNode cluster(FakeCluster cluster) {
        ObjectNode json = cluster.spec.deepCopy();
        json.put("cluster_id", cluster.clusterId);
        json.put("cluster_name", cluster.clusterName);
        json.put("cluster_source", "JOB");
        json.put("creator_user_name", cluster.creator);
        json.put("state", cluster.state);
        json.put("state_message", cluster.stateMessage);
        json.remove("num_workers");
        json.remove("autoscale");
        if (cluster.numWorkers != null) {
            json.put("num_workers", cluster.numWorkers);
        } else {
            ObjectNode autoscale = json.putObject("autoscale");
            autoscale.put("min_workers", cluster.minWorkers);
            autoscale.put("max_workers", cluster.maxWorkers);
        }
        return json;
    }
}
