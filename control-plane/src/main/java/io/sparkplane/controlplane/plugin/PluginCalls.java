package io.sparkplane.controlplane.plugin;

import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Every call into a plug-in runs with the plug-in's class loader as the thread's context class
 * loader: SDKs find their HTTP clients, codecs and providers through it ({@link java.util.ServiceLoader}
 * on the context class loader), and threads they start keep it. A factory from a plug-in directory
 * is handed out wrapped, and so is every backend and store it makes.
 */
final class PluginCalls implements InvocationHandler {

    /** The SPI types whose instances a plug-in makes; what one of their methods returns of these is wrapped too. */
    private static final Set<Class<?>> WRAPPED = Set.of(EngineBackendFactory.class, ObjectStoreFactory.class, EngineBackend.class,
            ObjectStore.class);

    private final Object target;
    private final ClassLoader loader;

    private PluginCalls(Object target, ClassLoader loader) {
        this.target = target;
        this.loader = loader;
    }

    /** {@code target}, of the SPI interface {@code type}, with every call made in {@code loader}. */
    static <T> T wrap(Class<T> type, T target, ClassLoader loader) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new PluginCalls(target, loader)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Object result = method.invoke(target, args);
            return result != null && WRAPPED.contains(method.getReturnType()) ? wrapResult(method.getReturnType(), result) : result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T wrapResult(Class<T> type, Object result) {
        return wrap(type, (T) result, loader);
    }

    @Override
    public String toString() {
        return target + " (in " + loader + ")";
    }
}
