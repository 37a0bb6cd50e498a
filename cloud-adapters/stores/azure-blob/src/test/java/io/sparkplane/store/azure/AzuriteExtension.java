package io.sparkplane.store.azure;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands an {@link AzuritePeer} to test methods and lifecycle methods that declare one. One peer
 * serves every test class of the run (it takes seconds to start); the root store closes it,
 * stopping the process, when the run ends.
 */
final class AzuriteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AzuriteExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AzuritePeer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(AzuritePeer.class, type -> {
            try {
                return AzuritePeer.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Azurite", e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot start Azurite", e);
            }
        }, AzuritePeer.class);
    }
}
