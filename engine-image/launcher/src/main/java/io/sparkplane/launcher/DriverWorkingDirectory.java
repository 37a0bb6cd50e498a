package io.sparkplane.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts a run's {@code files} and {@code archives} into the driver's working directory, as the
 * contract says. spark-submit places them in each executor's working directory, but in client mode
 * (the driver runs in the launcher's engine) not in the driver's: a job reading {@code lookup.csv}
 * by its name would find it on executors only. Each file is linked under its name; each archive is
 * unpacked into a directory named by its {@code #alias}, else by its file name, as Spark does for
 * executors. Names the job directory has already are left alone.
 */
final class DriverWorkingDirectory {

    private DriverWorkingDirectory() {}

    /**
     * @param archives local archive paths, each with its {@code #alias} when the run gave one
     * @return what was put there, for the driver log
     */
    static List<String> prepare(List<Path> files, List<String> archives, Path jobDirectory) throws IOException {
        List<String> placed = new ArrayList<>();
        for (Path file : files) {
            Path link = jobDirectory.resolve(file.getFileName().toString());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, file.toAbsolutePath());
                placed.add(link.getFileName().toString());
            }
        }
        for (String archive : archives) {
            int hash = archive.lastIndexOf('#');
            Path path = Path.of(hash > 0 ? archive.substring(0, hash) : archive);
            String name = hash > 0 ? archive.substring(hash + 1) : path.getFileName().toString();
            Path target = jobDirectory.resolve(name).normalize();
            if (!target.getParent().equals(jobDirectory.normalize()) || Files.exists(target)) {
                continue;
            }
            unpack(path, target);
            placed.add(name + "/");
        }
        return placed;
    }

    private static void unpack(Path archive, Path target) throws IOException {
        String lower = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        Files.createDirectories(target);
        if (lower.endsWith(".zip") || lower.endsWith(".jar")) {
            unzip(archive, target);
        } else if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar")) {
            // the system's tar, as Hadoop's FileUtil (and so Spark) unpacks tars; GNU tar keeps entries inside the target
            Process tar = new ProcessBuilder("tar", "-x", "-f", archive.toString(), "-C", target.toString())
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = tar.getInputStream()) {
                output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            }
            try {
                if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                    throw new IOException("tar could not unpack " + archive.getFileName() + (output.isEmpty() ? "" : ": " + output));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted unpacking " + archive.getFileName(), e);
            }
        } else {
            // Spark copies an archive it does not know as is
            Files.copy(archive, target.resolve(archive.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void unzip(Path archive, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException(archive.getFileName() + " has an entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(zip, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
