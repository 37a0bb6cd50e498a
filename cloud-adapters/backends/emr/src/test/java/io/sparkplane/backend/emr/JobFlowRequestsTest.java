package io.sparkplane.backend.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.Tag;

class JobFlowRequestsTest {

    private static final ClusterSpec SPEC = EmrTestClusters.spec("4f1c2b9e-0000-4000-8000-000000000001", 2, 6);
    private static final RunJobFlowRequest REQUEST = JobFlowRequests.runJobFlow(EmrTestClusters.configuration(Optional.empty()), "aws", SPEC);

    @Test
    void aTransientClusterNamedAndTaggedAfterTheAttempt() {
        assertThat(REQUEST.name()).isEqualTo("sp-4f1c2b9e-0000-4000-8000-000000000001-1");
        assertThat(REQUEST.instances().keepJobFlowAliveWhenNoSteps()).isFalse();
        assertThat(REQUEST.instances().terminationProtected()).isFalse();
        assertThat(REQUEST.instances().ec2SubnetId()).isEqualTo("subnet-0123456789abcdef0");
        assertThat(REQUEST.releaseLabel()).isEqualTo("emr-7.9.0");
        assertThat(REQUEST.serviceRole()).isEqualTo("EMR_DefaultRole_V2");
        assertThat(REQUEST.jobFlowRole()).isEqualTo("EMR_EC2_DefaultRole");
        assertThat(REQUEST.logUri()).isEqualTo("s3://sparkplane-staging/runs/4f1c2b9e-0000-4000-8000-000000000001/1/logs/");
        assertThat(REQUEST.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "team", "data",
                "sparkplane:managed-by", "sparkplane",
                "sparkplane:profile", "aws",
                "sparkplane:cluster", "sp-4f1c2b9e-0000-4000-8000-000000000001-1",
                "sparkplane:run-id", "4f1c2b9e-0000-4000-8000-000000000001",
                "sparkplane:attempt", "1"));
    }

    @Test
    void theRunsWorkersAreTheTaskGroupBesideAMasterAndTheProfilesCore() {
        assertThat(REQUEST.instances().instanceGroups()).extracting(InstanceGroupConfig::instanceRole, InstanceGroupConfig::instanceType,
                        InstanceGroupConfig::instanceCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(InstanceRoleType.MASTER, "m5.xlarge", 1),
                        org.assertj.core.groups.Tuple.tuple(InstanceRoleType.CORE, "m5.xlarge", 1),
                        org.assertj.core.groups.Tuple.tuple(InstanceRoleType.TASK, "m5.2xlarge", 2));
    }

    @Test
    void oneStepRunsSparkSubmitInClientModeWithTheStagedInputsAndTheListener() {
        assertThat(REQUEST.steps()).hasSize(1);
        var step = REQUEST.steps().get(0);
        assertThat(step.actionOnFailure()).isEqualTo(ActionOnFailure.TERMINATE_CLUSTER);
        assertThat(step.hadoopJarStep().jar()).isEqualTo("command-runner.jar");
        List<String> args = step.hadoopJarStep().args();
        String prefix = "s3://sparkplane-staging/runs/4f1c2b9e-0000-4000-8000-000000000001/1/";
        assertThat(args.subList(0, 7)).containsExactly("spark-submit", "--master", "yarn", "--deploy-mode", "client", "--name", "daily totals");
        assertThat(args.subList(args.size() - 3, args.size())).containsExactly(prefix + "inputs/0/job.py", "--day", "2026-12-01");
        assertThat(args).containsSubsequence("--jars", "s3://sparkplane-staging/engine/sparkplane-listener.jar," + prefix + "inputs/2/udfs.jar");
        assertThat(args).containsSubsequence("--py-files", prefix + "inputs/1/helpers.zip");
        assertThat(args).containsSubsequence("--files", prefix + "inputs/3/lookup.csv");
        assertThat(args).containsSubsequence("--archives", prefix + "inputs/4/env.tar.gz#env");
        assertThat(args).contains(
                "spark.sql.shuffle.partitions=8",
                "spark.executor.cores=2", "spark.executor.memory=4096m", "spark.driver.memory=2048m",
                "spark.dynamicAllocation.enabled=true", "spark.dynamicAllocation.minExecutors=2", "spark.dynamicAllocation.maxExecutors=6",
                "spark.extraListeners=io.sparkplane.listener.BacklogListener",
                "spark.sparkplane.report.url=https://sparkplane.example.com:8443/internal/v1/runs/4f1c2b9e-0000-4000-8000-000000000001/attempts/1/heartbeat",
                "spark.sparkplane.report.tokenFile=" + prefix + "engine/token");
    }

    @Test
    void neitherTheTokenNorTheControlPlanesStorageCredentialsAreInTheRequest() {
        assertThat(REQUEST.toString()).doesNotContain(EmrTestClusters.TOKEN).doesNotContain(EmrTestClusters.STORAGE_SECRET);
        assertThat(String.join(" ", REQUEST.steps().get(0).hadoopJarStep().args()))
                .doesNotContain(EmrTestClusters.TOKEN).doesNotContain(EmrTestClusters.STORAGE_SECRET).doesNotContain("fs.s3a.secret");
    }

    @Test
    void aSpecWithNothingStagedIsRefused() {
        ClusterSpec unstaged = new ClusterSpec(SPEC.clusterName(), SPEC.resources(), 2, SPEC.idleTimeout(), "", SPEC.launch(), "default");
        assertThatThrownBy(() -> JobFlowRequests.runJobFlow(EmrTestClusters.configuration(Optional.empty()), "aws", unstaged))
                .hasMessageContaining("nothing staged");
    }
}
