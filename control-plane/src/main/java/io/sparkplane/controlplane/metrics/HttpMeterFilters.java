package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters Quarkus applies to every meter registry (it takes each {@link MeterFilter} bean): the
 * HTTP server's {@code uri} label kept bounded ({@link HttpUriLabels}), and its request timer with
 * histogram buckets, so a dashboard can show a p99 across replicas.
 */
@ApplicationScoped
public class HttpMeterFilters {

    /** Quarkus's HTTP server meters (http_server_requests_seconds and the rest): every one with a uri label. */
    private static final String HTTP_SERVER = "http.server.";
    private static final String REQUESTS = "http.server.requests";
    private static final String URI = "uri";

    @Produces
    @Singleton
    MeterFilter boundedHttpUris() {
        HttpUriLabels labels = HttpUriLabels.served();
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getName().startsWith(HTTP_SERVER) ? id.getTag(URI) : null;
                if (uri == null) {
                    return id;
                }
                String bounded = labels.bounded(uri);
                return uri.equals(bounded) ? id : id.replaceTags(withUri(id, bounded));
            }
        };
    }

    @Produces
    @Singleton
    MeterFilter httpRequestBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(REQUESTS)) {
                    return config;
                }
                double[] nanos = new double[Buckets.HTTP_REQUESTS.length];
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] = Buckets.HTTP_REQUESTS[i].toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }

    private static List<Tag> withUri(Meter.Id id, String uri) {
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            tags.add(tag.getKey().equals(URI) ? Tag.of(URI, uri) : tag);
        }
        return tags;
    }
}
