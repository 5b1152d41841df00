package com.acme.compat.callsite;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.aop.framework.ProxyFactory;

/**
 * Application code that reaches getConnection() through lambdas, proxies, reflection and method
 * handles. Each case acquires and closes {@link #TIMES} connections; the line whose end names the
 * case is where the callsite must be.
 */
public final class CallsiteCases {

    public static final int TIMES = 20;
    private final DataSource ds;

    public CallsiteCases(DataSource ds) {
        this.ds = ds;
    }

    public void lambdaInALoop() {
        IntStream.range(0, TIMES).forEach(i -> {
            try (Connection c = ds.getConnection()) { // LAMBDA_LOOP
                c.getAutoCommit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    interface Opener {
        Connection open() throws SQLException;
    }

    /** The method reference's hidden class calls getConnection; the line calling it is the callsite. */
    public void methodReference() throws Exception {
        Opener o = ds::getConnection;
        for (int i = 0; i < TIMES; i++) {
            o.open().close(); // METHOD_REF
        }
    }

    /** A lambda body that acquires: its line is the callsite, whatever the synthetic method is called. */
    public void lambdaBody() throws Exception {
        Supplier<Connection> s = () -> {
            try {
                return ds.getConnection(); // LAMBDA_BODY
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (int i = 0; i < TIMES; i++) {
            s.get().close();
        }
    }

    public void jdkProxy() throws Exception {
        DataSource proxy = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, args) -> m.invoke(ds, args));
        for (int i = 0; i < TIMES; i++) {
            proxy.getConnection().close(); // JDK_PROXY
        }
    }

    public void springCglibProxy() throws Exception {
        ProxyFactory f = new ProxyFactory(ds);
        f.setProxyTargetClass(true);
        f.addAdvice((org.aopalliance.intercept.MethodInterceptor) inv -> inv.proceed());
        DataSource proxy = (DataSource) f.getProxy();
        for (int i = 0; i < TIMES; i++) {
            proxy.getConnection().close(); // CGLIB_PROXY
        }
    }

    public void reflection() throws Exception {
        Method m = DataSource.class.getMethod("getConnection");
        for (int i = 0; i < TIMES; i++) {
            ((Connection) m.invoke(ds)).close(); // REFLECTION
        }
    }

    public void methodHandle() throws Throwable {
        MethodHandle h = MethodHandles.publicLookup()
                .findVirtual(DataSource.class, "getConnection", MethodType.methodType(Connection.class));
        for (int i = 0; i < TIMES; i++) {
            ((Connection) h.invoke(ds)).close(); // METHOD_HANDLE
        }
    }

    /**
     * A method already running when call-site marking retransforms its class (for a callsite of
     * another method), then reaching its own first callsite.
     */
    public void secondCallsiteAfterRetransform() throws Exception {
        long handled = com.acme.compat.harness.Probe.markedCount();
        borrowElsewhere();
        com.acme.compat.harness.Probe.awaitMarkingIdle(handled + 1, 3_000);
        ds.getConnection().close(); // AFTER_RETRANSFORM
    }

    private void borrowElsewhere() throws SQLException {
        ds.getConnection().close(); // BEFORE_RETRANSFORM
    }
}
