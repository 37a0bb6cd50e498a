package io.sparkplane.controlplane.pool;

/** The body of {@code POST /api/v1/warm-pools} and {@code PUT /api/v1/warm-pools/{name}}: absent fields take their defaults. */
public record WarmPoolRequest(String name, String workspace, String profile, Integer size, String idleTtl, Integer workers,
        Resources resources) {

    public record Resources(Shape driver, Shape executor) {}

    public record Shape(Integer cores, String memory) {}

    WarmPoolRules.Given given() {
        Shape driver = resources == null || resources.driver() == null ? new Shape(null, null) : resources.driver();
        Shape executor = resources == null || resources.executor() == null ? new Shape(null, null) : resources.executor();
        return new WarmPoolRules.Given(workspace, profile, size, idleTtl, workers, driver.cores(), driver.memory(), executor.cores(),
                executor.memory());
    }
}
