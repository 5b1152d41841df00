package io.conntrack.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One test's leak-check settings: configuration parameters ({@code conntrack.junit.*}: the launcher's
 * parameters, e.g. Surefire's {@code configurationParameters}, then JVM system properties, then
 * {@code junit-platform.properties}) overlaid with the {@link ConnTrackLeakCheck} annotations that
 * apply to the test.
 */
final class Settings {

    static final String PREFIX = "conntrack.junit.";
    static final String ENABLED = PREFIX + "enabled";
    static final String WARN_ONLY = PREFIX + "warnOnly";
    static final String GRACE = PREFIX + "grace";
    static final String ALLOW = PREFIX + "allow";
    static final String NO_AGENT = PREFIX + "noAgent";
    static final String ALL_THREADS = PREFIX + "allThreads";

    /** What to do without the agent. */
    enum NoAgent { FAIL, WARN }

    final boolean enabled;
    final boolean warnOnly;
    final long graceMillis;
    final AllowList allow;
    final NoAgent noAgent;
    final boolean allThreads;

    Settings(boolean enabled, boolean warnOnly, long graceMillis, AllowList allow, NoAgent noAgent, boolean allThreads) {
        this.enabled = enabled;
        this.warnOnly = warnOnly;
        this.graceMillis = graceMillis;
        this.allow = allow;
        this.noAgent = noAgent;
        this.allThreads = allThreads;
    }

    static Settings of(ExtensionContext context) {
        return of(key -> context.getConfigurationParameter(key), annotations(context));
    }

    static Settings of(Function<String, Optional<String>> parameters, List<ConnTrackLeakCheck> nearestFirst) {
        boolean enabled = bool(parameters, ENABLED, true);
        boolean warnOnly = bool(parameters, WARN_ONLY, false);
        boolean allThreads = bool(parameters, ALL_THREADS, false);
        List<String> allow = new ArrayList<>(AllowList.split(parameters.apply(ALLOW).orElse("")));
        Long grace = null;
        for (ConnTrackLeakCheck a : nearestFirst) {
            warnOnly |= a.warnOnly();
            allThreads |= a.allThreads();
            for (String e : a.allow()) {
                allow.addAll(AllowList.split(e));
            }
            if (grace == null && !a.grace().trim().isEmpty()) {
                grace = millis(a.grace(), "@ConnTrackLeakCheck(grace)");
            }
        }
        if (grace == null) {
            grace = millis(parameters.apply(GRACE).orElse("0"), GRACE);
        }
        String noAgent = parameters.apply(NO_AGENT).orElse("fail").trim().toLowerCase(Locale.ROOT);
        NoAgent mode;
        if (noAgent.equals("fail")) {
            mode = NoAgent.FAIL;
        } else if (noAgent.equals("warn")) {
            mode = NoAgent.WARN;
        } else {
            throw new ExtensionConfigurationException(NO_AGENT + " must be fail or warn, not '" + noAgent + "'");
        }
        return new Settings(enabled, warnOnly, grace, AllowList.of(allow), mode, allThreads);
    }

    /** The annotations that apply to the test: the method's, then its class's, then enclosing classes'. */
    private static List<ConnTrackLeakCheck> annotations(ExtensionContext context) {
        List<ConnTrackLeakCheck> out = new ArrayList<>();
        testMethod(context).ifPresent(m -> add(out, m));
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            add(out, c);
        }
        return out;
    }

    /** The test's method; for a dynamic test, which has none, its {@code @TestFactory} method. */
    static Optional<Method> testMethod(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Method> method = c.get().getTestMethod();
            if (method.isPresent()) {
                return method;
            }
        }
        return Optional.empty();
    }

    private static void add(List<ConnTrackLeakCheck> out, AnnotatedElement element) {
        AnnotationSupport.findAnnotation(element, ConnTrackLeakCheck.class).ifPresent(out::add);
    }

    private static boolean bool(Function<String, Optional<String>> parameters, String key, boolean otherwise) {
        Optional<String> v = parameters.apply(key);
        if (!v.isPresent() || v.get().trim().isEmpty()) {
            return otherwise;
        }
        String s = v.get().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new ExtensionConfigurationException(key + " must be true or false, not '" + v.get() + "'");
    }

    /** {@code 0}, {@code 250} (milliseconds), {@code 250ms}, {@code 2s}, {@code 1m}. */
    static long millis(String text, String what) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
            unit = 1000;
        } else if (s.endsWith("m")) {
            s = s.substring(0, s.length() - 1);
            unit = 60_000;
        }
        try {
            long n = Long.parseLong(s.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new ExtensionConfigurationException(what + " must be a duration such as 0, 500ms or 2s, not '" + text + "'");
        }
    }
}
