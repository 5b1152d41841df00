package com.acme.compat.scenario;

import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.framework.Framework;
import com.acme.compat.framework.FrameworkDao;
import com.acme.compat.harness.Probe;
import com.acme.compat.harness.WorkloadChecks;
import io.conntrack.testsupport.SourceLines;
import javax.sql.DataSource;

/** Child JVM: each framework over its own HikariCP + H2 pool: N correct borrows, then one planted leak. Args: N */
public final class FrameworkScenario {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        for (Framework f : Framework.values()) {
            String k = f.name();
            Probe.snapshot(k + ".before");
            DataSource ds = Pool.HIKARI.create(Db.H2); // a planted leak costs its pool a connection for good
            try {
                FrameworkDao dao = f.factory.apply(ds);
                for (int i = 0; i < n; i++) {
                    dao.borrow();
                }
                Probe.snapshot(k + ".work");
                String leakSite = SourceLines.frame(f.dao, "leak", "// LEAK");
                long leakedBefore = Probe.leakedAt(leakSite);
                dao.leak();
                Probe.emit(k + ".leakFound", Probe.awaitLeaked(leakSite, leakedBefore + 1, WorkloadChecks.LEAK_FOUND_MILLIS));
                Probe.snapshot(k + ".leak");
            } catch (Exception | Error e) {
                e.printStackTrace();
                Probe.emit(k + ".error", e.toString());
            } finally {
                Pool.close(ds);
            }
        }
    }
}
