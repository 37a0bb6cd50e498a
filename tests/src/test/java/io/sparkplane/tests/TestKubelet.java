package io.sparkplane.tests;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the kubelet, for an API server that has none (Fabric8's mock server in CRUD mode):
 * it watches the pods of a namespace and runs each pod's container command as a local process, the
 * way a node would run the engine image, then writes the pod's phase and container state back —
 * {@code Pending → Running → Succeeded | Failed}, exit codes, the container's termination message.
 *
 * <p>Where it differs from a node, on purpose and nowhere else:
 * <ul>
 *   <li>the "image" is this machine: the entrypoint is the repository's {@code engine-image/entrypoint.sh},
 *       {@code /opt/sparkplane} is what {@code engine-image/image} assembled, Spark and Python come
 *       from the project's {@code .venv}, Java is the test's own;
 *   <li>every pod's IP is 127.0.0.1, each volume a private directory (secret volumes hold the
 *       secret's files), and environment values naming a mount path are rewritten to that directory;
 *   <li>it is also the cluster's DNS: every service name ({@code <name>.<namespace>.svc}) resolves to
 *       127.0.0.1, through a hosts file handed to every JVM of the pod ({@code -Djdk.net.hosts.file});
 *   <li>deleting a pod sends SIGTERM to its process group, SIGKILL after the pod's grace period;
 *   <li>an image named in {@link #failPulls} is never run: its pods wait in {@code ErrImagePull};
 *       a pod named in {@link #killForMemory} is killed and reported {@code OOMKilled}.
 * </ul>
 *
 * <p>{@link #startingNothing} makes one that runs no process at all: every pod is reported Running
 * (pod IP 127.0.0.1, its container running) and stays so until deleted. Benchmarks use it to measure
 * what the control plane costs without engines sharing the machine; such pods never end on their own.
 */
final class TestKubelet implements AutoCloseable {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String IMAGE_ENTRYPOINT = "/opt/sparkplane/entrypoint.sh";

    /** The engine image's stand-ins on this machine. */
    record Image(Path entrypoint, Path sparkplaneHome, Path sparkHome, Path python, Path javaHome) {}

    private final KubernetesClient client;
    private final String namespace;
    /** False for {@link #startingNothing}; then {@link #image} is null. */
    private final boolean startsProcesses;
    private final Image image;
    private final Path root;
    private final Path hostsFile;
    private final Set<String> failingImages = ConcurrentHashMap.newKeySet();
    private final Set<String> outOfMemory = ConcurrentHashMap.newKeySet();
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    /** Pods deleted, by {@link #identity}: a start that its pod's delete overtook stops what it started. */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final ExecutorService work = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedIndexInformer<Pod> pods;

    TestKubelet(KubernetesClient client, String namespace, Image image, Path root) throws IOException {
        this(client, namespace, requireNonNull(image, "image is null"), root, true);
    }

    /** A kubelet that reports every pod Running and runs nothing, so only the pods' API traffic costs. */
    static TestKubelet startingNothing(KubernetesClient client, String namespace, Path root) throws IOException {
        return new TestKubelet(client, namespace, null, root, false);
    }

    private TestKubelet(KubernetesClient client, String namespace, Image image, Path root, boolean startsProcesses) throws IOException {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.startsProcesses = startsProcesses;
        this.image = image;
        this.root = Files.createDirectories(root);
        this.hostsFile = root.resolve("hosts");
        writeHosts();
        this.pods = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                work.submit(() -> start(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (after.getMetadata().getDeletionTimestamp() != null) {
                    work.submit(() -> stop(after));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                work.submit(() -> stop(pod));
            }
        });
    }

    /** Pods of this image wait in ErrImagePull instead of running, until {@link #allowPulls}. */
    void failPulls(String imageName) {
        failingImages.add(imageName);
    }

    void allowPulls(String imageName) {
        failingImages.remove(imageName);
    }

    /** Kills the pod's processes now and reports its container OOMKilled, as a node's memory cgroup would. */
    void killForMemory(String podName) {
        outOfMemory.add(podName);
        Process process = running.get(podName);
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The processes the kubelet runs now, by pod name. */
    Set<String> runningPods() {
        return Set.copyOf(running.keySet());
    }

    private void start(Pod pod) {
        String name = pod.getMetadata().getName();
        if (running.containsKey(name) || pod.getMetadata().getDeletionTimestamp() != null || deleted.contains(identity(pod))) {
            return;
        }
        Container container = pod.getSpec().getContainers().get(0);
        if (failingImages.contains(container.getImage())) {
            report(name, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                    .withName(container.getName()).withImage(container.getImage()).withReady(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason("ErrImagePull")
                    .withMessage("failed to pull image \"" + container.getImage() + "\": not found (the test kubelet's pull failure)")
                    .endWaiting().endState().build()));
            return;
        }
        if (!startsProcesses) {
            report(name, running(container));
            return;
        }
        try {
            Path directory = Files.createDirectories(root.resolve(name));
            Map<String, Path> mounts = mounts(pod, container, directory);
            Path terminationMessage = directory.resolve("termination-log");
            Files.deleteIfExists(terminationMessage);
            writeHosts();
            ProcessBuilder builder = new ProcessBuilder(command(container))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("container.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(container, mounts, terminationMessage));
            Process process = builder.start();
            running.put(name, process);
            if (deleted.contains(identity(pod))) {
                // deleted while it was being started (a loaded machine): that delete found no process to stop
                work.submit(() -> stop(pod));
            }
            report(name, running(container));
            int exitCode = process.waitFor();
            running.remove(name);
            String message = Files.exists(terminationMessage) ? Files.readString(terminationMessage, StandardCharsets.UTF_8) : null;
            boolean killedForMemory = outOfMemory.remove(name);
            String reason = killedForMemory ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
            report(name, new PodStatusBuilder().withPhase(exitCode == 0 && !killedForMemory ? "Succeeded" : "Failed")
                    .withPodIP("127.0.0.1").withHostIP("127.0.0.1")
                    .withContainerStatuses(terminated(container, killedForMemory ? 137 : exitCode, reason, message)));
        } catch (IOException e) {
            report(name, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                    .withName(container.getName()).withNewState().withNewWaiting().withReason("CreateContainerError")
                    .withMessage(e.getMessage()).endWaiting().endState().build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PodStatusBuilder running(Container container) {
        return new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1").withHostIP("127.0.0.1")
                .withStartTime(Instant.now().toString())
                .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                        .withReady(true).withRestartCount(0).withStarted(true)
                        .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState().build());
    }

    /** A pod as distinct from a later one of the same name: its uid, which the mock server gives every pod it creates. */
    private static String identity(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid != null ? uid : pod.getMetadata().getName() + "@" + pod.getMetadata().getCreationTimestamp();
    }

    private static ContainerStatus terminated(Container container, int exitCode, String reason, String message) {
        return new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage()).withReady(false)
                .withRestartCount(0).withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withMessage(message).withFinishedAt(Instant.now().toString()).endTerminated().endState().build();
    }

    /** Deleted: SIGTERM to the process group, SIGKILL once the pod's grace period is over. */
    private void stop(Pod pod) {
        deleted.add(identity(pod));
        Process process = running.get(pod.getMetadata().getName());
        if (process == null) {
            return;
        }
        long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : pod.getSpec().getTerminationGracePeriodSeconds();
        process.destroy();
        try {
            if (!process.waitFor(Math.max(1, grace), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private List<String> command(Container container) {
        List<String> command = new ArrayList<>();
        if (container.getCommand() != null) {
            command.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            command.addAll(container.getArgs());
        }
        if (command.isEmpty() || !command.get(0).equals(IMAGE_ENTRYPOINT)) {
            throw new IllegalStateException("the test kubelet runs the engine image's entrypoint only, not " + command);
        }
        // setsid: the pod's processes are one group, as a container's are
        command.set(0, image.entrypoint().toString());
        command.add(0, "setsid");
        return command;
    }

    /** Each volume a private directory; a secret volume holds the secret's keys as files. */
    private Map<String, Path> mounts(Pod pod, Container container, Path directory) throws IOException {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            volumes.put(volume.getName(), volume);
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Path local = Files.createDirectories(directory.resolve("volumes").resolve(mount.getName()));
            Volume volume = volumes.get(mount.getName());
            if (volume != null && volume.getSecret() != null) {
                Secret secret = awaitSecret(volume.getSecret().getSecretName());
                for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
                    Files.write(local.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
                }
            }
            mounts.put(mount.getMountPath(), local);
        }
        return mounts;
    }

    /** A pod may be created before its secret: the kubelet waits for it, as a node retries the mount. */
    private Secret awaitSecret(String name) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            if (secret != null) {
                return secret;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("secret " + name + " not found within 30 s");
    }

    private Map<String, String> environment(Container container, Map<String, Path> mounts, Path terminationMessage) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", root.toString());
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value;
            if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
                value = switch (variable.getValueFrom().getFieldRef().getFieldPath()) {
                    case "status.podIP", "status.hostIP" -> "127.0.0.1";
                    default -> "";
                };
            } else {
                value = variable.getValue() == null ? "" : expand(variable.getValue(), environment);
            }
            environment.put(variable.getName(), local(value, mounts, terminationMessage));
        }
        environment.put("SPARK_HOME", image.sparkHome().toString());
        environment.put("SPARKPLANE_HOME", image.sparkplaneHome().toString());
        environment.put("PYSPARK_PYTHON", image.python().toString());
        environment.put("JAVA_HOME", image.javaHome().toString());
        environment.put("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hostsFile);
        return environment;
    }

    /** Kubernetes' {@code $(VAR)} expansion over the variables defined before. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    private static String local(String value, Map<String, Path> mounts, Path terminationMessage) {
        if (value.equals("/dev/termination-log")) {
            return terminationMessage.toString();
        }
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + value.substring(mount.getKey().length());
            }
        }
        return value;
    }

    /** Every service of the namespace resolves to 127.0.0.1, beside the names a JVM on this machine needs. */
    private synchronized void writeHosts() throws IOException {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost ").append(InetAddress.getLocalHost().getHostName());
        try {
            for (Service service : client.services().inNamespace(namespace).list().getItems()) {
                String name = service.getMetadata().getName();
                hosts.append(' ').append(name).append('.').append(namespace).append(".svc")
                        .append(' ').append(name).append('.').append(namespace).append(".svc.cluster.local");
            }
        } catch (KubernetesClientException e) {
            // the API server is going away; the names known so far stay
        }
        hosts.append("\n::1 localhost\n");
        Files.writeString(hostsFile, hosts);
    }

    private void report(String podName, PodStatusBuilder status) {
        try {
            Pod current = client.pods().inNamespace(namespace).withName(podName).get();
            if (current == null) {
                return;
            }
            current.setStatus(status.build());
            client.pods().inNamespace(namespace).resource(current).updateStatus();
        } catch (KubernetesClientException e) {
            // deleted meanwhile
        }
    }

    @Override
    public void close() {
        pods.close();
        for (Process process : running.values()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        work.shutdownNow();
    }
}
