package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.pools.PoolState;
import io.conntrack.pools.PoolWatch;
import io.conntrack.reclaim.Reclaimer;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Housekeeper;
import io.conntrack.tracking.TrackerListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitor's trigger checks, each round: callsites over {@code limit}, a due pool forecast, the
 * total over {@code totalLimit}, connections the GC found unclosed, and (less often) connections held
 * past {@code holdThreshold}. Each fired trigger becomes a dump request ({@link DumpQueue}). Upkeep
 * thread only.
 */
final class Triggers implements TrackerListener {

    private final Housekeeper housekeeper;
    private final PoolWatch pools;
    private final Config config;
    private final DumpQueue dumps;
    private final List<ConnectionRecord> leaksSeen = new ArrayList<>();
    /** Callsites that passed {@code limit} and wait for a limit dump (held back by dumpInterval). */
    private final Set<Callsite> overLimit = new LinkedHashSet<>();
    /** Forecasts are checked every round while a dump may be written, else once a second. */
    private final Every forecastCheck = new Every(1000);

    private final Reclaimer reclaimer;

    Triggers(Housekeeper housekeeper, PoolWatch pools, Config config, DumpQueue dumps) {
        this(housekeeper, pools, config, dumps, null);
    }

    Triggers(Housekeeper housekeeper, PoolWatch pools, Config config, DumpQueue dumps, Reclaimer reclaimer) {
        this.reclaimer = reclaimer;
        this.housekeeper = housekeeper;
        this.pools = pools;
        this.config = config;
        this.dumps = dumps;
    }

    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        leaksSeen.add(record); // upkeep thread: the housekeeper counts leaks there
    }

    /**
     * Limit first: callsites over their limit are what exhausts a pool. Then a due pool forecast, which
     * names the leaking line too and says how long the pool has left: in a round where it fires, the
     * totalLimit and leak triggers that follow are counted as suppressed (the dump was just asked for).
     */
    void check(long nowNanos) {
        checkLimits();
        if (forecastCheck.due(nowNanos) || dumps.dumpDue()) {
            checkForecasts();
        }
        if (reclaimer != null && dumps.dumpDue()) {
            // one warning per burst of reclaims, when a dump may be written (the burst grows meanwhile); it
            // names the leaking line, so the totalLimit and leak triggers of the same round count as suppressed
            Reclaimer.Burst b = reclaimer.takeBurst();
            if (b != null) {
                dumps.request(new Trigger(Trigger.Type.RECLAIM, b.message, b.callsite, b.count, 0));
            }
        }
        long total = housekeeper.takeOverTotal();
        long givenBack = reclaimer == null ? 0 : reclaimer.reclaimedLost();
        if (total > 0 && total - givenBack <= config.totalLimit) {
            total = 0; // the leaked connections that made it pass were given back to their pools
        }
        if (total > 0) {
            total -= givenBack;
            long leaked = housekeeper.applicationLeaked() - givenBack;
            String what = leaked <= 0 ? "application connections open " + total
                    : "application connections open or leaked " + total + " (" + leaked + " leaked: a pool never gets those back)";
            dumps.request(new Trigger(Trigger.Type.TOTAL_LIMIT, what + " > totalLimit " + config.totalLimit, null, total,
                    config.totalLimit));
        }
        if (!leaksSeen.isEmpty()) {
            int n = leaksSeen.size();
            Map<Callsite, Integer> bySite = new LinkedHashMap<>();
            for (ConnectionRecord r : leaksSeen) {
                bySite.merge(r.callsite(), 1, Integer::sum);
            }
            leaksSeen.clear();
            // in the ranking's order (most leaked so far, then by name), so the dump's #1 is the one named first
            List<Callsite> sites = new ArrayList<>(bySite.keySet());
            sites.sort(Comparator.comparingLong(Callsite::leakedCount).reversed().thenComparing(c -> c.frame));
            Callsite first = sites.get(0);
            String msg;
            if (n == 1) {
                msg = "a connection from " + first.frame + " was garbage-collected without close()";
            } else if (sites.size() == 1) {
                msg = n + " connections from " + first.frame + " were garbage-collected without close()";
            } else {
                StringBuilder b = new StringBuilder().append(n).append(" connections were garbage-collected without close():");
                for (int i = 0; i < sites.size(); i++) {
                    b.append(i == 0 ? " " : ", ").append(bySite.get(sites.get(i))).append(" from ").append(sites.get(i).frame);
                }
                msg = b.toString();
            }
            dumps.request(new Trigger(Trigger.Type.LEAK, msg, first.frame, n, 0));
        }
    }

    /**
     * A pool losing connections (at least two in the last 5 minutes: a trend, not one event) whose
     * exhaustion forecast is under {@code forecastHorizon}: one warning and a dump, rate-limited as every
     * trigger, again at each new loss; one held back by the rate limit is asked for again until it gets
     * through. A pool's first loss is a leak dump; the forecast follows.
     */
    private void checkForecasts() {
        for (PoolState p : pools.forecastsUnder(config.forecastHorizonMillis)) {
            if (dumps.request(new Trigger(Trigger.Type.FORECAST, p.forecast, p.topLossCallsite, Math.round(p.exhaustionSeconds),
                    config.forecastHorizonMillis / 1000))) {
                pools.warned(p);
            }
        }
    }

    /**
     * Every callsite that passed {@code limit} reaches a limit dump: those that passed it since the last
     * round, and those waiting because dumps were held back by {@code dumpInterval}, go into the next
     * limit dump together, the one open most first (it is the trigger's callsite).
     */
    private void checkLimits() {
        overLimit.addAll(housekeeper.takeOverLimit());
        if (overLimit.isEmpty() || !dumps.dumpDue()) {
            return;
        }
        List<Callsite> sites = new ArrayList<>(overLimit);
        overLimit.clear();
        long[] open = new long[sites.size()];
        Integer[] order = new Integer[sites.size()];
        for (int i = 0; i < open.length; i++) {
            open[i] = sites.get(i).openWhenOverLimit(); // as it passed: the dump says what is left of them now
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(open[y], open[x])); // stable: ties in the order they passed
        StringBuilder msg = new StringBuilder();
        for (Integer i : order) {
            msg.append(msg.length() == 0 ? "" : "; ").append("callsite ").append(sites.get(i).frame)
                    .append(" open ").append(open[i]).append(" > limit ").append(config.limit);
        }
        Callsite top = sites.get(order[0]);
        dumps.request(new Trigger(Trigger.Type.LIMIT, msg.toString(), top.frame, open[order[0]], config.limit));
    }

    void checkHolds(long nowNanos) {
        // While dumps are held back by dumpInterval, look without consuming: the connections still
        // held when the next dump is due are reported then, in a dump that shows them.
        List<ConnectionRecord> held = housekeeper.newlyHeldTooLong(dumps.dumpDue());
        if (held.isEmpty()) {
            return;
        }
        ConnectionRecord oldest = held.get(0);
        for (ConnectionRecord r : held) {
            if (r.acquiredNanos() < oldest.acquiredNanos()) {
                oldest = r;
            }
        }
        long ageMillis = (nowNanos - oldest.acquiredNanos()) / 1_000_000;
        dumps.request(new Trigger(Trigger.Type.HOLD, held.size() + " connection(s) held longer than holdThreshold "
                + DumpText.duration(config.holdThresholdMillis) + "; the oldest for " + DumpText.duration(ageMillis)
                + " from " + oldest.callsite().frame + " by \"" + oldest.threadName() + "\"",
                oldest.callsite().frame, ageMillis, config.holdThresholdMillis));
    }
}
