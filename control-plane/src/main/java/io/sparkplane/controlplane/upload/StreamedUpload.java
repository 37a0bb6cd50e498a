package io.sparkplane.controlplane.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.problem.RouteResponses;
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Receives one request body as a stream: into a temporary file, hashed with SHA-256 as it
 * arrives, refused with 413 once it passes its limit, with back-pressure so a fast client cannot
 * fill memory. Then {@link Handling#handle} runs on a worker thread and its answer (or the problem of
 * its {@link ProblemException}) is sent; the temporary file is deleted in every case.
 *
 * <p>Routes using it sit before Quarkus's global body limit, which is sized for JSON bodies.
 */
public final class StreamedUpload {

    /** Before Quarkus's global body limit (order -2), which is sized for JSON bodies. */
    public static final int ROUTE_ORDER = -3;

    private static final Logger LOG = Logger.getLogger(StreamedUpload.class);

    /** What to do with a fully received body; runs on a worker thread. */
    @FunctionalInterface
    public interface Handling {
        Answer handle(ReceivedFile file) throws Exception;
    }

    /** A JSON answer. */
    public record Answer(int status, Object body) {}

    private StreamedUpload() {}

    public static void receive(RoutingContext context, long limit, Path temporaryDirectory, ObjectMapper json, Handling handling) {
        HttpServerRequest request = context.request();
        request.pause();
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length > limit) {
                tooLarge(context, limit, json);
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // the client waits for this before it sends the body (curl does for bodies over 1 MiB)
            context.response().writeContinue();
        }
        if (context.response().closed()) {
            // the client went away while an earlier step (authentication) ran
            return;
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
        Path file;
        try {
            Files.createDirectories(temporaryDirectory);
            file = Files.createTempFile(temporaryDirectory, "upload-", ".part");
        } catch (IOException e) {
            problem(context, json, 500, ProblemType.INTERNAL_ERROR, "cannot receive the upload: " + e.getMessage(), List.of(), false);
            return;
        }
        context.vertx().fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(failure -> {
                    delete(file);
                    problem(context, json, 500, ProblemType.INTERNAL_ERROR, "cannot receive the upload: " + failure.getMessage(), List.of(), false);
                })
                .onSuccess(target -> {
                    if (context.response().closed()) {
                        target.close();
                        delete(file);
                        return;
                    }
                    stream(context, limit, file, target, digest, json, handling);
                });
    }

    private static void stream(RoutingContext context, long limit, Path file, AsyncFile target, MessageDigest digest, ObjectMapper json,
            Handling handling) {
        HttpServerRequest request = context.request();
        AtomicBoolean over = new AtomicBoolean();
        long[] received = {0};
        Throwable[] writeFailure = {null};
        target.exceptionHandler(failure -> writeFailure[0] = failure);
        request.handler((Buffer chunk) -> {
            if (over.get()) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > limit) {
                over.set(true);
                target.close();
                delete(file);
                tooLarge(context, limit, json);
                return;
            }
            digest.update(chunk.getByteBuf().nioBuffer());
            target.write(chunk);
            if (target.writeQueueFull()) {
                request.pause();
                target.drainHandler(ignored -> request.resume());
            }
        });
        request.exceptionHandler(failure -> {
            if (over.compareAndSet(false, true)) {
                target.close();
                delete(file);
                LOG.debugf("upload to %s broke off: %s", request.path(), failure.getMessage());
            }
        });
        request.endHandler(ignored -> {
            if (over.get()) {
                return;
            }
            ReceivedFile body = new ReceivedFile(file, received[0], ArtifactHash.of(digest.digest()));
            target.close()
                    .compose(closed -> context.vertx().executeBlocking(() -> {
                        // what reached the disk, not only what arrived, must be the whole body (a full disk fails writes)
                        if (writeFailure[0] != null || Files.size(file) != body.size()) {
                            throw new ProblemException(ProblemType.INTERNAL_ERROR, "cannot keep the upload: "
                                    + (writeFailure[0] != null ? writeFailure[0].getMessage() : "the temporary file is incomplete"));
                        }
                        return handling.handle(body);
                    }, false))
                    .onComplete(result -> {
                        delete(file);
                        if (result.succeeded()) {
                            Answer answer = result.result();
                            RouteResponses.send(context, json, answer.status(), "application/json", answer.body(), false);
                        } else if (result.cause() instanceof ProblemException problem) {
                            problem(context, json, problem.type().status(), problem.type(), problem.getMessage(), problem.errors(), false);
                        } else {
                            LOG.errorf(result.cause(), "upload to %s failed", request.path());
                            problem(context, json, 500, ProblemType.INTERNAL_ERROR, "the upload failed: " + result.cause().getMessage(),
                                    List.of(), false);
                        }
                    });
        });
        request.resume();
    }

    /** Answers with the problem without reading the body; the connection is closed after it. */
    public static void refuse(RoutingContext context, ObjectMapper json, ProblemException problem) {
        context.request().pause();
        problem(context, json, problem.type().status(), problem.type(), problem.getMessage(), problem.errors(), true);
    }

    private static void tooLarge(RoutingContext context, long limit, ObjectMapper json) {
        // the rest of the body is not read: the connection is closed after the answer
        problem(context, json, 413, ProblemType.PAYLOAD_TOO_LARGE, "the body is larger than the limit of " + limit + " bytes",
                List.of(), true);
    }

    static void problem(RoutingContext context, ObjectMapper json, int status, ProblemType type, String detail, List<FieldError> errors,
            boolean close) {
        RouteResponses.problem(context, json, status, type, detail, errors, close);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete the temporary upload %s: %s", file, e.getMessage());
        }
    }
}
