package io.github.consulembedded.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes SIGINT, SIGTERM and SIGHUP to the command instead of the JVM's default handler, which
 * would end the JVM with 130/143. The command stops the cluster itself and exits 0.
 *
 * <p>The only way to handle a signal in Java is {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, exported on every OpenJDK build). It is reached by reflection because
 * javac warns on any direct use and that warning cannot be suppressed. Where it is missing, the
 * JVM's default handling stays: shutdown hooks still stop the cluster, only the exit code differs.
 */
final class ShutdownSignals {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private ShutdownSignals() {
    }

    /**
     * Calls {@code onSignal} with the signal's name ("TERM", ...) on a JVM signal thread each
     * time one arrives.
     *
     * @return the signals that are now handled; empty if none could be
     */
    static List<String> install(Consumer<String> onSignal) {
        List<String> installed = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> newSignal = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getName = signalClass.getMethod("getName");
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle") && args != null && args.length == 1) {
                    onSignal.accept((String) getName.invoke(args[0]));
                    return null;
                }
                return switch (method.getName()) {
                    case "toString" -> "consul-embedded CLI signal handler";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            };
            Object handler = Proxy.newProxyInstance(ShutdownSignals.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, invocation);
            for (String name : SIGNALS) {
                try {
                    handle.invoke(null, newSignal.newInstance(name), handler);
                    installed.add(name);
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // Unknown on this OS (HUP on Windows) or reserved by the JVM (-Xrs): keep the default.
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No sun.misc.Signal: the default handlers and shutdown hooks remain.
        }
        return List.copyOf(installed);
    }
}
