package io.sparkplane.spi.engine;

/** A backend could not do what was asked; the message is shown to the user as is. */
public class EngineBackendException extends RuntimeException {

    public EngineBackendException(String message) {
        super(message);
    }

    public EngineBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
