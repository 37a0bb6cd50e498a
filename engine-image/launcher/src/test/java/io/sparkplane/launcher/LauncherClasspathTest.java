package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherClasspathTest {

    @Test
    void theLaunchersClasspathComesFromWhereItsClassesWereLoaded() {
        List<Path> classpath = LauncherClasspath.fromCodeSources();

        assertThat(classpath).hasSize(6).allSatisfy(entry -> assertThat(entry).exists().isAbsolute());
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("jackson-databind"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("jackson-annotations"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("launcher"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("listener"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("spi"));
    }
}
