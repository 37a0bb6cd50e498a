package io.sparkplane.spi.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WarmFitTest {

    private static final EngineResources SHAPE = new EngineResources(1, 1024, 1, 1024, 1, 2);
    private static final LaunchSpec TEMPLATE = spec(new Entrypoint.PythonFile("warm_driver.py"), List.of(), List.of(),
            Map.of("spark.eventLog.enabled", "true", "spark.sql.shuffle.partitions", "8"), Map.of(), SHAPE);

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("the template's own shape and conf", same(), null),
                Arguments.of("another runtime SQL setting", conf(c -> put(c, "spark.sql.shuffle.partitions", "3")), null),
                Arguments.of("a new runtime SQL setting", conf(c -> put(c, "spark.sql.ansi.enabled", "false")), null),
                Arguments.of("other resource bounds", (UnaryOperator<LaunchSpec>) run -> with(run, new EngineResources(1, 1024, 1, 1024, 0, 8)), null),
                Arguments.of("a jar entrypoint", (UnaryOperator<LaunchSpec>) run -> spec(new Entrypoint.Jar("a.jar", "Main"), List.of(), List.of(),
                        run.sparkConf(), Map.of(), SHAPE), "entrypoint is a jar"),
                Arguments.of("jars", (UnaryOperator<LaunchSpec>) run -> spec(run.entrypoint(), List.of("x.jar"), List.of(), run.sparkConf(), Map.of(),
                        SHAPE), "adds jars"),
                Arguments.of("archives", (UnaryOperator<LaunchSpec>) run -> spec(run.entrypoint(), List.of(), List.of("env.tar.gz"), run.sparkConf(),
                        Map.of(), SHAPE), "adds archives"),
                Arguments.of("a bigger driver", (UnaryOperator<LaunchSpec>) run -> with(run, new EngineResources(1, 2048, 1, 1024, 1, 2)),
                        "driver (1 cores, 2048 MiB) is not the pool's (1 cores, 1024 MiB)"),
                Arguments.of("more executor cores", (UnaryOperator<LaunchSpec>) run -> with(run, new EngineResources(1, 1024, 2, 1024, 1, 2)),
                        "executors (2 cores, 1024 MiB) are not the pool's"),
                Arguments.of("other storage settings", (UnaryOperator<LaunchSpec>) run -> spec(run.entrypoint(), List.of(), List.of(), run.sparkConf(),
                        Map.of("spark.hadoop.fs.s3a.endpoint", "http://elsewhere"), SHAPE), "object storage"),
                Arguments.of("a static SQL setting", conf(c -> put(c, "spark.sql.extensions", "x.Ext")), "cannot change it: spark.sql.extensions"),
                Arguments.of("executor memory as conf", conf(c -> put(c, "spark.executor.memoryOverhead", "1g")),
                        "cannot change it: spark.executor.memoryOverhead"),
                Arguments.of("a template setting left out", conf(c -> {
                    Map<String, String> copy = new TreeMap<>(c);
                    copy.remove("spark.eventLog.enabled");
                    return copy;
                }), "cannot change it: spark.eventLog.enabled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void fitsOnlyWhatARunningDriverCanTake(String what, UnaryOperator<LaunchSpec> change, String misfit) {
        Optional<String> answer = WarmFit.misfit(TEMPLATE, change.apply(TEMPLATE));
        if (misfit == null) {
            assertThat(answer).isEmpty();
        } else {
            assertThat(answer).hasValueSatisfying(reason -> assertThat(reason).contains(misfit));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theRuntimeConfIsWhatTheRunSetsDifferently(String what, UnaryOperator<LaunchSpec> change, String misfit) {
        LaunchSpec run = change.apply(TEMPLATE);
        Map<String, String> runtime = WarmFit.runtimeConf(TEMPLATE, run);
        runtime.forEach((key, value) -> assertThat(TEMPLATE.sparkConf().get(key)).isNotEqualTo(value));
        run.sparkConf().forEach((key, value) -> assertThat(runtime.containsKey(key)).isEqualTo(!value.equals(TEMPLATE.sparkConf().get(key))));
    }

    private static UnaryOperator<LaunchSpec> same() {
        return run -> run;
    }

    private static UnaryOperator<LaunchSpec> conf(UnaryOperator<Map<String, String>> change) {
        return run -> spec(run.entrypoint(), run.jars(), run.archives(), change.apply(run.sparkConf()), run.storageConf(), run.resources());
    }

    private static Map<String, String> put(Map<String, String> conf, String key, String value) {
        Map<String, String> copy = new TreeMap<>(conf);
        copy.put(key, value);
        return copy;
    }

    private static LaunchSpec with(LaunchSpec run, EngineResources resources) {
        return spec(run.entrypoint(), run.jars(), run.archives(), run.sparkConf(), run.storageConf(), resources);
    }

    private static LaunchSpec spec(Entrypoint entrypoint, List<String> jars, List<String> archives, Map<String, String> conf,
            Map<String, String> storage, EngineResources resources) {
        return new LaunchSpec("run", 1, "name", "http://cp", "token", entrypoint, List.of(), List.of(), jars, List.of(), archives, conf, storage,
                resources);
    }
}
