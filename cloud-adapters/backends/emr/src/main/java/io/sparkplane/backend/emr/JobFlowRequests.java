package io.sparkplane.backend.emr;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * The {@code RunJobFlow} request of an attempt: a transient cluster ({@code
 * KeepJobFlowAliveWhenNoSteps=false}) of a master, the profile's CORE instances and a TASK group of
 * the attempt's first worker count, running one step: {@code spark-submit} through {@code
 * command-runner.jar}, in client mode, so the driver runs on the master and its output is the step's
 * own log. Pure.
 */
final class JobFlowRequests {

    static final String TASK_GROUP = "sparkplane-task";
    static final String COMMAND_RUNNER = "command-runner.jar";

    private JobFlowRequests() {}

    static RunJobFlowRequest runJobFlow(EmrBackendConfiguration configuration, String profile, ClusterSpec spec) {
        StagedAttempt staged = staged(spec);
        LaunchSpec launch = spec.launch();
        List<InstanceGroupConfig> groups = new ArrayList<>();
        groups.add(group("sparkplane-master", InstanceRoleType.MASTER, configuration.masterInstanceType(), 1));
        if (configuration.coreInstanceCount() > 0) {
            groups.add(group("sparkplane-core", InstanceRoleType.CORE, configuration.coreInstanceType(), configuration.coreInstanceCount()));
        }
        groups.add(group(TASK_GROUP, InstanceRoleType.TASK, configuration.taskInstanceType(), spec.initialWorkers()));
        JobFlowInstancesConfig.Builder instances = JobFlowInstancesConfig.builder()
                .instanceGroups(groups)
                .keepJobFlowAliveWhenNoSteps(false)
                .terminationProtected(false);
        configuration.subnetId().ifPresent(instances::ec2SubnetId);
        RunJobFlowRequest.Builder request = RunJobFlowRequest.builder()
                .name(spec.clusterName())
                .releaseLabel(configuration.releaseLabel())
                .applications(Application.builder().name("Spark").build())
                .logUri(staged.logs())
                .serviceRole(configuration.serviceRole())
                .jobFlowRole(configuration.instanceProfile())
                .instances(instances.build())
                .steps(step(spec, staged))
                .tags(EmrTags.of(configuration.tags(), profile, spec.clusterName(), launch.runId(), launch.attempt()).entrySet().stream()
                        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList())
                .visibleToAllUsers(true);
        configuration.securityConfiguration().ifPresent(request::securityConfiguration);
        return request.build();
    }

    /** Where EMR writes the cluster's logs, the step's stdout and stderr among them: the attempt's staging. */
    static String logUri(ClusterSpec spec) {
        return staged(spec).logs();
    }

    private static StagedAttempt staged(ClusterSpec spec) {
        return spec.staged().orElseThrow(() -> new IllegalArgumentException(
                "cluster " + spec.clusterName() + " has nothing staged: the emr backend runs only service-hosted attempts"));
    }

    static StepConfig step(ClusterSpec spec, StagedAttempt staged) {
        return StepConfig.builder()
                .name("sparkplane " + spec.clusterName() + " (" + spec.launch().runName() + ")")
                .actionOnFailure(ActionOnFailure.TERMINATE_CLUSTER)
                .hadoopJarStep(HadoopJarStepConfig.builder().jar(COMMAND_RUNNER).args(sparkSubmit(spec, staged)).build())
                .build();
    }

    /** {@code spark-submit} with the run's staged inputs and the service conf; the order spark-submit reads. */
    static List<String> sparkSubmit(ClusterSpec spec, StagedAttempt staged) {
        LaunchSpec launch = spec.launch();
        List<String> command = new ArrayList<>(List.of("spark-submit", "--master", "yarn", "--deploy-mode", "client", "--name", launch.runName()));
        for (Map.Entry<String, String> conf : ServiceSparkConf.of(spec, staged).entrySet()) {
            command.add("--conf");
            command.add(conf.getKey() + "=" + conf.getValue());
        }
        List<String> jars = new ArrayList<>();
        jars.add(staged.listenerJar());
        jars.addAll(launch.jars());
        command.add("--jars");
        command.add(String.join(",", jars));
        option(command, "--py-files", launch.pyFiles());
        option(command, "--files", launch.files());
        option(command, "--archives", launch.archives());
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            command.add("--class");
            command.add(jar.mainClass());
        }
        command.add(launch.entrypoint().location());
        command.addAll(launch.args());
        return command;
    }

    private static void option(List<String> command, String option, List<String> values) {
        if (!values.isEmpty()) {
            command.add(option);
            command.add(String.join(",", values));
        }
    }

    private static InstanceGroupConfig group(String name, InstanceRoleType role, String type, int count) {
        return InstanceGroupConfig.builder().name(name).instanceRole(role).instanceType(type).instanceCount(count)
                .market(MarketType.ON_DEMAND).build();
    }
}
