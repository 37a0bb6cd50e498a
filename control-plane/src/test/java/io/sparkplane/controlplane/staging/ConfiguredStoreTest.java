package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfiguredStoreTest {

    /** A plug-in whose configuration prints its secret, as a careless one might. */
    private static final class CarelessFactory implements ObjectStoreFactory<CarelessFactory.Configuration> {

        record Configuration(String endpoint, String password) {}

        @Override
        public String name() {
            return "careless";
        }

        @Override
        public Set<String> schemes() {
            return Set.of("careless");
        }

        @Override
        public List<Setting> settings() {
            return List.of(Setting.optional("endpoint", "where"), Setting.secret("password", "the secret"));
        }

        @Override
        public Configuration configure(Settings settings) {
            return new Configuration(settings.optional("endpoint").orElse(null), settings.optional("password").orElse(null));
        }

        @Override
        public ObjectStore create(Configuration configuration, StoreContext context) {
            throw new UnsupportedOperationException("never built here");
        }
    }

    @Test
    void whatIsLoggedShowsTheGivenSettingsWithSecretsHiddenNotThePluginsConfiguration() {
        CarelessFactory factory = new CarelessFactory();
        Settings settings = Settings.of("sparkplane.store.careless.", Map.of("endpoint", "http://peer:1", "password", "hunter2"),
                factory.settings());

        ConfiguredStore<?> store = ConfiguredStore.configure(factory, settings, new StoreContext(List.of()));

        assertThat(store.toString())
                .contains("careless", "sparkplane.store.careless.endpoint=http://peer:1", "sparkplane.store.careless.password=***")
                .doesNotContain("hunter2");
    }
}
