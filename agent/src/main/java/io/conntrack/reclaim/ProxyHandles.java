package io.conntrack.reclaim;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * Points a JDK proxy (Tomcat JDBC's connection handles) at another invocation handler: its
 * {@code Proxy.h}, compare-and-set. Needs {@code java.lang.reflect} opened to ConnTrack's own module,
 * which {@link #open} does with {@link Instrumentation#redefineModule} (as the bridge's definition opens
 * {@code java.lang}): to ConnTrack only, printing nothing. Done at start with {@code reclaim=abandoned}.
 */
final class ProxyHandles {

    private static volatile VarHandle h;

    private ProxyHandles() {
    }

    /** Opens java.lang.reflect to this module and finds Proxy.h; returns why not, or null. */
    static String open(Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            Module self = ProxyHandles.class.getModule();
            if (!base.isOpen("java.lang.reflect", self)) {
                inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang.reflect", Set.of(self)), Set.of(), Map.of());
            }
            h = MethodHandles.privateLookupIn(Proxy.class, MethodHandles.lookup()).findVarHandle(Proxy.class, "h", InvocationHandler.class);
            return null;
        } catch (Throwable t) {
            return t.getClass().getSimpleName();
        }
    }

    static boolean available() {
        return h != null;
    }

    /** Replaces {@code proxy}'s handler {@code expected} with {@code replacement}; false when it was another one. */
    static boolean replace(Object proxy, Object expected, InvocationHandler replacement) {
        VarHandle v = h;
        return v != null && v.compareAndSet((Proxy) proxy, (InvocationHandler) expected, replacement);
    }
}
