package io.sparkplane.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.testkit.localspark.SparkWork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LivyWorkTest {

    @Test
    void aBatchRequestIsTheWorkOfOneSparkSubmitWithItsResourcesAsProperties() {
        LivyBatchRequest request = new LivyBatchRequest("abfss://c@a.dfs.core.windows.net/app.jar", Optional.of("alice"),
                Optional.of("org.example.Main"), List.of("--day", "1"), List.of("wasbs://c@a.blob.core.windows.net/lib.jar"),
                List.of(), List.of("abfss://c@a.dfs.core.windows.net/data.csv#data"), List.of("abfss://c@a.dfs.core.windows.net/env.zip"),
                Optional.of("2g"), Optional.of(1), Optional.of("4g"), Optional.of(2), Optional.of(3), Optional.of("default"),
                Optional.of("nightly"), Map.of("spark.driver.memory", "8g", "spark.sql.shuffle.partitions", "4"));

        SparkWork work = LivyWork.of("cluster-batch-7", request);

        assertThat(work.id()).isEqualTo("cluster-batch-7");
        assertThat(work.mainClass()).contains("org.example.Main");
        assertThat(work.mainResource()).isEqualTo("abfss://c@a.dfs.core.windows.net/app.jar");
        assertThat(work.arguments()).containsExactly("--day", "1");
        assertThat(work.jars()).containsExactly("wasbs://c@a.blob.core.windows.net/lib.jar");
        assertThat(work.files()).containsExactly("abfss://c@a.dfs.core.windows.net/data.csv#data");
        assertThat(work.archives()).containsExactly("abfss://c@a.dfs.core.windows.net/env.zip");
        // the request's own fields win over the conf, as spark-submit's options over --conf
        assertThat(work.properties()).containsEntry("spark.driver.memory", "2g")
                .containsEntry("spark.driver.cores", "1")
                .containsEntry("spark.executor.memory", "4g")
                .containsEntry("spark.executor.cores", "2")
                .containsEntry("spark.executor.instances", "3")
                .containsEntry("spark.yarn.queue", "default")
                .containsEntry("spark.app.name", "nightly")
                .containsEntry("spark.sql.shuffle.partitions", "4");
        assertThat(work.driverOutputUri()).as("Livy hands the output over as the batch's log").isEmpty();
    }
}
