package io.sparkplane.controlplane.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkplane.controlplane.run.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The engine profiles made through the API, in PostgreSQL; every replica reads them from here. */
@ApplicationScoped
public class StoredEngineProfiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager entityManager;

    StoredEngineProfiles(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Every stored profile, in a transaction of its own. */
    public List<StoredEngineProfile> all() {
        return QuarkusTransaction.requiringNew().call(() -> select("", null));
    }

    /** In the caller's transaction, row-locked when {@code forUpdate}. */
    public Optional<StoredEngineProfile> find(String name, boolean forUpdate) {
        return select(" where name = :name" + (forUpdate ? " for update" : ""), name).stream().findFirst();
    }

    /** In the caller's transaction. */
    public void insert(StoredEngineProfile profile) {
        entityManager.createNativeQuery("insert into engine_profile (name, type, settings, description, revision, created_at, updated_at)"
                        + " values (:name, :type, cast(:settings as jsonb), :description, :revision, :createdAt, :updatedAt)")
                .setParameter("name", profile.name())
                .setParameter("type", profile.type())
                .setParameter("settings", write(profile.settings()))
                .setParameter("description", profile.description().orElse(null))
                .setParameter("revision", profile.revision())
                .setParameter("createdAt", profile.createdAt())
                .setParameter("updatedAt", profile.updatedAt())
                .executeUpdate();
    }

    /** In the caller's transaction. */
    public void update(StoredEngineProfile profile) {
        entityManager.createNativeQuery("update engine_profile set type = :type, settings = cast(:settings as jsonb), description = :description,"
                        + " revision = :revision, updated_at = :updatedAt where name = :name")
                .setParameter("name", profile.name())
                .setParameter("type", profile.type())
                .setParameter("settings", write(profile.settings()))
                .setParameter("description", profile.description().orElse(null))
                .setParameter("revision", profile.revision())
                .setParameter("updatedAt", profile.updatedAt())
                .executeUpdate();
    }

    /** In the caller's transaction. */
    public void delete(String name) {
        entityManager.createNativeQuery("delete from engine_profile where name = :name").setParameter("name", name).executeUpdate();
    }

    private List<StoredEngineProfile> select(String where, String name) {
        var query = entityManager.createNativeQuery("select name, type, cast(settings as text), description, revision, created_at, updated_at"
                + " from engine_profile" + where + (where.isEmpty() ? " order by name" : ""));
        if (name != null) {
            query.setParameter("name", name);
        }
        List<StoredEngineProfile> profiles = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            profiles.add(new StoredEngineProfile((String) columns[0], (String) columns[1], read((String) columns[2]),
                    Optional.ofNullable((String) columns[3]), ((Number) columns[4]).longValue(), NativeValues.instant(columns[5]),
                    NativeValues.instant(columns[6])));
        }
        return profiles;
    }

    private static String write(Map<String, String> settings) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written as JSON", e);
        }
    }

    private static Map<String, String> read(String json) {
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not JSON", e);
        }
    }
}
