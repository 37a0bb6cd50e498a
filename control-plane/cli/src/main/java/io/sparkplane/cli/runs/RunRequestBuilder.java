package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.CliException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Builds a run's request body from {@code runs submit}'s options over a run file's body (the API's
 * own shape, from {@code -f run.yaml} or {@code run.json}): options replace the file's fields, and
 * {@code --conf} and {@code --label} replace its entries key by key. Finds the local files it names, which
 * are uploaded as artifacts before the submit. Pure: whether a path is a file is a parameter.
 */
public final class RunRequestBuilder {

    /** A location with a scheme ({@code artifact:}, {@code s3://}, {@code https://}, {@code file:}): the server's business. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A run file's body and the directory its relative paths are relative to.
     *
     * @param source    names it in errors, such as its path
     * @param readsFiles whether its locations without a scheme are files on this machine, to upload (a file given with
     *                  {@code -f}), or the server's as they are (a saved job's template, such as a control-plane path
     *                  {@code /opt/jobs/etl.py}): only files the user named are ever read
     */
    public record RunFile(ObjectNode body, Path directory, String source, boolean readsFiles) {

        /** A file given with {@code -f}, whose local files are uploaded. */
        public RunFile(ObjectNode body, Path directory, String source) {
            this(body, directory, source, true);
        }
    }

    private final Path workingDirectory;
    private final Path home;
    private final Predicate<Path> isFile;

    /**
     * @param workingDirectory against which the command line's relative paths resolve
     * @param home             what a leading {@code ~/} means
     * @param isFile           whether a path is a readable regular file
     */
    public RunRequestBuilder(Path workingDirectory, Path home, Predicate<Path> isFile) {
        this.workingDirectory = workingDirectory;
        this.home = home;
        this.isFile = isFile;
    }

    public RunRequest build(SubmitOptions options, Optional<RunFile> file) {
        ObjectNode body = file.map(f -> f.body().deepCopy()).orElseGet(NODES::objectNode);
        options.name().ifPresent(name -> body.put("name", name));
        options.workspace().ifPresent(workspace -> body.put("workspace", workspace));
        entrypoint(body, options, file.isPresent());
        if (!options.args().isEmpty() || !body.has("args") && file.isEmpty()) {
            ArrayNode args = body.putArray("args");
            options.args().forEach(args::add);
        }
        list(body, "pyFiles", options.pyFiles());
        list(body, "jars", options.jars());
        list(body, "files", options.files());
        list(body, "archives", options.archives());
        entries(body, "sparkConf", options.conf());
        options.driverCores().ifPresent(cores -> object(object(body, "resources"), "driver").put("cores", cores));
        options.driverMemory().ifPresent(memory -> object(object(body, "resources"), "driver").put("memory", memory));
        options.executorCores().ifPresent(cores -> object(object(body, "resources"), "executor").put("cores", cores));
        options.executorMemory().ifPresent(memory -> object(object(body, "resources"), "executor").put("memory", memory));
        options.autoscalingPolicy().ifPresent(policy -> object(body, "autoscaling").put("policy", policy));
        options.minExecutors().ifPresent(count -> object(body, "autoscaling").put("minExecutors", count));
        options.maxExecutors().ifPresent(count -> object(body, "autoscaling").put("maxExecutors", count));
        options.backend().ifPresent(backend -> body.put("backend", backend));
        options.timeout().ifPresent(timeout -> body.put("timeoutSeconds", timeout.toSeconds()));
        options.maxRetries().ifPresent(retries -> body.put("maxRetries", retries));
        entries(body, "labels", options.labels());

        List<RunRequest.LocalInput> locals = new ArrayList<>();
        Path fileDirectory = file.map(RunFile::directory).orElse(workingDirectory);
        // a saved job's own locations are the server's: never read (nor uploaded) from this machine
        boolean fileReadsFiles = file.map(RunFile::readsFiles).orElse(true);
        JsonNode entrypoint = body.path("entrypoint");
        for (String key : List.of("pythonFile", "jar")) {
            if (entrypoint.path(key).isTextual()) {
                boolean fromOptions = options.entrypoint().isPresent();
                if (!fromOptions && !fileReadsFiles) {
                    continue;
                }
                local("/entrypoint/" + key, "entrypoint." + key, entrypoint.get(key).asText(), fromOptions ? workingDirectory : fileDirectory,
                        false, fromOptions ? "ENTRYPOINT" : fileSource(file) + " entrypoint." + key).ifPresent(locals::add);
            }
        }
        for (String key : List.of("pyFiles", "jars", "files", "archives")) {
            JsonNode values = body.path(key);
            List<String> fromOptions = switch (key) {
                case "pyFiles" -> options.pyFiles();
                case "jars" -> options.jars();
                case "files" -> options.files();
                default -> options.archives();
            };
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isTextual()) {
                    boolean fromOption = !fromOptions.isEmpty();
                    if (!fromOption && !fileReadsFiles) {
                        continue;
                    }
                    String option = fromOption ? "--" + optionName(key) : fileSource(file) + " " + key + "[" + i + "]";
                    local("/" + key + "/" + i, key + "[" + i + "]", values.get(i).asText(), fromOption ? workingDirectory : fileDirectory,
                            key.equals("archives"), option).ifPresent(locals::add);
                }
            }
        }
        return new RunRequest(body, locals);
    }

    private void entrypoint(ObjectNode body, SubmitOptions options, boolean hasFile) {
        if (options.entrypoint().isPresent()) {
            String location = options.entrypoint().get();
            boolean jar = options.mainClass().isPresent() || location.toLowerCase(Locale.ROOT).endsWith(".jar");
            ObjectNode entrypoint = body.putObject("entrypoint");
            if (jar) {
                if (options.mainClass().isEmpty()) {
                    throw CliException.usage("a jar entrypoint needs its main class: --class org.example.Main");
                }
                entrypoint.put("jar", location);
                entrypoint.put("mainClass", options.mainClass().get());
            } else {
                entrypoint.put("pythonFile", location);
            }
            return;
        }
        if (!hasFile || !body.has("entrypoint")) {
            throw CliException.usage(hasFile ? "the run file names no entrypoint, and none was given after the options"
                    : "what to run is missing: give ENTRYPOINT (a .py or .jar file, an artifact ref or a URI) or -f run.yaml");
        }
        if (options.mainClass().isPresent()) {
            if (!body.path("entrypoint").has("jar")) {
                throw CliException.usage("--class is for a jar entrypoint; the run file's is a Python file");
            }
            ((ObjectNode) body.get("entrypoint")).put("mainClass", options.mainClass().get());
        }
    }

    private Optional<RunRequest.LocalInput> local(String pointer, String field, String value, Path base, boolean archive, String source) {
        if (SCHEME.matcher(value).matches()) {
            return Optional.empty();
        }
        String path = value;
        String suffix = "";
        int hash = value.indexOf('#');
        if (archive && hash > 0) {
            path = value.substring(0, hash);
            suffix = value.substring(hash);
        }
        Path resolved = path.equals("~") || path.startsWith("~/") ? home.resolve(path.substring(Math.min(2, path.length()))) : base.resolve(path);
        resolved = resolved.normalize();
        if (!isFile.test(resolved)) {
            throw CliException.usage(source + ": no such file: " + resolved + " (name a local file to upload, or an artifact:sha256:..., s3://,"
                    + " gs://, abfss://, wasbs://, https:// or file: location)");
        }
        return Optional.of(new RunRequest.LocalInput(pointer, field, resolved, suffix));
    }

    private static void list(ObjectNode body, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        ArrayNode array = body.putArray(key);
        values.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).filter(value -> !value.isEmpty()).forEach(array::add);
    }

    private static void entries(ObjectNode body, String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode object = object(body, key);
            new java.util.TreeMap<>(values).forEach(object::put);
        }
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(key);
    }

    private static String fileSource(Optional<RunFile> file) {
        return file.map(RunFile::source).orElse("the run file");
    }

    static String optionName(String key) {
        return switch (key) {
            case "pyFiles" -> "py-files";
            default -> key;
        };
    }
}
