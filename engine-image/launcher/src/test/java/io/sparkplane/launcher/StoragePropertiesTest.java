package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePropertiesTest {

    @Test
    void writesTheConfForSparkSubmitReadableByItsOwnerOnly(@TempDir java.nio.file.Path directory) throws Exception {
        WorkDirectory work = new WorkDirectory(directory);
        LaunchSpec spec = new LaunchSpec("r", 1, "n", "http://cp", "t", new Entrypoint.PythonFile("/a.py"), List.of(), List.of(),
                List.of(), List.of(), List.of(), Map.of(),
                Map.of("spark.hadoop.fs.s3a.secret.key", "s3cr3t=with:odd chars", "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"),
                new EngineResources(1, 512, 1, 512, 1, 1));

        StorageProperties.write(spec, work);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.storageProperties()))).isEqualTo("rw-------");
        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(work.storageProperties())) {
            read.load(reader);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(spec.storageConf());
    }
}
