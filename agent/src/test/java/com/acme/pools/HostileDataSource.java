package com.acme.pools;

import com.acme.scenarios.DelegatingDataSource;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A DataSource with the getters of a pool (so ConnTrack's generic reader reads it) whose getters or
 * {@code toString} misbehave, as a congested or broken pool's can. Connections come from a real H2 source.
 */
public final class HostileDataSource extends DelegatingDataSource {

    /** How it misbehaves. */
    public enum Mode { BLOCK, SLEEP_5S, THROWS, THROWS_SECRET, TO_STRING_BLOCKS }

    /** What THROWS_SECRET puts in its exception's message: it must be found nowhere. */
    public static final String SECRET = "S3cr3tPassw0rd!";

    private final Mode mode;
    private final CountDownLatch never = new CountDownLatch(1);

    public HostileDataSource(Mode mode, DataSource delegate) {
        super(delegate);
        this.mode = mode;
    }

    public String getPoolName() {
        return "hostile\npool";
    }

    public int getMaximumPoolSize() {
        return 5;
    }

    public int getActiveConnections() throws InterruptedException {
        switch (mode) {
            case BLOCK:
                never.await(); // BLOCKS
                return 0;
            case SLEEP_5S:
                Thread.sleep(5000); // SLEEPS
                return 1;
            case THROWS:
                throw new IllegalStateException("pool is shutting down");
            case THROWS_SECRET:
                throw new IllegalStateException("cannot reach jdbc:postgresql://db/app?user=admin&password=" + SECRET
                        + "\n[conntrack] ERROR forged line");
            default:
                return 1;
        }
    }

    public int getIdleConnections() {
        return 2;
    }

    @Override
    public String toString() {
        if (mode == Mode.TO_STRING_BLOCKS) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return "HostileDataSource[" + mode + "]";
    }
}
