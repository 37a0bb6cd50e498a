package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/** What spark-submit runs: a Python file, or a main class in a jar. */
public sealed interface Entrypoint {

    /** Where the main file is: an absolute path or a {@code file:} URI. */
    String location();

    record PythonFile(String location) implements Entrypoint {
        public PythonFile {
            requireNonNull(location, "location is null");
        }
    }

    record Jar(String location, String mainClass) implements Entrypoint {
        public Jar {
            requireNonNull(location, "location is null");
            requireNonNull(mainClass, "mainClass is null");
        }
    }
}
