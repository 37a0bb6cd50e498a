package io.sparkplane.controlplane.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plug-in directory: its own classes first, so each plug-in keeps the
 * versions of its SDK and of that SDK's libraries (Netty, Jackson, gRPC, ...) apart from the control
 * plane's and other plug-ins'. What a plug-in shares with the control plane comes from the control
 * plane: the JDK, the SPI, and the logging APIs (so a plug-in's SDK logs where the control plane does).
 */
final class PluginClassLoader extends URLClassLoader {

    /** The packages every plug-in takes from the control plane. */
    static final List<String> SHARED = List.of("io.sparkplane.spi.", "org.slf4j.", "org.jboss.logging.", "org.jboss.logmanager.");

    private final String plugin;

    PluginClassLoader(String plugin, List<Path> jars, ClassLoader controlPlane) {
        super("plugin-" + plugin, urls(jars), controlPlane);
        this.plugin = plugin;
    }

    private static URL[] urls(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (IOException e) {
                throw new IllegalArgumentException("not a jar path: " + jar, e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = shared(name) ? getParent().loadClass(name) : ownFirst(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> ownFirst(String name) throws ClassNotFoundException {
        try {
            // the JDK's own classes first, whatever a jar carries
            return getPlatformClassLoader().loadClass(name);
        } catch (ClassNotFoundException notTheJdks) {
            try {
                return findClass(name);
            } catch (ClassNotFoundException notOurs) {
                return getParent().loadClass(name);
            }
        }
    }

    private static boolean shared(String name) {
        return SHARED.stream().anyMatch(name::startsWith);
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    /**
     * The plug-in's own first: a service file of the SPI names the plug-in's factories before any of
     * the control plane's. The control plane's service files of a type the plug-in carries its own copy
     * of are left out: they name the control plane's classes, which implement the control plane's copy
     * (gRPC's channel providers, once the control plane carries gRPC for its traces, and the Google
     * clients' ServiceLoader fails with "not a subtype").
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        if (!ownServiceType(name)) {
            all.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(all);
    }

    private static final String SERVICES = "META-INF/services/";

    /** Whether {@code resource} is the service file of a type this plug-in has its own class of (not one it shares). */
    private boolean ownServiceType(String resource) {
        if (!resource.startsWith(SERVICES)) {
            return false;
        }
        String type = resource.substring(SERVICES.length());
        return !shared(type) && findResource(type.replace('.', '/') + ".class") != null;
    }

    @Override
    public String toString() {
        return "plug-in " + plugin;
    }
}
