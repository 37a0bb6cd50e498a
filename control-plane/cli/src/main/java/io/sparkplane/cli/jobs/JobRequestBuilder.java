package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.DefinitionFile;
import io.sparkplane.cli.runs.RunRequest;
import io.sparkplane.cli.runs.RunRequestBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a job's request body from {@code jobs create}'s or {@code jobs update}'s options over a base:
 * a job file in the API's own shape ({@code -f job.yaml}, the body of {@code POST /api/v1/jobs}), or the
 * job as it is now. Options replace the base's fields; {@code --param}, {@code --label} and the
 * template's {@code --conf} and {@code --run-label} replace its entries one by one. The template is
 * built as {@code runs submit} builds a run ({@link RunRequestBuilder}), so its local files are found
 * the same way, relative to the job file, and uploaded as artifacts before the job is saved: a saved
 * job cannot name a file on the machine that saved it. Pure: whether a path is a file is the run
 * builder's parameter.
 */
public final class JobRequestBuilder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path workingDirectory;
    private final RunRequestBuilder runs;

    /**
     * @param workingDirectory against which the command line's relative paths resolve
     * @param runs             builds the template; made with the same working directory
     */
    public JobRequestBuilder(Path workingDirectory, RunRequestBuilder runs) {
        this.workingDirectory = workingDirectory;
        this.runs = runs;
    }

    /** @param base a job file given with {@code -f}, whose local files are uploaded; or none */
    public JobRequest build(JobOptions options, Optional<DefinitionFile> base) {
        return build(options, base, true);
    }

    /**
     * {@code jobs update}'s options over the job as it is now: the saved job's locations are the server's
     * (a control-plane path such as {@code /opt/jobs/etl.py} is not a file of this machine), so only the
     * files the options name are read and uploaded.
     *
     * @param saved the job's definition ({@link JobDefinitions#of}); its directory is the working directory
     */
    public JobRequest overSavedJob(JobOptions options, DefinitionFile saved) {
        return build(options, Optional.of(saved), false);
    }

    private JobRequest build(JobOptions options, Optional<DefinitionFile> base, boolean baseReadsFiles) {
        ObjectNode body = base.map(b -> b.body().deepCopy()).orElseGet(NODES::objectNode);
        // a job as the API shows it (jobs get -o yaml > job.yaml) is a job file too: what the control plane sets is left out
        body.remove(JobDefinitions.SHOWN_ONLY);
        String source = base.map(DefinitionFile::source).orElse("the command line");
        JsonNode given = body.path("template");
        if (!given.isMissingNode() && !given.isObject()) {
            throw CliException.usage(source + ": template must be an object, a run as POST /api/v1/runs takes it (without workspace)");
        }
        ObjectNode template = given.isObject() ? (ObjectNode) given : NODES.objectNode();
        if (options.template().entrypoint().isEmpty() && !template.has("entrypoint")) {
            throw CliException.usage(base.isPresent() ? source + " has no template.entrypoint, and no ENTRYPOINT was given"
                    : "what to run is missing: give ENTRYPOINT (a .py or .jar file, an artifact ref or a URI) or -f job.yaml");
        }
        RunRequest run = runs.build(options.template(),
                Optional.of(new RunRequestBuilder.RunFile(template, base.map(DefinitionFile::directory).orElse(workingDirectory), source + " template",
                        baseReadsFiles)));
        body.set("template", run.body());

        options.name().ifPresent(name -> body.put("name", name));
        options.workspace().ifPresent(workspace -> body.put("workspace", workspace));
        options.description().ifPresent(description -> {
            if (description.equals("none")) {
                body.remove("description");
            } else {
                body.put("description", description);
            }
        });
        for (String parameter : options.parameters()) {
            declare(body, parameter);
        }
        options.maxConcurrentRuns().ifPresent(count -> body.put("maxConcurrentRuns", count));
        options.concurrencyPolicy().ifPresent(policy -> body.put("concurrencyPolicy", policy.toUpperCase(Locale.ROOT)));
        if (!options.labels().isEmpty()) {
            ObjectNode labels = body.get("labels") instanceof ObjectNode existing ? existing : body.putObject("labels");
            new TreeMap<>(options.labels()).forEach(labels::put);
        }
        if (!body.path("name").isTextual()) {
            throw CliException.usage("a job needs a name: --name NAME" + base.map(b -> ", or name: in " + b.source()).orElse(""));
        }
        // a secret sparkConf value the API shows as *** is sent back as it is: the control plane keeps the stored secret for it
        return new JobRequest(body, run);
    }

    /**
     * {@code NAME=DEFAULT} declares a parameter with a default, a bare {@code NAME} one every run must
     * give; either replaces the base's parameter of that name (keeping its description) or comes after them.
     */
    private static void declare(ObjectNode body, String parameter) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        Optional<String> defaultValue = equals < 0 ? Optional.empty() : Optional.of(parameter.substring(equals + 1));
        if (name.isBlank()) {
            throw CliException.usage("--param: '" + parameter + "' names no parameter; give NAME=DEFAULT, or NAME for one every run must give");
        }
        ArrayNode parameters = body.get("parameters") instanceof ArrayNode existing ? existing : body.putArray("parameters");
        ObjectNode declared = null;
        for (JsonNode existing : parameters) {
            if (existing instanceof ObjectNode object && name.equals(object.path("name").asText(null))) {
                declared = object;
            }
        }
        if (declared == null) {
            declared = parameters.addObject();
            declared.put("name", name);
        }
        if (defaultValue.isPresent()) {
            declared.put("default", defaultValue.get());
        } else {
            declared.remove("default");
        }
    }

    /** The option behind each field of a job's body, for an error's field hints; the template's are {@code runs submit}'s. */
    static Map<String, String> fieldOptions(Map<String, String> runOptions) {
        Map<String, String> options = new TreeMap<>(Map.of("name", "--name", "workspace", "--workspace", "description", "--description",
                "parameters", "--param", "maxConcurrentRuns", "--max-concurrent-runs", "concurrencyPolicy", "--concurrency-policy",
                "labels", "--label", "template", "ENTRYPOINT"));
        runOptions.forEach((field, option) -> {
            if (!field.equals("workspace") && !field.startsWith("header:")) {
                options.put("template." + field, option);
            }
        });
        options.put("template.name", "--run-name");
        options.put("template.labels", "--run-label");
        return options;
    }
}
