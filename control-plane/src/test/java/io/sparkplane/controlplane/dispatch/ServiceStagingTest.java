package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceStagingTest {

    @Test
    void aStagedInputIsNamedAsTheLauncherNamesItsFetchedCopy() {
        assertThat(ServiceStaging.fileName("artifact:sha256:" + "a".repeat(64) + "/job.py")).isEqualTo("job.py");
        assertThat(ServiceStaging.fileName("s3://data/libs/helpers-1.2.zip?versionId=3")).isEqualTo("helpers-1.2.zip");
        assertThat(ServiceStaging.fileName("https://example.com/env.tar.gz#env")).isEqualTo("env.tar.gz");
        assertThat(ServiceStaging.fileName("s3://data/dir/")).isEqualTo("input");
    }

    @Test
    void whatWouldSplitAServicesOptionListIsReplaced() {
        assertThat(ServiceStaging.fileName("s3://data/a,b.jar")).isEqualTo("a_b.jar");
        assertThat(ServiceStaging.fileName("/jobs/my job%20v2.py")).isEqualTo("my_job_20v2.py");
    }
}
