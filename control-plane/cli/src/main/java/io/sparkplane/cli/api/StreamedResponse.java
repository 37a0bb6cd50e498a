package io.sparkplane.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A successful answer whose body is read as it arrives (a followed log, a download); closing it closes the body. */
public record StreamedResponse(int status, InputStream body, Map<String, List<String>> headers) implements AutoCloseable {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
