package com.acme.compat.scenario;

import com.acme.compat.callsite.CallsiteCases;
import com.acme.compat.callsite.FiftyCallsites;
import com.acme.compat.dao.Db;
import com.acme.compat.dao.Pool;
import com.acme.compat.harness.Probe;
import javax.sql.DataSource;

/**
 * Child JVM. "cases": every {@link CallsiteCases} method over HikariCP + H2, with a snapshot after
 * each. "fifty": {@link FiftyCallsites} through DriverManager (run it with maxCallsites=10).
 */
public final class CallsiteScenario {

    public static void main(String[] args) throws Throwable {
        if (args[0].equals("fifty")) {
            Probe.snapshot("fifty.before");
            FiftyCallsites.run(Db.H2.url);
            Probe.snapshot("fifty.after");
            return;
        }
        DataSource ds = Pool.HIKARI.create(Db.H2);
        CallsiteCases cases = new CallsiteCases(ds);
        for (String name : args[0].split(",")) {
            Probe.snapshot(name + ".before");
            try {
                CallsiteCases.class.getMethod(name).invoke(cases);
            } catch (Exception | Error e) {
                e.printStackTrace();
                Probe.emit(name + ".error", e.toString());
            }
            Probe.snapshot(name + ".after");
        }
        Pool.close(ds);
    }
}
