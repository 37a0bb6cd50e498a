package io.sparkplane.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Hadoop connector jars for the engine's Spark (hadoop-aws and the AWS SDK modules S3A uses),
 * carried in this module's jar under {@value #PREFIX} and unpacked to a directory engines can put
 * on spark-submit's {@code --jars}. Unpacking is idempotent and atomic per file, so concurrent
 * control planes on one machine may share the directory.
 */
public final class ConnectorJars {

    static final String PREFIX = "io/sparkplane/connectors/jars/";

    private ConnectorJars() {}

    /** The connector jars, unpacked into {@code directory} (created) where not there yet, sorted by name. */
    public static List<Path> unpackTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path source = codeSource();
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(source)) {
            // a build's class directory
            try (Stream<Path> files = Files.list(source.resolve(PREFIX))) {
                for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        jars.add(place(directory, file.getFileName().toString(), Files.size(file), in));
                    }
                }
            }
        } else {
            try (ZipFile zip = new ZipFile(source.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.startsWith(PREFIX) && name.endsWith(".jar") && name.indexOf('/', PREFIX.length()) < 0) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            jars.add(place(directory, name.substring(PREFIX.length()), entry.getSize(), in));
                        }
                    }
                }
            }
        }
        if (jars.isEmpty()) {
            throw new IOException("no connector jars under " + PREFIX + " in " + source + ": the module was built without them");
        }
        jars.sort(null);
        return jars;
    }

    private static Path place(Path directory, String name, long size, InputStream content) throws IOException {
        Path target = directory.resolve(name);
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
            return target;
        }
        Path partial = Files.createTempFile(directory, name, ".part");
        try {
            Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static Path codeSource() {
        CodeSource source = ConnectorJars.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("the code source of " + ConnectorJars.class.getName() + " is unknown");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the code source of " + ConnectorJars.class.getName() + " is not a path: " + source.getLocation(), e);
        }
    }
}
