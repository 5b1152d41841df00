package io.conntrack.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Matchers named for what they match. */
final class JdbcMatchers {

    private JdbcMatchers() {
    }

    static ElementMatcher.Junction<TypeDescription> drivers() {
        return hasSuperType(named("java.sql.Driver"));
    }

    static ElementMatcher.Junction<TypeDescription> dataSources() {
        return hasSuperType(named("javax.sql.DataSource"));
    }

    static ElementMatcher.Junction<TypeDescription> pooledConnections() {
        return hasSuperType(named("javax.sql.PooledConnection"));
    }

    static ElementMatcher.Junction<TypeDescription> connections() {
        return hasSuperType(named("java.sql.Connection"));
    }

    private static ElementMatcher.Junction<MethodDescription> implemented() {
        return not(isAbstract()).and(not(isBridge()));
    }

    /** {@code Connection connect(String url, Properties info)}. */
    static ElementMatcher.Junction<MethodDescription> driverConnect() {
        return named("connect").and(takesArguments(2)).and(takesArgument(0, String.class)).and(implemented());
    }

    /** {@code getConnection()} and {@code getConnection(String user, String password)}. */
    static ElementMatcher.Junction<MethodDescription> dataSourceGetConnection() {
        return named("getConnection")
                .and(takesArguments(0).or(takesArguments(2).and(takesArgument(0, String.class)).and(takesArgument(1, String.class))))
                .and(implemented());
    }

    /** {@code PooledConnection.getConnection()} (also {@code XAConnection}). */
    static ElementMatcher.Junction<MethodDescription> pooledGetConnection() {
        return named("getConnection").and(takesArguments(0)).and(implemented());
    }

    /** {@code close()} and {@code abort(Executor)}. */
    static ElementMatcher.Junction<MethodDescription> connectionCloseOrAbort() {
        return named("close").and(takesArguments(0))
                .or(named("abort").and(takesArguments(1)).and(takesArgument(0, named("java.util.concurrent.Executor"))))
                .and(implemented());
    }
}
