package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver finds a run's files and unpacked archives in its working directory, as executors do. */
class DriverWorkingDirectoryTest {

    @TempDir
    Path root;

    @Test
    void linksFilesAndUnpacksArchivesUnderTheirAliasOrName() throws Exception {
        Path inputs = Files.createDirectories(root.resolve("inputs"));
        Path job = Files.createDirectories(root.resolve("job"));
        Path csv = Files.writeString(Files.createDirectories(inputs.resolve("0")).resolve("lookup.csv"), "a,b\n");
        Path zip = zip(Files.createDirectories(inputs.resolve("1")).resolve("deps.zip"), "pkg/inner.py", "print(1)\n");
        Path tarSource = Files.createDirectories(root.resolve("tar-source"));
        Files.writeString(tarSource.resolve("model.txt"), "weights\n");
        Path tgz = Files.createDirectories(inputs.resolve("2")).resolve("model.tgz");
        assertThat(new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", tarSource.toString(), "model.txt").start().waitFor()).isZero();

        List<String> placed = DriverWorkingDirectory.prepare(List.of(csv), List.of(zip + "#env", tgz.toString()), job);

        assertThat(placed).containsExactly("lookup.csv", "env/", "model.tgz/");
        assertThat(Files.readString(job.resolve("lookup.csv"))).isEqualTo("a,b\n");
        assertThat(Files.readString(job.resolve("env/pkg/inner.py"))).isEqualTo("print(1)\n");
        assertThat(Files.readString(job.resolve("model.tgz/model.txt"))).isEqualTo("weights\n");
    }

    @Test
    void leavesNamesTheJobDirectoryHasAlone() throws Exception {
        Path job = Files.createDirectories(root.resolve("job"));
        Files.writeString(job.resolve("lookup.csv"), "mine\n");
        Path csv = Files.writeString(root.resolve("lookup.csv"), "theirs\n");
        assertThat(DriverWorkingDirectory.prepare(List.of(csv), List.of(), job)).isEmpty();
        assertThat(Files.readString(job.resolve("lookup.csv"))).isEqualTo("mine\n");
    }

    @Test
    void refusesAZipEntryOutsideItsDirectory() throws Exception {
        Path job = Files.createDirectories(root.resolve("job"));
        Path zip = zip(root.resolve("evil.zip"), "../../escaped.txt", "x");
        assertThatThrownBy(() -> DriverWorkingDirectory.prepare(List.of(), List.of(zip.toString()), job))
                .isInstanceOf(IOException.class).hasMessageContaining("outside its directory");
        assertThat(root.resolve("escaped.txt")).doesNotExist();
    }

    private static Path zip(Path path, String entry, String content) throws IOException {
        try (OutputStream out = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return path;
    }
}
