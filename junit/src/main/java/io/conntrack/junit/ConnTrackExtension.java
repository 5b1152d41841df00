package io.conntrack.junit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.opentest4j.AssertionFailedError;

/**
 * Fails a test that leaves a JDBC connection it acquired unclosed. Before each test it begins a
 * ConnTrack scope on the test's thread; after it (after the test's own {@code @AfterEach} methods), it
 * asks the agent which application connections acquired in that scope are still open or were
 * garbage-collected without {@code close()}. Connections acquired before the test (a pool or a
 * {@code @BeforeAll} fixture) and the pool's own connections never count; tests running in parallel
 * each see only their own. Each dynamic test of a {@code @TestFactory} is checked on its own.
 *
 * <p>Register it with {@link ConnTrackLeakCheck} (which carries options), {@code @ExtendWith}, or
 * for every test with JUnit's auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}).
 * Configuration parameters: {@code conntrack.junit.enabled}, {@code .warnOnly}, {@code .grace},
 * {@code .allow}, {@code .allThreads}, {@code .noAgent} (docs/testing.md).
 */
public class ConnTrackExtension implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConnTrackExtension.class);
    private static final String SCOPE = "scope";
    /** How often open connections are looked at again during a grace period. */
    private static final long GRACE_POLL_MILLIS = 20;
    /** The no-agent warning is printed once per JVM. */
    private static final AtomicBoolean NO_AGENT_WARNED = new AtomicBoolean();

    /** A test's scope in the agent, and the settings it began with. */
    private static final class Running {
        final long scope;
        final Settings settings;
        final AgentApi agent;

        Running(long scope, Settings settings, AgentApi agent) {
            this.scope = scope;
            this.settings = settings;
            this.agent = agent;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Running running = begin(context);
        if (running != null) {
            context.getStore(NAMESPACE).put(SCOPE, running);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Running running = context.getStore(NAMESPACE).remove(SCOPE, Running.class);
        if (running != null) {
            check(context, running);
        }
    }

    /**
     * Each dynamic test of a {@code @TestFactory} in a scope of its own, nested in the factory's (which
     * {@code beforeEach}/{@code afterEach} check, as JUnit runs them around the factory alone): the dynamic
     * test that leaked fails, with the leak added to its own failure if it has one.
     */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext context) throws Throwable {
        Running running = begin(context);
        if (running == null) {
            invocation.proceed();
            return;
        }
        Throwable failure = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            check(context, running);
        } catch (Throwable leak) {
            if (failure == null) {
                throw leak;
            }
            failure.addSuppressed(leak);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Begins the test's scope; null when the check is off, or without the agent in warn mode. */
    private static Running begin(ExtensionContext context) {
        Settings settings = Settings.of(context);
        if (!settings.enabled) {
            return null;
        }
        AgentApi agent = AgentApi.get();
        String problem = agent.problem();
        long scope = 0;
        if (problem == null) {
            scope = agent.beginScope(scopeName(context), settings.allThreads);
            if (scope == 0) {
                problem = "the ConnTrack agent did not begin a scope (it may have switched tracking off: look for a "
                        + "[conntrack] ERROR line)";
            }
        }
        if (problem != null) {
            noAgent(context, settings, problem);
            return null;
        }
        return new Running(scope, settings, agent);
    }

    /** Ends the test's scope: fails the test (or warns) if a connection acquired in it was not closed. */
    private static void check(ExtensionContext context, Running running) throws InterruptedException {
        Settings settings = running.settings;
        AgentApi agent = running.agent;
        ScopeReport leaks;
        try {
            awaitGrace(agent, running.scope, settings);
        } finally {
            String json = agent.endScope(running.scope);
            if (json == null) {
                throw new ExtensionConfigurationException("ConnTrack: the agent lost this test's scope (was it stopped?); "
                        + "connection leaks were not checked");
            }
            leaks = ScopeReport.parse(json).without(settings.allow);
        }
        if (leaks.isEmpty()) {
            return;
        }
        String message = LeakMessage.render(leaks);
        if (settings.warnOnly) {
            warn(context, "leaks", "[conntrack-junit] WARN " + context.getDisplayName() + " (" + Settings.WARN_ONLY
                    + "): " + message);
        } else {
            throw new AssertionFailedError(message);
        }
    }

    /** Waits up to the grace period while connections of the scope not allowed are still open. */
    private static void awaitGrace(AgentApi agent, long scope, Settings settings) throws InterruptedException {
        if (settings.graceMillis <= 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.graceMillis);
        while (true) {
            String json = agent.scopeJson(scope);
            if (json == null || !ScopeReport.parse(json).without(settings.allow).anyOpen()) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(GRACE_POLL_MILLIS, left));
        }
    }

    private static void noAgent(ExtensionContext context, Settings settings, String problem) {
        String message = "ConnTrack leak check: " + problem + ", so connection leaks cannot be checked. Start the test JVM "
                + "with -javaagent:/path/to/conntrack-agent.jar (Maven Surefire/Failsafe <argLine>, Gradle test { jvmArgs }; "
                + "see docs/testing.md).";
        if (settings.noAgent == Settings.NoAgent.FAIL) {
            throw new ExtensionConfigurationException(message + " To run the tests without the check, set "
                    + Settings.NO_AGENT + "=warn (a warning instead of this failure) or " + Settings.ENABLED + "=false.");
        }
        if (NO_AGENT_WARNED.compareAndSet(false, true)) {
            warn(context, "noAgent", "[conntrack-junit] WARN " + message + " Leak checks are OFF in this JVM ("
                    + Settings.NO_AGENT + "=warn; " + Settings.ENABLED + "=false turns them off without this warning).");
        }
    }

    private static void warn(ExtensionContext context, String key, String message) {
        System.err.println(message);
        context.publishReportEntry("conntrack." + key, message);
    }

    private static String scopeName(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getName).orElse("");
        String method = Settings.testMethod(context).map(m -> m.getName()).orElse("");
        String name = type + "." + method;
        String display = context.getDisplayName();
        return display.equals(method + "()") ? name : name + " [" + display + "]";
    }
}
