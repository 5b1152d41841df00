package com.acme.compat.scenario;

import com.acme.compat.dao.AccountDao;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.Probe;
import com.acme.compat.harness.WorkloadChecks;
import io.conntrack.testsupport.SourceLines;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Child JVM: for one database and each pool given, N correct borrows then one planted leak, with a
 * snapshot before, after the workload, and after the leak was found. Args: DB POOL[,POOL...] N
 */
public final class DriverPoolScenario {

    /** Pools stay reachable to the end: a collected pool would turn its physical connections into leaks. */
    private static final List<DataSource> KEEP = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Db db = Db.valueOf(args[0]);
        int n = Integer.parseInt(args[2]);
        String leakSite = SourceLines.frame(AccountDao.class, "pingAndForget", "// LEAK");
        for (String name : args[1].split(",")) {
            Pool pool = Pool.valueOf(name);
            String k = db + "." + pool;
            try {
                long appOpenBefore = Probe.appOpen();
                Probe.snapshot(k + ".before");
                DataSource ds = pool.create(db);
                KEEP.add(ds);
                AccountDao dao = new AccountDao(ds, db);
                for (int i = 0; i < n; i++) {
                    dao.ping();
                }
                Probe.snapshot(k + ".work");
                long leakedBefore = Probe.leakedAt(leakSite);
                dao.pingAndForget();
                boolean found = Probe.awaitLeaked(leakSite, leakedBefore + 1,
                        WorkloadChecks.gcCannotSee(db, pool) ? WorkloadChecks.LEAK_UNSEEN_MILLIS : WorkloadChecks.LEAK_FOUND_MILLIS);
                Probe.emit(k + ".leakFound", found);
                if (!found) { // still reachable from the pool or driver: what a dump shows about it
                    Probe.emitRaw(k + ".leakDump", Probe.dump("leak not collected"));
                }
                Probe.snapshot(k + ".leak");
                if (ds != null) {
                    Pool.close(ds);
                }
                Probe.settle(appOpenBefore, 3_000);
                Probe.snapshot(k + ".closed");
            } catch (Exception | Error e) {
                e.printStackTrace();
                Probe.emit(k + ".error", e.toString());
            }
        }
        System.gc();
        Thread.sleep(300);
        Probe.snapshot("end");
    }
}
