package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The moments of one Spark application, read from its event log (a file or a directory of
 * {@code events_*} parts, zstd-compressed as Spark 4 writes them by default, read with the zstd-jni
 * jar of the pyspark package that wrote them): the application's start, its first executor's
 * registration, its first task's launch and its end.
 */
record SparkEventLog(Instant applicationStart, Optional<Instant> firstExecutor, List<Instant> taskLaunches, Optional<Instant> applicationEnd) {

    /** The first task launched at or after {@code moment} (a warm driver ran warm-up tasks before its run came). */
    Optional<Instant> firstTaskAfter(Instant moment) {
        return taskLaunches.stream().filter(launch -> !launch.isBefore(moment)).min(Instant::compareTo);
    }

    Optional<Instant> firstTask() {
        return taskLaunches.stream().min(Instant::compareTo);
    }

    static SparkEventLog read(Path log) throws Exception {
        List<Path> parts;
        if (Files.isDirectory(log)) {
            try (Stream<Path> files = Files.list(log)) {
                parts = files.filter(file -> file.getFileName().toString().startsWith("events_")).sorted().toList();
            }
        } else {
            parts = List.of(log);
        }
        Instant start = null;
        Instant executor = null;
        List<Instant> tasks = new java.util.ArrayList<>();
        Instant end = null;
        for (Path part : parts) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(part), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = SparkplaneClient.JSON.readTree(line);
                    switch (event.path("Event").asText()) {
                        case "SparkListenerApplicationStart" -> start = Instant.ofEpochMilli(event.path("Timestamp").asLong());
                        case "SparkListenerExecutorAdded" -> {
                            if (executor == null && !event.path("Executor ID").asText().equals("driver")) {
                                executor = Instant.ofEpochMilli(event.path("Timestamp").asLong());
                            }
                        }
                        case "SparkListenerTaskStart" -> {
                            tasks.add(Instant.ofEpochMilli(event.path("Task Info").path("Launch Time").asLong()));
                        }
                        case "SparkListenerApplicationEnd" -> end = Instant.ofEpochMilli(event.path("Timestamp").asLong());
                        default -> { }
                    }
                }
            }
        }
        if (start == null) {
            throw new IllegalStateException("no application start in " + log);
        }
        return new SparkEventLog(start, Optional.ofNullable(executor), List.copyOf(tasks), Optional.ofNullable(end));
    }

    /** The one event log under a directory (a bare spark-submit's {@code spark.eventLog.dir}, or an attempt's staged {@code eventlog/}). */
    static Path under(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("eventlog_v2_") || entry.getFileName().toString().startsWith("app-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no event log in " + directory));
        }
    }

    private static InputStream open(Path part) throws Exception {
        InputStream raw = Files.newInputStream(part);
        if (!part.getFileName().toString().endsWith(".zstd")) {
            return raw;
        }
        return (InputStream) zstd().getConstructor(InputStream.class).newInstance(raw);
    }

    private static Class<?> zstdClass;

    private static synchronized Class<?> zstd() throws Exception {
        if (zstdClass == null) {
            Path jars = HistoryServerProcess.sparkHome().resolve("jars");
            Path jar;
            try (Stream<Path> files = Files.list(jars)) {
                jar = files.filter(file -> file.getFileName().toString().startsWith("zstd-jni-")).findFirst().orElseThrow();
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, SparkEventLog.class.getClassLoader());
            zstdClass = loader.loadClass("com.github.luben.zstd.ZstdInputStream");
        }
        return zstdClass;
    }
}
