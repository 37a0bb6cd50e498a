package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a listing leaves out: directories of hierarchical-namespace accounts, and names no location can address. */
class BlobListingFilterTest {

    @Test
    void aHierarchicalNamespaceDirectoryIsNotAnObject() {
        assertThat(BlobObjectStore.isDirectory(Map.of("hdi_isfolder", "true"))).isTrue();
        assertThat(BlobObjectStore.isDirectory(Map.of("hdi_isfolder", "false"))).isFalse();
        assertThat(BlobObjectStore.isDirectory(Map.of("owner", "spark"))).isFalse();
        assertThat(BlobObjectStore.isDirectory(null)).isFalse();
    }

    @Test
    void aNameWithAnEmptyOrDotSegmentIsNotAddressable() {
        assertThat(BlobObjectStore.isAddressable("logs/été 2026/report (final).csv")).isTrue();
        assertThat(BlobObjectStore.isAddressable("logs//double-slash")).isFalse();
        assertThat(BlobObjectStore.isAddressable("logs/../escape")).isFalse();
        assertThat(BlobObjectStore.isAddressable("/leading-slash")).isFalse();
    }
}
