package io.sparkplane.controlplane.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sparkplane.controlplane.bootstrap.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real PostgreSQL (zonky's embedded binaries) in a fresh directory for one test run. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            Path home = Files.createTempDirectory("sparkplane-test-");
            database = EmbeddedDatabase.start(home.resolve("postgres"));
            return Map.of(
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", database.user(),
                    "sparkplane.home", home.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (database != null) {
                database.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
