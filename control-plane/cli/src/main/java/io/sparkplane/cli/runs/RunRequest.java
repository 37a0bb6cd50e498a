package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's request body as the API takes it, with the local files it names still to be uploaded.
 *
 * @param body   the body; each local file's place holds its path until {@link #use} puts its artifact ref there
 * @param locals the local files, in the order they appear
 */
public record RunRequest(ObjectNode body, List<LocalInput> locals) {

    /**
     * A local file named where the API takes a location.
     *
     * @param pointer the JSON pointer of its place in the body, such as {@code /pyFiles/1}
     * @param field   the body's field as the API names it in errors, such as {@code pyFiles[1]}
     * @param path    the file
     * @param suffix  what follows the path (an archive's {@code #alias}), kept after the ref
     */
    public record LocalInput(String pointer, String field, Path path, String suffix) {}

    public RunRequest {
        locals = List.copyOf(locals);
    }

    /** Puts an uploaded file's artifact ref (and its suffix) in its place. */
    public void use(LocalInput local, String ref) {
        int slash = local.pointer().lastIndexOf('/');
        JsonNode parent = body.at(local.pointer().substring(0, slash));
        String last = local.pointer().substring(slash + 1);
        String value = ref + local.suffix();
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), array.textNode(value));
        } else if (parent instanceof ObjectNode object) {
            object.put(last, value);
        } else {
            throw new IllegalStateException("no place " + local.pointer() + " in the run's body");
        }
    }

    /** The workspace the body names, if it names one. */
    public java.util.Optional<String> workspace() {
        return java.util.Optional.ofNullable(body.get("workspace")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }
}
