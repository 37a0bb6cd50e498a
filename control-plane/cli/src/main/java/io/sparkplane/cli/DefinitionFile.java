package io.sparkplane.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file given with {@code -f} that holds a request body in the API's own shape (a run, a job), as
 * YAML or JSON ({@code .json} is read as JSON, anything else as YAML, which JSON is too).
 *
 * @param body      the object it holds
 * @param directory what its relative paths are relative to: the file's own directory
 * @param source    names it in errors: its path
 */
public record DefinitionFile(ObjectNode body, Path directory, String source) {

    /**
     * @param path     as given on the command line, relative to {@code workingDirectory}
     * @param oneObject what to say when it holds something else than one object, such as "a run file holds one object, the body of POST /api/v1/runs"
     */
    public static DefinitionFile read(Path path, Path workingDirectory, ObjectMapper json, String oneObject) {
        Path resolved = workingDirectory.resolve(path).normalize();
        if (!Files.isRegularFile(resolved)) {
            throw CliException.usage("-f: no such file: " + resolved);
        }
        boolean isJson = resolved.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper reader = isJson ? json : new ObjectMapper(new YAMLFactory());
        JsonNode body;
        try {
            body = reader.readTree(resolved.toFile());
        } catch (JsonProcessingException e) {
            throw CliException.usage("-f " + resolved + ": not valid " + (isJson ? "JSON" : "YAML or JSON") + ": "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw CliException.usage("-f: cannot read " + resolved + ": " + e.getMessage());
        }
        if (!(body instanceof ObjectNode object)) {
            throw CliException.usage("-f " + resolved + ": " + oneObject);
        }
        return new DefinitionFile(object, resolved.getParent(), resolved.toString());
    }
}
