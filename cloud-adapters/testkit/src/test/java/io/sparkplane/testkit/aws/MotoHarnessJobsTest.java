package io.sparkplane.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;
import software.amazon.awssdk.services.emr.model.ClusterStatus;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupModifyConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupType;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The harness's "run the jobs" mode with the local Spark: EMR steps and EMR Serverless job runs,
 * submitted in the shapes Sparkplane's backends give them, run to their ends with their logs,
 * event logs and states where the services would put them, and killed when terminated or
 * cancelled. Every job is submitted up front and they run at once (a local spark-submit takes
 * seconds); each test then waits for its own.
 */
class MotoHarnessJobsTest {

    private static final String BUCKET = "jobs";
    private static final String INPUTS = "s3://" + BUCKET + "/inputs/";
    /** A local spark-submit takes 5 to 20 s here, longer with the others running at once on a loaded machine. */
    private static final Duration JOB_TIME = Duration.ofSeconds(150);
    /** SIGTERM, up to 5 s of grace, SIGKILL; and the harness's 0.2 s look and 0.3 s watch. */
    private static final Duration KILL_TIME = Duration.ofSeconds(10);
    private static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/sparkplane-job";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private static final String HELPER = """
            def describe(total):
                return f"the sum is {total}"
            """;
    /** Prints what it got, so the test sees each input staged and each conf translated. */
    private static final String SUM_JOB = """
            import os
            import sys
            from urllib.parse import urlparse

            from pyspark import SparkFiles
            from pyspark.sql import SparkSession

            import helper  # from --py-files

            spark = SparkSession.builder.getOrCreate()
            conf = spark.sparkContext.getConf()
            print(helper.describe(spark.sparkContext.parallelize(range(1, 101), 2).sum()))
            print("arguments", " ".join(sys.argv[1:]))
            print("master", spark.sparkContext.master)
            print("dynamic allocation", conf.get("spark.dynamicAllocation.enabled", "unset"))
            with open(urlparse(conf.get("spark.sparkplane.report.tokenFile")).path) as token:
                print("token", token.read().strip())
            with open(SparkFiles.get("data.txt")) as data:
                print("file", data.read().strip())
            with open(os.path.join(SparkFiles.get("unpacked"), "note.txt")) as note:
                print("archive", note.read().strip())
            print("jars", conf.get("spark.jars", ""))
            print("greeting", conf.get("spark.sparkplane.test.greeting", "none"))
            spark.stop()
            """;
    private static final String FAILING_JOB = """
            raise ValueError("boom from the job")
            """;
    /** Sleeps with its SparkContext up and PySpark's worker daemon started (it leaves spark-submit's process group). */
    private static final String SLEEPING_SPARK_JOB = """
            import time
            from pyspark.sql import SparkSession

            spark = SparkSession.builder.getOrCreate()
            spark.sparkContext.parallelize(range(4), 2).map(lambda x: x * 2).collect()
            print("sleeping", flush=True)
            time.sleep(600)
            """;
    private static final String SLEEPING_JOB = """
            import time

            print("sleeping", flush=True)
            time.sleep(600)
            """;

    private static MotoHarness harness;
    /** A second harness, closed while its job runs. */
    private static MotoHarness closed;
    private static Path closedLog;
    private static S3Client s3;
    private static EmrClient emr;
    private static EmrServerlessCalls serverless;
    private static String emrSucceeds;
    private static String emrFails;
    private static String emrSleeps;
    private static String emrCancelled;
    private static String emrMissingInput;
    private static String application;
    private static String runSucceeds;
    private static String runFails;
    private static String runSleeps;

    @BeforeAll
    static void submitEveryJob() throws Exception {
        Path python = Path.of(System.getProperty(MotoHarness.PYTHON_PROPERTY, "python3"));
        Path log = Files.createDirectories(Path.of("target")).resolve("moto-harness-jobs.log");
        Path sparkSubmit = MotoHarness.sparkSubmitOf(python);
        harness = MotoHarness.start(log, sparkSubmit, python);
        s3 = s3(harness);
        emr = emr(harness);
        serverless = new EmrServerlessCalls(harness.endpoint());

        closedLog = log.resolveSibling("moto-harness-closed.log");
        closed = MotoHarness.start(closedLog, sparkSubmit, python);
        try (S3Client closedS3 = s3(closed); EmrClient closedEmr = emr(closed)) {
            closedS3.createBucket(bucket -> bucket.bucket(BUCKET));
            closedS3.putObject(request -> request.bucket(BUCKET).key("inputs/sleeps.py"), RequestBody.fromString(SLEEPING_JOB));
            runJobFlow(closedEmr, "sleeps", List.of(), "sleeps.py");
        }

        s3.createBucket(bucket -> bucket.bucket(BUCKET));
        put("inputs/helper.py", HELPER.getBytes(StandardCharsets.UTF_8));
        put("inputs/sum.py", SUM_JOB.getBytes(StandardCharsets.UTF_8));
        put("inputs/fails.py", FAILING_JOB.getBytes(StandardCharsets.UTF_8));
        put("inputs/sleeps-spark.py", SLEEPING_SPARK_JOB.getBytes(StandardCharsets.UTF_8));
        put("inputs/sleeps.py", SLEEPING_JOB.getBytes(StandardCharsets.UTF_8));
        put("inputs/data.txt", "numbers 1 to 100\n".getBytes(StandardCharsets.UTF_8));
        put("inputs/token", "engine-token-123\n".getBytes(StandardCharsets.UTF_8));
        put("inputs/bundle.zip", zip("note.txt", "inside the archive\n"));
        put("inputs/empty.jar", emptyJar());

        emrSucceeds = runJobFlow(emr, "succeeds", sparkOptions("emr/succeeds/"), "sum.py", "emr", "run");
        emrFails = runJobFlow(emr, "fails", sparkOptions("emr/fails/"), "fails.py");
        emrSleeps = runJobFlow(emr, "sleeps", sparkOptions("emr/sleeps/"), "sleeps-spark.py");
        emrCancelled = runJobFlow(emr, "cancelled", List.of(), "sleeps.py");
        emrMissingInput = runJobFlow(emr, "missing-input", List.of("--py-files", INPUTS + "missing.py"), "sum.py");
        application = serverless.createApplication("jobs");
        runSucceeds = startJobRun("succeeds", "sum.py", List.of("serverless", "run"), Map.of("spark.sparkplane.test.greeting", "hello from spark-defaults"));
        runFails = startJobRun("fails", "fails.py", List.of(), Map.of());
        runSleeps = startJobRun("sleeps", "sleeps.py", List.of(), Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (AutoCloseable each : new AutoCloseable[] {serverless, emr, s3}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // the harness's close below matters more
            }
        }
        for (MotoHarness each : new MotoHarness[] {closed, harness}) {
            if (each != null) {
                each.close();
            }
        }
    }

    @Test
    void anEmrStepRunsToCompletionWithItsInputsStagedAndItsLogsInS3() throws Exception {
        String step = firstStep(emrSucceeds);
        awaitDone(emrSucceeds);
        StepStatus status = await("the step of " + emrSucceeds + " to end", JOB_TIME, () -> stepStatus(emrSucceeds, step), MotoHarnessJobsTest::ended);

        assertThat(status.state()).as(status.toString()).isEqualTo(StepState.COMPLETED);
        assertThat(status.timeline().endDateTime()).isNotNull();
        ClusterStatus cluster = emr.describeCluster(describe -> describe.clusterId(emrSucceeds)).cluster().status();
        assertThat(cluster.state()).isEqualTo(ClusterState.TERMINATED);
        assertThat(cluster.stateChangeReason().code()).isEqualTo(ClusterStateChangeReasonCode.ALL_STEPS_COMPLETED);
        assertThat(cluster.stateChangeReason().message()).isEqualTo("Steps completed");
        assertThat(cluster.timeline().endDateTime()).isNotNull();

        String stdout = gunzip("emr/succeeds/logs/" + emrSucceeds + "/steps/" + step + "/stdout.gz");
        assertThat(stdout).contains("the sum is 5050", "arguments emr run", "master local[2]", "dynamic allocation unset",
                "token engine-token-123", "file numbers 1 to 100", "archive inside the archive", "greeting none");
        assertThat(line(stdout, "jars")).contains("empty.jar").doesNotContain("s3://");
        assertThat(gunzip("emr/succeeds/logs/" + emrSucceeds + "/steps/" + step + "/stderr.gz")).contains("SparkContext");
        assertThat(keys("emr/succeeds/eventlog/")).as("the event log, put where spark.eventLog.dir said").isNotEmpty();
        JsonNode job = job(emrSucceeds);
        assertThat(job.path("exitCode").asInt(-1)).isZero();
        assertThat(job.path("states")).extracting(JsonNode::asText).containsExactly("RUNNING", "COMPLETED");
    }

    /** A PySpark driver's traceback is in spark-submit's stdout: Spark's PythonRunner merges the python's stderr into it. */
    @Test
    void aFailingEmrStepFailsAsEmrSaysWithItsTracebackInItsLogs() throws Exception {
        String step = firstStep(emrFails);
        awaitDone(emrFails);
        StepStatus status = await("the step of " + emrFails + " to end", JOB_TIME, () -> stepStatus(emrFails, step), MotoHarnessJobsTest::ended);

        assertThat(status.state()).as(status.toString()).isEqualTo(StepState.FAILED);
        String stderrKey = "emr/fails/logs/" + emrFails + "/steps/" + step + "/stderr.gz";
        assertThat(status.failureDetails().message()).isEqualTo("Command exited with status 1");
        assertThat(status.failureDetails().reason()).isEqualTo("Unknown Error.");
        assertThat(status.failureDetails().logFile()).isEqualTo("s3://" + BUCKET + "/" + stderrKey);
        ClusterStatus cluster = emr.describeCluster(describe -> describe.clusterId(emrFails)).cluster().status();
        assertThat(cluster.state()).isEqualTo(ClusterState.TERMINATED_WITH_ERRORS);
        assertThat(cluster.stateChangeReason().code()).isEqualTo(ClusterStateChangeReasonCode.STEP_FAILURE);
        assertThat(cluster.stateChangeReason().message()).isEqualTo("Steps completed with errors");
        assertThat(gunzip(stderrKey)).contains("ShutdownHookManager");
        assertThat(gunzip("emr/fails/logs/" + emrFails + "/steps/" + step + "/stdout.gz"))
                .contains("Traceback (most recent call last)", "ValueError: boom from the job");
        assertThat(job(emrFails).path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void terminatingAClusterKillsItsRunningJobAndLeavesItsStatesToTheApi() throws Exception {
        String step = firstStep(emrSleeps);
        String stdoutKey = "emr/sleeps/logs/" + emrSleeps + "/steps/" + step + "/stdout.gz";
        // the driver's logs go out while it runs: "sleeping" once its SparkContext and python workers are up
        await("the job of " + emrSleeps + " to sleep", JOB_TIME, () -> gunzipOrEmpty(stdoutKey), stdout -> stdout.contains("sleeping"));

        emr.terminateJobFlows(terminate -> terminate.jobFlowIds(emrSleeps));

        JsonNode job = await("the job of " + emrSleeps + " to be killed", KILL_TIME, () -> job(emrSleeps),
                seen -> seen.path("phase").asText().equals("killed"));
        assertThat(job.path("pids").size()).as("spark-submit's JVM and its descendants: " + job).isGreaterThanOrEqualTo(2);
        assertThat(job.path("alivePids")).as(job.toString()).isEmpty();
        job.path("pids").forEach(pid -> assertThat(alive(pid.asLong())).as("process " + pid + " of " + job).isFalse());
        assertThat(emr.describeCluster(describe -> describe.clusterId(emrSleeps)).cluster().status().state()).isEqualTo(ClusterState.TERMINATED);
        assertThat(stepStatus(emrSleeps, step).state()).as("the harness leaves a terminated cluster's step as moto has it").isEqualTo(StepState.RUNNING);
        assertThat(gunzip(stdoutKey)).contains("sleeping");
    }

    @Test
    void cancellingAStepKillsItsJob() throws Exception {
        String step = firstStep(emrCancelled);
        await("the job of " + emrCancelled + " to run", JOB_TIME, () -> job(emrCancelled), seen -> seen.path("phase").asText().equals("running"));

        assertThat(emr.cancelSteps(cancel -> cancel.clusterId(emrCancelled).stepIds(step)).cancelStepsInfoList()).hasSize(1);

        JsonNode job = await("the job of " + emrCancelled + " to be killed", KILL_TIME, () -> job(emrCancelled),
                seen -> seen.path("phase").asText().equals("killed"));
        assertThat(job.path("alivePids")).as(job.toString()).isEmpty();
        job.path("pids").forEach(pid -> assertThat(alive(pid.asLong())).as("process " + pid + " of " + job).isFalse());
        assertThat(stepStatus(emrCancelled, step).state()).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aStepWhoseInputIsMissingFailsAsSparkSubmitWould() throws Exception {
        String step = firstStep(emrMissingInput);
        awaitDone(emrMissingInput);
        StepStatus status = await("the step of " + emrMissingInput + " to end", JOB_TIME, () -> stepStatus(emrMissingInput, step),
                MotoHarnessJobsTest::ended);

        assertThat(status.state()).isEqualTo(StepState.FAILED);
        assertThat(status.failureDetails().message()).isEqualTo("Command exited with status 1");
        assertThat(gunzip("emr/missing-input/logs/" + emrMissingInput + "/steps/" + step + "/stderr.gz"))
                .contains("s3://" + BUCKET + "/inputs/missing.py: no such object in moto's S3");
        assertThat(job(emrMissingInput).path("pid").isNull()).as("no spark-submit ran").isTrue();
    }

    @Test
    void anEmrServerlessJobRunGoesFromSubmittedToSuccessWithItsDriverLogsInS3() throws Exception {
        awaitDone(runSucceeds);
        JsonNode run = await("job run " + runSucceeds + " to end", JOB_TIME, () -> serverless.getJobRun(application, runSucceeds),
                MotoHarnessJobsTest::ended);

        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(job(runSucceeds).path("states")).extracting(JsonNode::asText).containsExactly("SUBMITTED", "SCHEDULED", "RUNNING", "SUCCESS");
        assertThat(run.path("endedAt").isMissingNode()).as(run.toString()).isFalse();
        String driver = "serverless/succeeds/logs/applications/" + application + "/jobs/" + runSucceeds + "/SPARK_DRIVER/";
        assertThat(gunzip(driver + "stdout.gz")).contains("the sum is 5050", "arguments serverless run", "master local[2]",
                "token engine-token-123", "file numbers 1 to 100", "archive inside the archive", "greeting hello from spark-defaults");
        assertThat(gunzip(driver + "stderr.gz")).contains("SparkContext");
        assertThat(keys("serverless/succeeds/eventlog/")).isNotEmpty();
    }

    @Test
    void aFailingEmrServerlessJobRunFailsWithItsExitCodeAndException() throws Exception {
        awaitDone(runFails);
        JsonNode run = await("job run " + runFails + " to end", JOB_TIME, () -> serverless.getJobRun(application, runFails),
                MotoHarnessJobsTest::ended);

        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.path("stateDetails").asText())
                .startsWith("Job failed, please check complete logs in configured logging destination. ExitCode: 1.")
                .contains("Last few exceptions: ValueError: boom from the job");
        String driver = "serverless/fails/logs/applications/" + application + "/jobs/" + runFails + "/SPARK_DRIVER/";
        assertThat(gunzip(driver + "stdout.gz")).contains("Traceback (most recent call last)", "ValueError: boom from the job");
        assertThat(gunzip(driver + "stderr.gz")).contains("ShutdownHookManager");
    }

    @Test
    void cancellingAJobRunKillsItsJob() throws Exception {
        await("job run " + runSleeps + " to run", JOB_TIME, () -> job(runSleeps), seen -> seen.path("phase").asText().equals("running"));

        serverless.cancelJobRun(application, runSleeps);

        JsonNode job = await("the job of " + runSleeps + " to be killed", KILL_TIME, () -> job(runSleeps),
                seen -> seen.path("phase").asText().equals("killed"));
        assertThat(job.path("alivePids")).as(job.toString()).isEmpty();
        job.path("pids").forEach(pid -> assertThat(alive(pid.asLong())).as("process " + pid + " of " + job).isFalse());
        assertThat(serverless.getJobRun(application, runSleeps).path("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void closingTheHarnessKillsTheJobsStillRunning() throws Exception {
        Supplier<JsonNode> job = () -> closed.jobs().path(0);
        JsonNode running = await("the job on the harness to close to run", JOB_TIME, job,
                seen -> seen.path("phase").asText().equals("running") && seen.path("pids").size() >= 2);
        List<Long> pids = new ArrayList<>();
        running.path("pids").forEach(pid -> pids.add(pid.asLong()));

        closed.close();

        await("spark-submit's JVM and its python driver " + pids + " to be gone", KILL_TIME,
                () -> pids.stream().filter(MotoHarnessJobsTest::alive).toList(), List::isEmpty);
        // moto went with the harness: its log is what tells that the job killed at shutdown was not reported as failed
        assertThat(Files.readString(closedLog)).contains("SIGTERM: stopping", "stopping: killing 1 running job(s)").doesNotContain("step FAILED");
    }

    @Test
    void theTaskGroupResizesOfEachClusterAreRecorded() {
        // no step: the harness runs nothing on this cluster
        String cluster = emr.runJobFlow(request -> request.name("resized").releaseLabel("emr-7.5.0").serviceRole("EMR_DefaultRole")
                .jobFlowRole("EMR_EC2_DefaultRole").instances(instances(true))).jobFlowId();
        String task = emr.listInstanceGroups(list -> list.clusterId(cluster)).instanceGroups().stream()
                .filter(group -> group.instanceGroupType() == InstanceGroupType.TASK).findFirst().orElseThrow().id();

        for (int count : new int[] {5, 3}) {
            emr.modifyInstanceGroups(modify -> modify.clusterId(cluster)
                    .instanceGroups(InstanceGroupModifyConfig.builder().instanceGroupId(task).instanceCount(count).build()));
        }

        assertThat(harness.emrResizes()).containsEntry(cluster, List.of(2, 5, 3));
        assertThat(harness.emrResizes().get(emrSucceeds)).as("a cluster never resized: its first count").containsExactly(2);
    }

    // --- submitting

    private static S3Client s3(MotoHarness peer) {
        return S3Client.builder().endpointOverride(peer.endpoint()).region(Region.of(MotoHarness.REGION)).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    private static EmrClient emr(MotoHarness peer) {
        return EmrClient.builder().endpointOverride(peer.endpoint()).region(Region.of(MotoHarness.REGION)).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A transient cluster with one spark-submit step through command-runner.jar, as the EMR backend makes it. */
    private static String runJobFlow(EmrClient client, String name, List<String> options, String entryPoint, String... arguments) {
        List<String> args = new ArrayList<>(List.of("spark-submit", "--master", "yarn", "--deploy-mode", "client", "--name", name));
        args.addAll(options);
        args.add(INPUTS + entryPoint);
        args.addAll(List.of(arguments));
        return client.runJobFlow(request -> request.name(name).releaseLabel("emr-7.5.0")
                .applications(Application.builder().name("Spark").build())
                .logUri("s3://" + BUCKET + "/emr/" + name + "/logs/")
                .serviceRole("EMR_DefaultRole").jobFlowRole("EMR_EC2_DefaultRole")
                .instances(instances(false))
                .steps(StepConfig.builder().name("sparkplane " + name).actionOnFailure(ActionOnFailure.TERMINATE_CLUSTER)
                        .hadoopJarStep(HadoopJarStepConfig.builder().jar("command-runner.jar").args(args).build()).build()))
                .jobFlowId();
    }

    private static JobFlowInstancesConfig instances(boolean keepAlive) {
        return JobFlowInstancesConfig.builder().keepJobFlowAliveWhenNoSteps(keepAlive).terminationProtected(false).instanceGroups(
                InstanceGroupConfig.builder().name("sparkplane-master").instanceRole(InstanceRoleType.MASTER).instanceType("m5.xlarge")
                        .instanceCount(1).market(MarketType.ON_DEMAND).build(),
                InstanceGroupConfig.builder().name("sparkplane-task").instanceRole(InstanceRoleType.TASK).instanceType("m5.xlarge")
                        .instanceCount(2).market(MarketType.ON_DEMAND).build()).build();
    }

    /** A job run as the EMR Serverless backend makes it: spark-submit options in one string, the rest in spark-defaults. */
    private static String startJobRun(String name, String entryPoint, List<String> arguments, Map<String, String> sparkDefaults) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("clientToken", name)
                .put("executionRoleArn", EXECUTION_ROLE);
        ObjectNode submit = body.putObject("jobDriver").putObject("sparkSubmit").put("entryPoint", INPUTS + entryPoint)
                .put("sparkSubmitParameters", String.join(" ", sparkOptions("serverless/" + name + "/")));
        arguments.forEach(submit.putArray("entryPointArguments")::add);
        ObjectNode overrides = body.putObject("configurationOverrides");
        if (!sparkDefaults.isEmpty()) {
            ObjectNode defaults = overrides.putArray("applicationConfiguration").addObject().put("classification", "spark-defaults");
            sparkDefaults.forEach(defaults.putObject("properties")::put);
        }
        overrides.putObject("monitoringConfiguration").putObject("s3MonitoringConfiguration")
                .put("logUri", "s3://" + BUCKET + "/serverless/" + name + "/logs/");
        return serverless.startJobRun(application, body);
    }

    /** What the backends give every job: dynamic allocation, the event log and the token file in staging, and every kind of input. */
    private static List<String> sparkOptions(String prefix) {
        return List.of(
                "--conf", "spark.dynamicAllocation.enabled=true",
                "--conf", "spark.dynamicAllocation.maxExecutors=4",
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=s3://" + BUCKET + "/" + prefix + "eventlog/",
                "--conf", "spark.sparkplane.report.tokenFile=" + INPUTS + "token",
                "--jars", INPUTS + "empty.jar",
                "--py-files", INPUTS + "helper.py",
                "--files", INPUTS + "data.txt",
                "--archives", INPUTS + "bundle.zip#unpacked");
    }

    // --- looking

    private static String firstStep(String cluster) {
        return emr.listSteps(list -> list.clusterId(cluster)).steps().get(0).id();
    }

    private static StepStatus stepStatus(String cluster, String step) {
        return emr.describeStep(describe -> describe.clusterId(cluster).stepId(step)).step().status();
    }

    private static boolean ended(StepStatus status) {
        return status.state() != StepState.PENDING && status.state() != StepState.RUNNING;
    }

    private static boolean ended(JsonNode run) {
        return List.of("SUCCESS", "FAILED", "CANCELLED").contains(run.path("state").asText());
    }

    /** The harness's job of a cluster or job run; missing until the harness takes it. */
    private static JsonNode job(String clusterOrJobRun) {
        for (JsonNode job : harness.jobs()) {
            if (clusterOrJobRun.equals(job.path("clusterId").asText()) || clusterOrJobRun.equals(job.path("jobRunId").asText())) {
                return job;
            }
        }
        return MissingNode.getInstance();
    }

    /** Alive on this machine: a zombie has ended, it only waits to be reaped. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Until the harness is done with the job: its states set, then its logs put a moment later, as the services do. */
    private void awaitDone(String id) throws InterruptedException {
        await("the harness to be done with " + id, JOB_TIME, () -> job(id),
                seen -> !seen.isMissingNode() && Set.of("exited", "killed", "not-run", "harness-error").contains(seen.path("phase").asText()));
    }

    private static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        T seen = probe.get();
        while (!done.test(seen)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within " + timeout + "; last seen " + seen + "; the harness's jobs: " + harness.jobs());
            }
            Thread.sleep(200);
            seen = probe.get();
        }
        return seen;
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix + " ")).findFirst().orElse("");
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2(list -> list.bucket(BUCKET).prefix(prefix)).contents().stream().map(object -> object.key()).toList();
    }

    private static void put(String key, byte[] content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private static String gunzip(String key) {
        byte[] gzipped = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asByteArray();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }

    private static String gunzipOrEmpty(String key) {
        try {
            return gunzip(key);
        } catch (NoSuchKeyException e) {
            return "";
        }
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] emptyJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close();
        return bytes.toByteArray();
    }
}
