package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.at;
import static io.sparkplane.autoscaler.Fixtures.cluster;
import static io.sparkplane.autoscaler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterStateTest {

    static Stream<Arguments> observations() {
        // before, snapshot, expected after (times in seconds, -1 = null)
        return Stream.of(
                Arguments.of("pending tasks start the backlog and mark busy",
                        cluster(2, 1, 8, 4, -1, -1, 0, -1, 0), snapshot(5, 3, 8, 2, 2, -1),
                        cluster(2, 1, 8, 4, -1, -1, 5, 5, 0)),
                Arguments.of("a continuing backlog keeps its start",
                        cluster(2, 1, 8, 4, 4, -1, 4, 3, 2), snapshot(5, 3, 8, 2, 2, -1),
                        cluster(2, 1, 8, 4, 4, -1, 5, 3, 2)),
                Arguments.of("no pending task clears the backlog and the ramp",
                        cluster(2, 1, 8, 4, 4, -1, 4, 3, 2), snapshot(5, 0, 8, 2, 2, -1),
                        cluster(2, 1, 8, 4, 4, -1, 5, -1, 0)),
                Arguments.of("an idle executor without pending tasks is not busy",
                        cluster(2, 1, 8, 4, -1, -1, 4, -1, 0), snapshot(5, 0, 1, 2, 1, -1),
                        cluster(2, 1, 8, 4, -1, -1, 4, -1, 0)),
                Arguments.of("no executor alive counts as no idle executor",
                        cluster(2, 0, 8, 4, -1, -1, 4, -1, 0), snapshot(5, 0, 0, 0, 0, -1),
                        cluster(2, 0, 8, 4, -1, -1, 5, -1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("observations")
    void afterObserving(String name, ClusterState before, BacklogSnapshot snapshot, ClusterState expected) {
        assertThat(before.afterObserving(snapshot)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "resize {0} -> {1}")
    @MethodSource("resizes")
    void afterResize(int from, int to, ClusterState expected) {
        ClusterState before = cluster(from, 0, 16, 4, 1, 2, 3, 3, 1);
        assertThat(before.afterResize(to, at(10))).isEqualTo(expected);
    }

    static Stream<Arguments> resizes() {
        return Stream.of(
                Arguments.of(2, 5, cluster(5, 0, 16, 4, 10, 2, 3, 3, 3)),
                Arguments.of(5, 2, cluster(2, 0, 16, 4, 1, 10, 3, 3, 1)),
                Arguments.of(4, 4, cluster(4, 0, 16, 4, 1, 2, 3, 3, 1)));
    }
}
