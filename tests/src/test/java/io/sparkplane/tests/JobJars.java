package io.sparkplane.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Compiles a one-class Java job with the JDK's compiler and packs it as a jar. */
final class JobJars {

    private JobJars() {}

    static Path build(Path directory, String className, String source) throws IOException {
        Path sources = directory.resolve("src");
        Path classes = directory.resolve("classes");
        Path file = sources.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);
        int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(), file.toString());
        if (result != 0) {
            throw new IllegalStateException("javac failed for " + file);
        }
        Path jar = directory.resolve("job.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out); Stream<Path> walk = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(path).toString()));
                jarOut.write(Files.readAllBytes(path));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
