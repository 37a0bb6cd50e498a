package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ListenerJarTest {

    @Test
    void pointsAtTheClassesOfTheListener() {
        assertThat(ListenerJar.LISTENER_CLASS).isEqualTo(BacklogListener.class.getName());
        assertThat(Files.isRegularFile(ListenerJar.location().resolve("io/sparkplane/listener/BacklogListener.class"))).isTrue();
    }
}
