package io.sparkplane.controlplane.livy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The body of Livy's {@code POST /batches}, field for field as Apache Livy 0.8 takes it (any may be
 * absent). {@code conf} values are JSON scalars, as Livy's clients send them (numbers unquoted); a
 * field Livy does not know is refused, as Livy refuses it.
 */
public record LivyBatchRequest(
        String file,
        String proxyUser,
        String className,
        List<String> args,
        List<String> jars,
        List<String> pyFiles,
        List<String> files,
        String driverMemory,
        Integer driverCores,
        String executorMemory,
        Integer executorCores,
        Integer numExecutors,
        List<String> archives,
        String queue,
        String name,
        Map<String, JsonNode> conf) {}
