package io.sparkplane.spi.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The engine program as the control plane's own installation carries it: what a backend needs to
 * start the engine launcher as a process on the control plane's machine ({@code local}). Backends
 * that run the engine image elsewhere (Kubernetes, the clouds) need none of it.
 */
public interface EngineDistribution {

    /** The launcher's class path: its jar and its dependencies. */
    List<Path> launcherClasspath();

    /** The launcher's main class; it takes the attempt's work directory as its one argument. */
    String launcherMainClass();

    /** The backlog SparkListener's jar for the driver, if the installation has it. */
    Optional<Path> listenerJar();

    /**
     * The Hadoop connector jars for jobs' own {@code s3a://}, {@code gs://}, {@code abfss://} and
     * {@code wasbs://} paths, unpacked on first call; empty when they cannot be (jobs then cannot
     * reach object storage themselves, which the control plane logs).
     */
    List<Path> connectorJars();
}
