package io.sparkplane.controlplane.bootstrap;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the control plane. With no database configured ({@code SPARKPLANE_DB_URL}), it first
 * starts an embedded PostgreSQL with its data under {@code ~/.sparkplane/postgres}.
 */
@QuarkusMain
public final class SparkplaneMain {

    private SparkplaneMain() {}

    public static void main(String... args) throws Exception {
        String configuredUrl = firstNonBlank(System.getProperty("quarkus.datasource.jdbc.url"), System.getenv("SPARKPLANE_DB_URL"));
        if (configuredUrl != null) {
            Quarkus.run(args);
            return;
        }
        Path home = Path.of(firstNonBlank(System.getenv("SPARKPLANE_HOME"), System.getProperty("user.home") + "/.sparkplane"));
        EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("postgres"));
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", database.user());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // JVM shutdown hooks run at once: this one waits for Quarkus's own to have stopped the application,
            // so that no loop's query (and no shutdown observer) meets a database that is already gone
            awaitApplicationStop(Duration.ofSeconds(30));
            closeQuietly(database);
        }, "embedded-postgres-stop"));
        try {
            Quarkus.run(args);
        } finally {
            closeQuietly(database);
        }
    }

    private static void awaitApplicationStop(Duration atMost) {
        Application application = Application.currentApplication();
        if (application == null) {
            return;
        }
        Thread waiter = new Thread(application::awaitShutdown, "await-application-stop");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(atMost.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(EmbeddedDatabase database) {
        try {
            database.close();
        } catch (Exception e) {
            System.err.println("stopping the embedded PostgreSQL failed: " + e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
