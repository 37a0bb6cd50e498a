package io.sparkplane.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorJarsTest {

    @Test
    void unpacksTheS3GcsAndAzureConnectorsWithoutWhatSparkAlreadyHas(@TempDir Path directory) throws Exception {
        List<Path> jars = ConnectorJars.unpackTo(directory);

        List<String> names = jars.stream().map(jar -> jar.getFileName().toString()).toList();
        assertThat(names).anyMatch(name -> name.startsWith("hadoop-aws-3.4.1"))
                .anyMatch(name -> name.startsWith("s3-2."))
                .anyMatch(name -> name.startsWith("apache-client-2."))
                .anyMatch(name -> name.equals("gcs-connector-3.1.3-shaded.jar"))
                .anyMatch(name -> name.startsWith("hadoop-azure-3.4.1"))
                .anyMatch(name -> name.startsWith("azure-storage-7."))
                .noneMatch(name -> name.matches("(netty-(buffer|common|codec|handler|transport)|slf4j-api|httpclient-4|httpcore-4).*"));
        assertThat(jars).allMatch(Files::isRegularFile).allMatch(jar -> jar.startsWith(directory));

        long modified = Files.getLastModifiedTime(jars.get(0)).toMillis();
        Thread.sleep(20);
        assertThat(ConnectorJars.unpackTo(directory)).isEqualTo(jars);
        assertThat(Files.getLastModifiedTime(jars.get(0)).toMillis()).as("an unpacked jar is not written again").isEqualTo(modified);
    }
}
