package io.sparkplane.tests;

import io.sparkplane.testkit.localspark.TunedSparkHome;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Spark home the tests' engines run: the .venv's pyspark package (the Spark the local backend
 * runs when its {@code spark-home} is unset) as a {@link TunedSparkHome}, with a {@code conf/} of its
 * own as an operator's Spark home has one: C1 and the serial collector for drivers and executors, one
 * partition by default, and no conf directory on the drivers' class path. The Kubernetes stand-in's
 * pods take the daemons' options from it too; the local backend starts its daemons with these options
 * itself.
 * Made once, in {@code tests/target/spark-home}, and kept: the local backend's class-data archives,
 * which the suite's control planes share ({@link ControlPlaneProcess}), fit only JVMs whose class
 * path names the jars at the paths they were written with, and only while those paths exist.
 */
final class TestSparkHome {

    private static Path home;

    private TestSparkHome() {}

    static synchronized Path path() throws IOException, InterruptedException {
        if (home == null) {
            home = TunedSparkHome.at(ControlPlaneProcess.ROOT.resolve("tests/target/spark-home"), HistoryServerProcess.sparkHome());
        }
        return home;
    }
}
