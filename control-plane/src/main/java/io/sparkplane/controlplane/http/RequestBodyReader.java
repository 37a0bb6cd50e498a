package io.sparkplane.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies strictly: unknown fields, wrong types, numbers as strings and trailing data
 * are errors that name the field, not silently accepted or coerced.
 */
public final class RequestBodyReader {

    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    /**
     * Jackson's own leniency, for surfaces that mirror a server built on it (Livy): a whole number
     * sent as a string ({@code "4"}) is read as a number and a number as a string, as Livy reads
     * them; unknown fields are still refused, and decimals keep their digits.
     */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestBodyReader() {}

    public static <T> T read(byte[] body, Class<T> type) {
        return read(body, type, STRICT);
    }

    /** As {@link #read}, with the scalar coercions of {@link #LENIENT}. */
    public static <T> T readLenient(byte[] body, Class<T> type) {
        return read(body, type, LENIENT);
    }

    private static <T> T read(byte[] body, Class<T> type, ObjectMapper mapper) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("$", "the request body is empty; send a JSON object");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "the request body is " + body.length + " bytes; the limit is " + MAX_BODY_BYTES + " bytes (1 MiB)");
        }
        ObjectReader reader = mapper.readerFor(type);
        try {
            T value = reader.readValue(body);
            if (value == null) {
                throw ProblemException.invalid("$", "the body must be a JSON object, not null");
            }
            if (mayHoldNul(body)) {
                List<FieldError> nul = new ArrayList<>();
                nulFields(mapper.readTree(body), "", nul);
                if (!nul.isEmpty()) {
                    throw ProblemException.invalid(nul);
                }
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.invalid(List.of(new FieldError(path(e), "unknown field")));
        } catch (MismatchedInputException e) {
            String path = path(e);
            String message = path.equals("$") ? "the body must be a JSON object" : "has the wrong type (" + expected(e) + ")";
            throw ProblemException.invalid(List.of(new FieldError(path, message)));
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the request body could not be read");
        }
    }

    /**
     * As {@link #read}, and a field sent as {@code null} is an error naming it: for bodies that replace
     * a whole definition (a job, a schedule, an engine profile), where a field is given or left out.
     */
    public static <T> T readWithoutNulls(byte[] body, Class<T> type) {
        T value = read(body, type);
        List<FieldError> errors = new ArrayList<>();
        nullFields(readTree(body), "", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return value;
    }

    private static void nullFields(JsonNode node, String path, List<FieldError> errors) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = path + "[" + i + "]";
                if (node.get(i).isNull()) {
                    errors.add(new FieldError(child, "must not be null"));
                } else {
                    nullFields(node.get(i), child, errors);
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String child = (path.isEmpty() ? "" : path + ".") + field.getKey();
                if (field.getValue().isNull()) {
                    errors.add(new FieldError(child, "must not be null: leave the field out for its default"));
                } else {
                    nullFields(field.getValue(), child, errors);
                }
            });
        }
    }

    /** Reads a body as a JSON tree (a merge patch), with the same limits and NUL check as {@link #read}. */
    public static JsonNode readTree(byte[] body) {
        return read(body, JsonNode.class);
    }

    /**
     * Whether the body has a {@code \\u0000} escape outside an escaped backslash: the one way a NUL
     * gets into JSON text, and one PostgreSQL cannot store in text or jsonb. Cheap, so that only such
     * bodies are walked for the field.
     */
    static boolean mayHoldNul(byte[] body) {
        for (int i = 0; i + 5 < body.length; i++) {
            if (body[i] == '\\') {
                if (body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0' && body[i + 5] == '0') {
                    return true;
                }
                i++; // the escaped character, which may be a backslash itself
            }
        }
        return false;
    }

    /** Every field whose name or text holds a NUL, as JSON paths. */
    private static void nulFields(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            errors.add(new FieldError(path.isEmpty() ? "$" : path, "must not contain the NUL character (U+0000)"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulFields(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String name = field.getKey();
                String child = (path.isEmpty() ? "" : path + ".") + name.replace("\0", "\\u0000");
                if (name.indexOf('\0') >= 0) {
                    errors.add(new FieldError(child, "field names must not contain the NUL character (U+0000)"));
                } else {
                    nulFields(field.getValue(), child, errors);
                }
            });
        }
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "unexpected value";
        }
        if (target == String.class) {
            return "expected a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "expected an integer";
        }
        if (List.class.isAssignableFrom(target)) {
            return "expected an array";
        }
        if (java.util.Map.class.isAssignableFrom(target) || target.isRecord()) {
            return "expected an object";
        }
        return "expected " + target.getSimpleName();
    }

    /** The failing field as a JSON path: {@code resources.executor.cores}, {@code args[2]}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
