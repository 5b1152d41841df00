package io.conntrack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves a JDBC connection it acquired open at its end, or lets one be
 * garbage-collected without {@code close()}. Needs the ConnTrack agent in the test JVM
 * ({@code -javaagent:conntrack-agent.jar}); see docs/testing.md.
 *
 * <p>On a class, it covers every test in it (and in its {@code @Nested} classes and subclasses); on a
 * method, that test. Where both apply, allow-lists add up, {@code warnOnly} and {@code allThreads} hold if
 * any says so, and
 * the nearest {@code grace} wins (method, then class, then enclosing classes), then the configuration
 * parameters ({@code conntrack.junit.*}). Registering {@link ConnTrackExtension} by
 * {@code @ExtendWith} or by JUnit's extension auto-detection checks with the configuration
 * parameters alone.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ConnTrackExtension.class)
public @interface ConnTrackLeakCheck {

    /**
     * Callsites allowed to keep connections open past the test: {@code com.acme.Cache.warm} (a
     * method), {@code com.acme.Cache.warm(Cache.java:31)} (a line), {@code com.acme.Cache} (a class),
     * {@code com.acme.cache.*} (a prefix), {@code *} (all). Added to {@code conntrack.junit.allow}.
     */
    String[] allow() default {};

    /** Report leaks (standard error and a JUnit report entry) without failing the test. */
    boolean warnOnly() default false;

    /**
     * Also count connections acquired during the test by threads that existed before it (a server's
     * workers, an executor created in {@code @BeforeAll} or by a cached Spring context), not only by the
     * test's thread and the threads it starts. For tests that run one at a time: a test running in
     * parallel would be blamed for the others' connections on such threads.
     */
    boolean allThreads() default false;

    /**
     * How long to wait, at the end of the test, for open connections to be closed by work that
     * finishes asynchronously: {@code 500ms}, {@code 2s}, {@code 0}. Empty: inherited (the enclosing
     * annotation's, else {@code conntrack.junit.grace}, else 0). Garbage-collected connections are
     * never waited for.
     */
    String grace() default "";
}
