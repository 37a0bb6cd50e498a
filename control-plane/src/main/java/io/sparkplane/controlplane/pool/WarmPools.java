package io.sparkplane.controlplane.pool;

import io.quarkus.runtime.StartupEvent;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.SparkMemory;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The warm pools: the configuration's ({@code sparkplane.warm-pools.<name>.*}, checked at start: a
 * wrong one stops the control plane with every error named) and those made through the API (stored
 * in {@code warm_pool}). A configured pool's name cannot be used by the API.
 */
@ApplicationScoped
public class WarmPools {

    private final Map<String, WarmPoolSpec> configured;
    private final EntityManager entityManager;

    WarmPools(SparkplaneConfig config, EntityManager entityManager) {
        this.entityManager = entityManager;
        Map<String, WarmPoolSpec> specs = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        config.warmPools().forEach((name, settings) -> {
            WarmPoolRules.Checked checked = WarmPoolRules.fromConfiguration(name, settings);
            errors.addAll(checked.errors());
            checked.spec().ifPresent(spec -> specs.put(name, spec));
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the warm pools of the configuration are wrong: " + errors.stream()
                    .map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")));
        }
        this.configured = Map.copyOf(specs);
    }

    /** Checks the configuration's pools when the control plane starts, not when the keeper first runs. */
    void onStart(@Observes StartupEvent event) {
        configured.size();
    }

    public boolean configured(String name) {
        return configured.containsKey(name);
    }

    /** Every pool, by name. */
    public List<WarmPoolSpec> all() {
        List<WarmPoolSpec> all = new ArrayList<>(configured.values());
        Transactions.inNewTransaction(this::stored).stream().filter(spec -> !configured.containsKey(spec.name())).forEach(all::add);
        all.sort(Comparator.comparing(WarmPoolSpec::name));
        return all;
    }

    public Optional<WarmPoolSpec> find(String name) {
        return Optional.ofNullable(configured.get(name))
                .or(() -> Transactions.inNewTransaction(this::stored).stream().filter(spec -> spec.name().equals(name)).findFirst());
    }

    private List<WarmPoolSpec> stored() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select name, workspace_id, profile, size, idle_ttl_seconds, workers,"
                        + " driver_cores, driver_memory_mib, executor_cores, executor_memory_mib from warm_pool order by name")
                .getResultList();
        List<WarmPoolSpec> specs = new ArrayList<>();
        for (Object[] row : rows) {
            specs.add(new WarmPoolSpec((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).intValue(),
                    row[4] == null ? WarmPoolRules.DEFAULT_IDLE_TTL : Duration.ofSeconds(((Number) row[4]).longValue()),
                    ((Number) row[5]).intValue(), shape(row[6], row[7]), shape(row[8], row[9])));
        }
        return specs;
    }

    private static RunDefinition.Shape shape(Object cores, Object memoryMib) {
        int mib = ((Number) memoryMib).intValue();
        return new RunDefinition.Shape(((Number) cores).intValue(), mib, SparkMemory.format(mib));
    }
}
