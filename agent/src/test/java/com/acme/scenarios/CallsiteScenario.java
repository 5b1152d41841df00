package com.acme.scenarios;

import com.acme.dao.OrderDao;
import com.acme.dao.special.AuditDao;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Acquisitions through a method reference, a JDK proxy and DAO helpers, to check which frame is the callsite. */
public final class CallsiteScenario {

    interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = Pools.h2("callsites");
        for (int i = 0; i < 3; i++) {
            withConnection(ds::getConnection);
        }
        DataSource proxied = (DataSource) Proxy.newProxyInstance(CallsiteScenario.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, new ForwardingHandler(ds));
        for (int i = 0; i < 4; i++) {
            try (Connection c = proxied.getConnection()) { // VIA-PROXY
                c.isValid(1);
            }
        }
        for (int i = 0; i < 5; i++) {
            OrderDao.load(ds); // CALLS-ORDER-DAO
        }
        for (int i = 0; i < 6; i++) {
            AuditDao.record(ds); // CALLS-AUDIT-DAO
        }
        Agent.printSnapshot();
    }

    static void withConnection(SqlSupplier<Connection> supplier) throws SQLException {
        try (Connection c = supplier.get()) { // VIA-SUPPLIER
            c.isValid(1);
        }
    }
}
