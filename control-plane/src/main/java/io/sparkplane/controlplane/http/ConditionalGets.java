package io.sparkplane.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every JSON answer of a {@code GET /api/v1/...} an {@code ETag} and answers a matching
 * {@code If-None-Match} with 304 and no body: the console polls runs, a run and its events this way
 * every few seconds, and an unchanged answer is then no transfer and no re-render (it is still read
 * and serialized). The entity is serialized here once and sent as those bytes, so the tag is of
 * exactly what is sent.
 */
public class ConditionalGets {

    private final ObjectMapper mapper;

    ConditionalGets(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A record, a list or a map the mapper turns into JSON; a stream, a file or bytes already serialized are sent as they are. */
    private static boolean isData(Object entity) {
        return !(entity instanceof byte[] || entity instanceof InputStream || entity instanceof CharSequence || entity instanceof StreamingOutput
                || entity instanceof java.io.File || entity instanceof java.nio.file.Path || entity instanceof java.util.concurrent.Flow.Publisher<?>
                || entity instanceof org.reactivestreams.Publisher<?>);
    }

    @ServerResponseFilter
    public void tag(ContainerRequestContext request, ContainerResponseContext response) throws JsonProcessingException {
        if (!("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) || response.getStatus() != 200 || !response.hasEntity()) {
            return;
        }
        MediaType type = response.getMediaType();
        Object entity = response.getEntity();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type) || !request.getUriInfo().getPath().startsWith("/api/v1/")
                || !isData(entity)) {
            return;
        }
        byte[] json = mapper.writeValueAsBytes(entity);
        String tag = EntityTag.of(json);
        response.getHeaders().putSingle("ETag", tag);
        // the browser may keep the answer, but asks again every time
        response.getHeaders().putSingle("Cache-Control", "private, no-cache");
        if (EntityTag.matches(request.getHeaderString("If-None-Match"), tag)) {
            response.setStatus(304);
            response.setEntity(null);
        } else {
            response.setEntity(json, null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
