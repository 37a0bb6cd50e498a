package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class S3RangedDownloadTest {

    @Test
    void rangesCoverTheObjectWithoutGapsOrOverlap() {
        assertThat(S3RangedDownload.ranges(20, 8)).containsExactly(new long[] {0, 7}, new long[] {8, 15}, new long[] {16, 19});
        assertThat(S3RangedDownload.ranges(16, 8)).containsExactly(new long[] {0, 7}, new long[] {8, 15});
        assertThat(S3RangedDownload.ranges(1, 8)).containsExactly(new long[] {0, 0});
        assertThat(S3RangedDownload.ranges(0, 8)).isEqualTo(List.of());
    }
}
